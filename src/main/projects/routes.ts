import type { projectsApi } from '../../shared/api/projects'
import type { Roots } from '../roots/roots'
import type { RouteHandlers } from '../router'
import { backupProject } from './backup'
import type { ProjectsService } from './projects'

export function projectsRoutes(projects: ProjectsService, roots: Roots, served: Iterable<string>): RouteHandlers<keyof typeof projectsApi> {
  return {
    'project.list': () => projects.list(),
    'project.create': ({ name }) => projects.create(name),
    'project.open': ({ path }) => projects.open(path),
    'project.backup': ({ folder }) => backupProject(projects.require(), roots, served, folder)
  }
}
