import type { projectsApi } from '../../shared/api/projects'
import type { RouteHandlers } from '../router'
import type { ProjectsService } from './projects'

export function projectsRoutes(projects: ProjectsService): RouteHandlers<keyof typeof projectsApi> {
  return {
    'project.list': () => projects.list(),
    'project.create': ({ name }) => projects.create(name),
    'project.open': ({ path }) => projects.open(path)
  }
}
