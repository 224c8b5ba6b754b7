import type { jobsApi } from '../../shared/api/jobs'
import type { LlamaBinary } from '../inference/llamaBinary'
import type { Roots } from '../roots/roots'
import type { RouteHandlers } from '../router'
import type { JobsService } from './jobsService'

export function jobsRoutes(deps: { jobs: JobsService; llamaServer: () => LlamaBinary; roots: Roots }): RouteHandlers<keyof typeof jobsApi> {
  const { jobs } = deps
  return {
    'engine.status': () => {
      const found = deps.llamaServer()
      return { llamaServer: found.path, source: found.source, problem: found.problem }
    },
    'prelabel.start': (input) => {
      // llama-server reads these files: only from the models folder
      const local = input.engine.local
      if (local) for (const file of [local.model, local.mmproj]) deps.roots.resolve('models', file)
      return jobs.startPrelabel(input)
    },
    'jobs.list': () => jobs.list(),
    'jobs.pause': ({ id }) => jobs.pause(id),
    'jobs.resume': ({ id }) => jobs.resume(id),
    'jobs.cancel': ({ id }) => jobs.cancel(id)
  }
}
