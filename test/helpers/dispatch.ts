// Calls into the real app the way a transport does, for tests and benches that drive it without HTTP.
// No vitest or fixtures imports here: the benches import this file too.
import type { Route, RouteInput, RouteOutput } from '../../src/shared/contract'
import type { ApiErrorShape } from '../../src/shared/errors'
import type { JobInfo } from '../../src/shared/jobs'
import type { StudioApp } from '../../src/main/app'

/** The route's output, or a thrown Error naming the route, the error code and message. */
export async function call<R extends Route>(app: StudioApp, route: R, input: RouteInput<R>): Promise<RouteOutput<R>> {
  const result = await app.dispatch(route, input)
  if (!result.ok) throw new Error(`${route} failed: ${result.error.code}: ${result.error.message}`)
  return result.data as RouteOutput<R>
}

/** The error a call that must fail returns (untyped input, so invalid input can be sent). */
export async function fail(app: StudioApp, route: string, input: unknown): Promise<ApiErrorShape> {
  const result = await app.dispatch(route, input)
  if (result.ok) throw new Error(`${route} should have failed`)
  return result.error
}

export const finished = (job: JobInfo) => job.state !== 'running' && job.state !== 'queued'

/** Resolves with the first job.progress event (or current state) that satisfies `until`. */
export function waitForJob(app: StudioApp, jobId: number, until: (job: JobInfo) => boolean = finished, timeoutMs = 120_000): Promise<JobInfo> {
  return new Promise((resolve, reject) => {
    let last: JobInfo | undefined
    const check = (job: JobInfo) => {
      last = job
      if (!until(job)) return
      clearTimeout(timer)
      stop()
      resolve(job)
    }
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`job ${jobId} did not get there within ${timeoutMs} ms; last seen: ${JSON.stringify(last)}`))
    }, timeoutMs)
    const stop = app.bus.subscribe((event, payload) => {
      if (event === 'job.progress' && (payload as JobInfo).id === jobId) check(payload as JobInfo)
    })
    // the job may already be there
    void app.dispatch('jobs.list', {}).then((r) => {
      const job = r.ok ? (r.data as JobInfo[]).find((j) => j.id === jobId) : undefined
      if (job) check(job)
    })
  })
}
