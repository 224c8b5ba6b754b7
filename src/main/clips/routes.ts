import path from 'node:path'
import type { ImportReport, ImportSource, ToolStatus } from '../shared/contract'
import type { LlamaBinary } from './inference/llamaBinary'
import type { JobsService } from './jobs/jobsService'
import { modelHandlers } from './models/handlers'
import type { ModelsService } from './models/modelsService'
import { createOutputHandlers, type OutputServices } from './outputServices'
import { reviewHandlers } from './review/handlers'
import type { ReviewService } from './review/reviewService'
import type { Handlers } from './router'
import type { CaptionsService } from './services/captions'
import type { LibraryService } from './services/library'
import type { ProjectsService } from './services/projects'

export interface Services {
  version: string
  dataDir: string
  projects: ProjectsService
  captions: CaptionsService
  library: LibraryService
  tools: () => ToolStatus
  importClips: (source: ImportSource) => Promise<ImportReport>
  jobs: JobsService
  llamaServer: () => LlamaBinary
  review: ReviewService
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
      project: projects.lastOpened?.info() ?? null,
      dataDir: services.dataDir
    }),
    'project.list': () => projects.list(),
    'project.create': ({ name }) => projects.create(name),
    'project.open': ({ path }) => projects.open(path),
    'clips.import': (source) => services.importClips(source),
    'clips.list': (query) => projects.require().library.list(query),
    'clips.counts': (filter) => projects.require().library.counts(filter),
    'clips.ids': (query) => projects.require().library.ids(query),
    'clips.facets': () => projects.require().library.facets(),
    'clips.bulkStatus': (change) => services.library.bulkStatus(change),
    'clips.byPath': ({ paths }) => {
      const store = projects.require()
      return paths.map((p) => ({ path: p, clipId: store.clips.byPath(path.resolve(p))?.id ?? null }))
    },
    'clips.get': ({ id }) => captions.get(id),
    'captions.save': (input) => captions.save(input),
    'captions.history': ({ clipId }) => captions.history(clipId),
    ...reviewHandlers(services.review),
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
