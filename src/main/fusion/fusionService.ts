import { z } from 'zod'
import { ApiError } from '../../shared/errors'
import type { JobInfo } from '../../shared/jobs'
import { FusionEngine, FusionTask, type FusionCaption, type FusionSave, type FusionStart } from '../../shared/output'
import type { EventBus } from '../events'
import type { JobsService } from '../jobs/jobsService'
import type { JobWork } from '../jobs/runner'
import type { ProjectsService } from '../projects/projects'
import type { NewFusionCaption } from '../store/fusionCaptions'
import type { ProjectStore } from '../store/project'
import type { FusionEngines } from './engines'
import { fusionWork } from './fusionKind'
import { fusionSource } from './fusionStore'

/** What a fusion job keeps in jobs.params_json, re-read on resume. */
const FusionParams = z.object({ engine: FusionEngine, tasks: z.array(FusionTask).min(1), augmentSeed: z.number().int().nullable() })

/** Fusion jobs (kind 'fusion' in the shared job system), reading fusion captions, and human edits of them. */
export class FusionService {
  constructor(private readonly deps: { projects: ProjectsService; bus: EventBus; jobs: JobsService; engines: FusionEngines }) {
    deps.jobs.register('fusion', { work: (store, job) => this.work(store, job.id, job.params) })
  }

  async start(input: FusionStart): Promise<JobInfo> {
    await this.deps.engines.admit(input.engine)
    const store = this.deps.projects.require()
    const clipIds = input.scope === 'selected' ? input.clipIds : store.fusion.candidates(input.scope, input.tasks)
    if (clipIds.length === 0) {
      throw new ApiError('invalid_input', input.scope === 'missing' ? 'Every approved clip already has its fusion captions' : 'No clips to fuse')
    }
    this.deps.engines.check(input.engine)
    return this.deps.jobs.startJob('fusion', { engine: input.engine, tasks: input.tasks, augmentSeed: input.augmentSeed, scope: input.scope }, clipIds)
  }

  get(clipId: number): { t2v: FusionCaption | null; i2v: FusionCaption | null } {
    const store = this.deps.projects.require()
    store.clips.require(clipId)
    return { t2v: store.fusion.latest(clipId, 't2v'), i2v: store.fusion.latest(clipId, 'i2v') }
  }

  history(clipId: number, task: FusionTask): FusionCaption[] {
    return this.deps.projects.require().fusion.history(clipId, task)
  }

  save(input: FusionSave): FusionCaption {
    const store = this.deps.projects.require()
    const saved = store.saveFusionEdit(input)
    this.deps.bus.emit('clips.changed', { project: store.id, ids: [input.clipId] })
    return saved
  }

  private work(store: ProjectStore, jobId: number, params: Record<string, unknown>): JobWork<undefined, NewFusionCaption[]> {
    const { engine, tasks, augmentSeed } = FusionParams.parse(params)
    return fusionWork({
      jobId,
      tasks,
      augmentSeed,
      maxTokens: engine.maxTokens,
      llm: () => this.deps.engines.get(engine),
      // a local model's parallel sequences or the endpoints' concurrency, as the loaded LLM will have
      capacity: engine.local?.parallel ?? engine.endpoints.reduce((n, e) => n + e.concurrency, 0),
      source: (clipId) => fusionSource(store, clipId),
      store: (clipId, captions) => {
        if (store.addJobFusion(jobId, clipId, captions)) this.deps.bus.emit('clips.changed', { project: store.id, ids: [clipId] })
      }
    })
  }
}
