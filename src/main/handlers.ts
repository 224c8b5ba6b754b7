import type { ImportReport, ImportSource, ToolStatus } from '../shared/contract'
import type { Handlers } from './router'
import type { CaptionsService } from './services/captions'
import type { ProjectsService } from './services/projects'

export interface Services {
  version: string
  dataDir: string
  projects: ProjectsService
  captions: CaptionsService
  tools: () => ToolStatus
  importClips: (source: ImportSource) => Promise<ImportReport>
}

/** Route → service call. Thin on purpose: validation is the router's, logic the services'. */
export function createHandlers(services: Services) {
  const { projects, captions } = services
  return {
    'app.info': () => ({
      version: services.version,
      tools: services.tools(),
      project: projects.current?.info() ?? null,
      dataDir: services.dataDir
    }),
    'project.list': () => projects.list(),
    'project.create': ({ name }) => projects.create(name),
    'project.open': ({ path }) => projects.open(path),
    'clips.import': (source) => services.importClips(source),
    'clips.list': (query) => projects.require().library.list(query),
    'clips.counts': () => projects.require().library.counts(),
    'clips.get': ({ id }) => captions.get(id),
    'captions.save': (input) => captions.save(input),
    'captions.history': ({ clipId }) => captions.history(clipId)
  } satisfies Handlers
}
