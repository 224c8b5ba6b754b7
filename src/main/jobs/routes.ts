import type { jobsApi } from '../../shared/api/jobs'
import type { EndpointPolicy } from '../inference/endpointPolicy'
import type { LlamaBinary } from '../inference/llamaBinary'
import type { Roots } from '../roots/roots'
import type { RouteHandlers } from '../router'
import type { JobsService } from './jobsService'

export function jobsRoutes(deps: {
  jobs: JobsService
  policy: EndpointPolicy
  llamaServer: () => LlamaBinary
  roots: Roots
}): RouteHandlers<keyof typeof jobsApi> {
  const { jobs, policy } = deps
  return {
    'engine.status': () => {
      const found = deps.llamaServer()
      const endpoints = { configured: policy.list(), onlyConfigured: policy.onlyConfigured }
      return { llamaServer: found.path, source: found.source, problem: found.problem, endpoints }
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
