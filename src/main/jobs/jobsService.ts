import { ApiError } from '../../shared/errors'
import type { JobInfo, JobProgress, PrelabelStart } from '../../shared/jobs'
import type { EndpointPolicy } from '../inference/endpointPolicy'
import { currentCaller } from '../people/caller'
import type { ProjectsService } from '../projects/projects'
import { nowIso } from '../store/json'
import type { Job } from '../store/jobs'
import type { ProjectStore } from '../store/project'
import { prelabelWork, type PrelabelKindDeps } from './prelabelKind'
import { withRate } from './rate'
import { JobRunner, type JobWork } from './runner'
import { speedWork } from './speedKind'

export interface JobsDeps extends Omit<PrelabelKindDeps, 'onStage'> {
  projects: ProjectsService
  /** Which endpoints a job may be started on. */
  policy: EndpointPolicy
}

/** A job whose start (model load, endpoint check) failed or never ended this many times in a row is not resumed at host start. */
export const MAX_START_FAILURES = 3

/** A job kind (pre-labeling, fusion): what a stored job does with each of its items. */
export interface JobKind {
  work(store: ProjectStore, job: Job): JobWork<unknown, unknown>
}

const runKey = (project: string, jobId: number) => `${project}:${jobId}`

/** Starts, pauses, resumes and cancels batch jobs; resumes the ones a crash interrupted. */
export class JobsService {
  /** Running jobs by project id and job id: job ids restart at 1 in every project. */
  private runs = new Map<string, JobRunner>()
  private kinds = new Map<string, JobKind>()
  /** Stage times by project id and job id, like runs. */
  private stats = new Map<string, Record<string, number[]>>()
  private closing = false

  constructor(private readonly deps: JobsDeps) {
    const onStage = (store: ProjectStore) => (jobId: number, stage: string, ms: number) => {
      const times = this.stats.get(runKey(store.id, jobId)) ?? {}
      ;(times[stage] ??= []).push(ms)
      this.stats.set(runKey(store.id, jobId), times)
    }
    this.register('prelabel', { work: (store, job) => prelabelWork({ ...deps, onStage: onStage(store) }, store, job) })
    this.register('speed', { work: (store, job) => speedWork(deps, store, job) })
  }

  async startPrelabel(input: PrelabelStart): Promise<JobInfo> {
    for (const endpoint of input.engine.endpoints) await this.deps.policy.admit(endpoint.url)
    const store = this.deps.projects.require()
    const clipIds = input.scope === 'selected' ? input.clipIds : store.jobItems.candidates(input.scope)
    if (clipIds.length === 0) {
      throw new ApiError('invalid_input', input.scope === 'unlabeled' ? 'Every readable clip already has a pre-label' : 'No clips selected')
    }
    this.deps.engines.pool(input.engine) // fail now, not in the background, if the engine cannot be set up
    return this.startJob('prelabel', { engine: input.engine, scope: input.scope }, clipIds)
  }

  register(kind: string, impl: JobKind): void {
    this.kinds.set(kind, impl)
  }

  /** Creates a job of a registered kind over these clips and starts it. */
  startJob(kind: string, params: Record<string, unknown>, clipIds: number[]): JobInfo {
    if (!this.kinds.has(kind)) throw new ApiError('internal', `No job kind "${kind}"`)
    const store = this.deps.projects.require()
    // check before the job exists: a clip id twice or one the project lacks would leave it half made
    const ids = [...new Set(clipIds)]
    for (const id of ids) store.clips.require(id)
    const job = store.jobs.create(kind, params, nowIso(), currentCaller().name)
    store.jobItems.add(job.id, ids)
    this.launch(store, job.id)
    return this.info(store, job.id)
  }

  pause(id: number): JobInfo {
    const store = this.deps.projects.require()
    this.runs.get(runKey(store.id, id))?.pause()
    return this.info(store, id)
  }

  cancel(id: number): JobInfo {
    const store = this.deps.projects.require()
    const run = this.runs.get(runKey(store.id, id))
    if (run) run.cancel()
    else this.setState(store, id, 'cancelled')
    return this.info(store, id)
  }

