import type { appApi } from '../../shared/api/app'
import type { ToolStatus } from '../../shared/contract'
import type { ProjectsService } from '../projects/projects'
import type { RouteHandlers } from '../router'

type Folders = { dataDir: string; modelsDir: string; cacheDir: string }

export function appRoutes(deps: { version: string; folders: Folders; tools: () => ToolStatus; projects: ProjectsService }): RouteHandlers<keyof typeof appApi> {
  return {
    'app.info': () => ({
      version: deps.version,
      tools: deps.tools(),
      project: deps.projects.lastOpened?.info() ?? null,
      ...deps.folders,
      platform: process.platform
    })
  }
}
