import type { appApi } from '../../shared/api/app'
import type { ToolStatus } from '../../shared/contract'
import type { ProjectsService } from '../projects/projects'
import type { RouteHandlers } from '../router'

export function appRoutes(deps: { version: string; dataDir: string; tools: () => ToolStatus; projects: ProjectsService }): RouteHandlers<keyof typeof appApi> {
  return {
    'app.info': () => ({
      version: deps.version,
      tools: deps.tools(),
      project: deps.projects.lastOpened?.info() ?? null,
      dataDir: deps.dataDir,
      platform: process.platform
    })
  }
}
