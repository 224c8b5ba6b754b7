import path from 'node:path'
import type { ImportReport, ImportSource, ToolStatus } from '../shared/contract'
import type { LlamaBinary } from './inference/llamaBinary'
import type { JobsService } from './jobs/jobsService'
import { modelHandlers } from './models/handlers'
import type { ModelsService } from './models/modelsService'
import { createOutputHandlers, type OutputServices } from './outputServices'
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
  jobs: JobsService
  llamaServer: () => LlamaBinary
  models: ModelsService
  output: OutputServices
}

/** Route → service call. Thin on purpose: validation is the router's, logic the services'. */
export function createHandlers(services: Services) {
  const { projects, captions, jobs } = services
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
    'clips.byPath': ({ paths }) => {
      const store = projects.require()
      return paths.map((p) => ({ path: p, clipId: store.clips.byPath(path.resolve(p))?.id ?? null }))
    },
    'clips.get': ({ id }) => captions.get(id),
    'captions.save': (input) => captions.save(input),
    'captions.history': ({ clipId }) => captions.history(clipId),
    'engine.status': () => {
      const found = services.llamaServer()
      return { llamaServer: found.path, source: found.source, problem: found.problem }
    },
    'prelabel.start': (input) => jobs.startPrelabel(input),
    'jobs.list': () => jobs.list(),
    'jobs.pause': ({ id }) => jobs.pause(id),
    'jobs.resume': ({ id }) => jobs.resume(id),
    'jobs.cancel': ({ id }) => jobs.cancel(id),
    ...createOutputHandlers(services.output),
    ...modelHandlers(services.models)
  } satisfies Handlers
}
