import type { jobsApi } from '../../shared/api/jobs'
import type { EndpointPolicy } from '../inference/endpointPolicy'
import type { LlamaBinary } from '../inference/llamaBinary'
import type { RouteHandlers } from '../router'
import type { JobsService } from './jobsService'

export function jobsRoutes(deps: { jobs: JobsService; policy: EndpointPolicy; llamaServer: () => LlamaBinary }): RouteHandlers<keyof typeof jobsApi> {
  const { jobs, policy } = deps
  return {
    'engine.status': () => {
      const found = deps.llamaServer()
      const endpoints = { configured: policy.list(), onlyConfigured: policy.onlyConfigured }
      return { llamaServer: found.path, source: found.source, problem: found.problem, endpoints }
    },
    'prelabel.start': (input) => jobs.startPrelabel(input),
    'jobs.list': () => jobs.list(),
    'jobs.pause': ({ id }) => jobs.pause(id),
    'jobs.resume': ({ id }) => jobs.resume(id),
    'jobs.cancel': ({ id }) => jobs.cancel(id)
  }
}