  resume(id: number): JobInfo {
    const store = this.deps.projects.require()
    const job = store.jobs.get(id)
    if (!job) throw new ApiError('not_found', `No job ${id}`)
    // done and cancelled are final: a cancelled job must not start again behind the user's back
    if (!this.runs.has(runKey(store.id, id)) && job.state !== 'done' && job.state !== 'cancelled') this.launch(store, id)
    return this.info(store, id)
  }

  list(): JobInfo[] {
    const store = this.deps.projects.require()
    return store.jobs.recent(20).map((job) => this.info(store, job.id))
  }

  /** After a crash or restart: the project's jobs that were running continue where their items stopped. */
  resumeInterrupted(store: ProjectStore): void {
    for (const job of store.jobs.withState('running')) {
      if (!this.kinds.has(job.kind) || this.runs.has(runKey(store.id, job.id))) continue
      if (job.startFailures >= MAX_START_FAILURES) {
        // e.g. a model file that wedges its loader: resuming it at every start would wedge every start
        const why = `Not resumed: its last ${job.startFailures} starts failed or never finished (loading the model, checking the endpoints). Fix that, then resume it.`
        this.setState(store, job.id, 'failed', why)
        continue
      }
      try {
        this.launch(store, job.id)
      } catch (err) {
        // a job that cannot restart (engine gone, bad settings) must not stop the app from starting
        this.setState(store, job.id, 'failed', `Could not resume: ${(err as Error).message}`)
      }
    }
  }

  /** Lets running jobs stop at a clip boundary; the state stays 'running' so they resume at start. */
  stopAll(): void {
    this.closing = true
    for (const run of this.runs.values()) run.cancel()
  }

  private launch(store: ProjectStore, jobId: number): void {
    const job = store.jobs.get(jobId)
    if (!job) throw new ApiError('not_found', `No job ${jobId}`)
    const kind = this.kinds.get(job.kind)
    if (!kind) throw new ApiError('internal', `No job kind "${job.kind}"`)
    // counted before anything of the kind runs, so a start the host dies in counts too
    store.jobs.setStartFailures(jobId, job.startFailures + 1)
    const work = kind.work(store, job)
    const run = new JobRunner({
      items: store.jobItems,
      jobId,
      work,
      onProgress: (progress) => this.emit(store, jobId, progress),
      onStarted: () => this.closing || store.jobs.setStartFailures(jobId, 0)
    })
    this.runs.set(runKey(store.id, jobId), run)
    this.setState(store, jobId, 'running')
    // forget the run before announcing its end: a resume sent on hearing 'paused' must start it again
    const finish = (state: JobInfo['state'], error: string | null = null) => {
      this.runs.delete(runKey(store.id, jobId))
      if (!this.closing) this.setState(store, jobId, state, error)
    }
    run.run().then(
      (end) => finish(end),
      (err: Error) => finish('failed', err.message)
    )
  }

  /** Per-stage milliseconds of a project's job's runs in this process, for benchmarks and the log. */
  stageTimes(project: string, jobId: number): Record<string, number[]> {
    return this.stats.get(runKey(project, jobId)) ?? {}
  }

  private setState(store: ProjectStore, jobId: number, state: JobInfo['state'], error: string | null = null): void {
    const job = store.jobs.get(jobId)
    if (!job) return
    store.jobs.update(jobId, { state, progress: job.progress, error }, nowIso())
    this.deps.bus.emit('job.progress', { project: store.id, ...this.info(store, jobId) })
  }

  private emit(store: ProjectStore, jobId: number, progress: JobProgress): void {
    const job = store.jobs.get(jobId)
    if (!job) return
    store.jobs.update(jobId, { state: job.state, progress, error: job.error }, nowIso())
    this.deps.bus.emit('job.progress', { project: store.id, ...this.info(store, jobId) })
  }

  private info(store: ProjectStore, jobId: number): JobInfo {
    const job = store.jobs.get(jobId)
    if (!job) throw new ApiError('not_found', `No job ${jobId}`)
    // the rate of the last progress event, the pending count of now
    const rate = typeof job.progress.clipsPerMinute === 'number' ? job.progress.clipsPerMinute : null
    return {
      id: job.id,
      kind: job.kind,
      state: job.state,
      error: job.error,
      progress: withRate(store.jobItems.counts(jobId), rate),
      failures: store.jobItems.failures(jobId, 50),
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
      startedBy: job.startedBy
    }
  }
}
