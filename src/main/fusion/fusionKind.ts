import type { FusionTask } from '../../shared/output'
import type { JobWork } from '../jobs/runner'
import type { NewFusionCaption } from '../store/fusionCaptions'
import { fuseCaption } from './fuse'
import type { FusionSource } from './fusionStore'
import type { FusionLlm } from './llm'

export interface FusionWorkDeps {
  jobId: number
  /** Loading a local model takes seconds: the job's prepare awaits it, so starting the job does not. */
  llm: () => Promise<FusionLlm>
  /** Requests the LLM takes at once, known before it loads. */
  capacity: number
  tasks: FusionTask[]
  maxTokens: number
  augmentSeed: number | null
  source(clipId: number): FusionSource | { error: string }
  /** Stores every task's caption and marks the item done, in one transaction. */
  store(clipId: number, captions: NewFusionCaption[]): void
}

/** Fusion as a job kind: each clip's tasks are fused in turn and stored together. */
export function fusionWork(deps: FusionWorkDeps): JobWork<undefined, NewFusionCaption[]> {
  let loading: Promise<FusionLlm> | null = null
  const llm = () => (loading ??= deps.llm())
  return {
    async prepare() {
      await llm()
    },
    concurrency: () => deps.capacity,
    async processOne(clipId, _ready, signal) {
      const source = deps.source(clipId)
      if ('error' in source) throw new Error(source.error)
      const model = await llm()
      const captions: NewFusionCaption[] = []
      for (const task of deps.tasks) {
        const fused = await fuseCaption(model, source.caption, task, { maxTokens: deps.maxTokens, augmentSeed: deps.augmentSeed, clipKey: source.path, signal })
        captions.push({
          clipId,
          task,
          text: fused.text,
          origin: fused.origin,
          annotator: null,
          revisionNumber: source.revisionNumber,
          prelabelId: source.prelabelId,
          jobId: deps.jobId,
          source: { ...model.provenance.details, label: model.provenance.label, ...fused.details }
        })
      }
      return captions
    },
    store: (clipId, captions) => deps.store(clipId, captions)
  }
}
