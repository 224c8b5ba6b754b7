import type { appApi } from '../../shared/api/app'
import type { ToolStatus } from '../../shared/contract'
import { currentCaller } from '../people/caller'
import type { ProjectsService } from '../projects/projects'
import type { RouteHandlers } from '../router'

type Folders = { dataDir: string; modelsDir: string; cacheDir: string }

export function appRoutes(deps: { version: string; folders: Folders; tools: () => ToolStatus; projects: ProjectsService }): RouteHandlers<keyof typeof appApi> {
  return {
    'app.info': () => {
      // a person's page shows their own project, whatever the host opened last
      const caller = currentCaller()
      const project = caller.kind === 'person' ? deps.projects.find(caller.project ?? '') : deps.projects.lastOpened
      return { version: deps.version, tools: deps.tools(), project: project?.info() ?? null, ...deps.folders, platform: process.platform }
    }
  }
}
