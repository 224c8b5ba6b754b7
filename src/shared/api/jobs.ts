import { z } from 'zod'
import { JobInfo, PrelabelStart } from '../jobs'

const empty = z.object({}).strict()

/** Pre-labeling jobs and the llama-server they run on. */
export const jobsApi = {
  'engine.status': {
    input: empty,
    output: z.object({
      llamaServer: z.string().nullable(),
      source: z.string().nullable(),
      problem: z.string().nullable(),
      /** The operator's endpoints to pick from; onlyConfigured: no other is accepted (a host others can reach). */
      endpoints: z.object({ configured: z.array(z.string()), onlyConfigured: z.boolean() })
    })
  },
  'prelabel.start': { input: PrelabelStart, output: JobInfo },
  'jobs.list': { input: empty, output: z.array(JobInfo) },
  'jobs.pause': { input: z.object({ id: z.number().int() }), output: JobInfo },
  'jobs.resume': { input: z.object({ id: z.number().int() }), output: JobInfo },
  'jobs.cancel': { input: z.object({ id: z.number().int() }), output: JobInfo }
} as const

/** Project-scoped: the contract adds the project. */
export type JobEvents = {
  'job.progress': JobInfo
}
