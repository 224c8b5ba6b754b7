import type { JobProgress } from '../../shared/jobs'
import type { FusionTask } from '../../shared/output'
import type { NewFusionCaption } from '../store/fusionCaptions'
import type { JobCounts, PendingItem } from '../store/jobItems'
import { fuseCaption } from './fuse'
import type { FusionSource } from './fusionStore'
import type { FusionLlm } from './llm'

/** What a fusion run needs from the project, so the loop stays free of SQL. */
export interface FusionSink {
  nextPending(afterSeq: number, limit: number): PendingItem[]
  source(clipId: number): FusionSource | { error: string }
  /** Stores every task's caption and marks the item done, in one transaction. */
  store(clipId: number, captions: NewFusionCaption[]): void
  fail(clipId: number, error: string): void
  progress(): JobCounts
}

export interface FusionRunDeps {
  sink: FusionSink
  /** Loading a local model takes seconds: the run awaits it, so starting the job does not. */
  llm: () => Promise<FusionLlm>
  tasks: FusionTask[]
  maxTokens: number
  augmentSeed: number | null
  jobId: number
  onProgress: (progress: JobProgress) => void
}

/** Fuses clip after clip with as many requests in flight as the LLM takes; each clip commits before its progress event. */
export class FusionRun {
  private stopping: 'pause' | 'cancel' | null = null
  private abort = new AbortController()
  private queue: PendingItem[] = []
  private lastSeq = -1
  private finishedHere = 0
  private readonly started = performance.now()

  constructor(private readonly deps: FusionRunDeps) {}

  pause(): void {
    this.stopping ??= 'pause'
  }

  cancel(): void {
    this.stopping = 'cancel'
    this.abort.abort(new Error('Job cancelled'))
  }

  async run(): Promise<'done' | 'paused' | 'cancelled'> {
    const llm = await this.deps.llm()
    await Promise.all(Array.from({ length: llm.capacity }, () => this.worker(llm)))
    if (this.stopping && this.deps.sink.progress().pending > 0) return this.stopping === 'pause' ? 'paused' : 'cancelled'
    return 'done'
  }

  private next(): PendingItem | undefined {
    if (this.queue.length === 0) {
      this.queue = this.deps.sink.nextPending(this.lastSeq, 64)
      const last = this.queue[this.queue.length - 1]
      if (last) this.lastSeq = last.seq
    }
    return this.queue.shift()
  }

  private async worker(llm: FusionLlm): Promise<void> {
    for (;;) {
      if (this.stopping) return
      const item = this.next()
      if (!item) return
      await this.process(llm, item.clipId)
      this.finishedHere++
      this.report()
    }
  }

  private async process(llm: FusionLlm, clipId: number): Promise<void> {
    const source = this.deps.sink.source(clipId)
    if ('error' in source) return this.deps.sink.fail(clipId, source.error)
    const captions: NewFusionCaption[] = []
    try {
      for (const task of this.deps.tasks) {
        const fused = await fuseCaption(llm, source.caption, task, {
          maxTokens: this.deps.maxTokens,
          augmentSeed: this.deps.augmentSeed,
          clipKey: source.path,
          signal: this.abort.signal
        })
        captions.push({
          clipId,
          task,
          text: fused.text,
          origin: fused.origin,
          annotator: null,
          revisionNumber: source.revisionNumber,
          prelabelId: source.prelabelId,
          jobId: this.deps.jobId,
          source: { ...llm.provenance.details, label: llm.provenance.label, ...fused.details }
        })
      }
    } catch (err) {
      // a cancelled clip stays pending: a resumed job does it again
      if (this.stopping === 'cancel') return
      return this.deps.sink.fail(clipId, (err as Error).message)
    }
    this.deps.sink.store(clipId, captions)
  }

  private report(): void {
    const counts = this.deps.sink.progress()
    const minutes = (performance.now() - this.started) / 60_000
    const rate = this.finishedHere > 0 && minutes > 2 / 60 ? this.finishedHere / minutes : null
    this.deps.onProgress({ ...counts, clipsPerMinute: rate, etaSeconds: rate ? (counts.pending / rate) * 60 : null })
  }
}
