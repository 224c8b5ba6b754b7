// Calls into the real app the way a transport does, for tests and benches that drive it without HTTP.
// No vitest or fixtures imports here: the benches import this file too.
import { isProjectRoute, type OwnInput, type ProjectInfo, type Route, type RouteOutput } from '../../src/shared/contract'
import type { ProjectRef } from '../../src/shared/project'
import type { ApiErrorShape } from '../../src/shared/errors'
import type { JobInfo } from '../../src/shared/jobs'
import type { StudioApp } from '../../src/main/app'

// Like a page, a test works on the project it created or opened last on that app (or, before
// any, the one the app opened at start), unless the input names another.
const projectOf = new WeakMap<StudioApp, string>()

/** The project a test works in on this app: the one it created or opened last, else the app's start project. */
async function currentProject(app: StudioApp): Promise<string | undefined> {
  const remembered = projectOf.get(app)
  if (remembered) return remembered
  const info = await app.dispatch('app.info', {})
  return info.ok ? (info.data as { project: ProjectInfo | null }).project?.id : undefined
}

async function withProject(app: StudioApp, route: string, input: unknown): Promise<unknown> {
  if (!isProjectRoute(route as Route) || (input && typeof input === 'object' && 'project' in input)) return input
  const project = await currentProject(app)
  return project ? { ...(input as object), project } : input
}

function remember(app: StudioApp, route: string, data: unknown): void {
  if (route === 'project.create' || route === 'project.open') projectOf.set(app, (data as ProjectInfo).id)
}

/** The route's output, or a thrown Error naming the route, the error code and message. */
export async function call<R extends Route>(app: StudioApp, route: R, input: OwnInput<R> & Partial<ProjectRef>): Promise<RouteOutput<R>> {
  const result = await app.dispatch(route, await withProject(app, route, input))
  if (!result.ok) throw new Error(`${route} failed: ${result.error.code}: ${result.error.message}`)
  remember(app, route, result.data)
  return result.data as RouteOutput<R>
}

/** The error a call that must fail returns (untyped input, so invalid input can be sent). */
export async function fail(app: StudioApp, route: string, input: unknown): Promise<ApiErrorShape> {
  const result = await app.dispatch(route, await withProject(app, route, input))
  if (result.ok) throw new Error(`${route} should have failed`)
  return result.error
}

export const finished = (job: JobInfo) => job.state !== 'running' && job.state !== 'queued'

/** Resolves with the first job.progress event (or current state) of this job of the test's project that satisfies `until`. */
export async function waitForJob(app: StudioApp, jobId: number, until: (job: JobInfo) => boolean = finished, timeoutMs = 120_000): Promise<JobInfo> {
  // job ids restart at 1 in every project
  const project = await currentProject(app)
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
      const job = payload as JobInfo & ProjectRef
      if (event === 'job.progress' && job.id === jobId && job.project === project) check(job)
    })
    // the job may already be there
    void call(app, 'jobs.list', {}).then(
      (jobs) => {
        const job = jobs.find((j) => j.id === jobId)
        if (job) check(job)
      },
      () => undefined
    )
  })
}
