import type { Clip, PrelabelSource } from '../../shared/contract'
import type { JobProgress } from '../../shared/jobs'
import { captionSample, type CaptionOutcome } from '../inference/captioner'
import type { SampledClip } from '../inference/frames'
import type { EndpointPool } from '../inference/pool'

/** What a pre-label run needs from the project, so the pipeline stays free of SQL. */
export interface PrelabelSink {
  nextPending(afterSeq: number, limit: number): { clipId: number; seq: number }[]
  clip(clipId: number): Clip | null
  /** Stores the pre-label and marks the item done in one transaction. */
  storeResult(clipId: number, outcome: CaptionOutcome, timings: Record<string, number>): void
  storeFailure(clipId: number, error: string): void
  progress(): Omit<JobProgress, 'clipsPerMinute' | 'etaSeconds'>
}

export interface PrelabelRunDeps {
  sink: PrelabelSink
  pool: EndpointPool
  sample: (clip: Clip) => Promise<SampledClip>
  source: PrelabelSource
  maxTokens?: number
  onProgress: (progress: JobProgress) => void
  /** Milliseconds spent in one stage for one clip: sample, request, prompt, parse, store. */
  onStage?: (stage: string, ms: number) => void
  /** Runs once before any clip is sent, e.g. the endpoints' check; a throw fails the job. */
  prepare?: (signal: AbortSignal) => Promise<unknown>
}

interface Prefetched {
  clip: Clip | null
  clipId: number
  sampled: Promise<{ sample: SampledClip; ms: number } | { error: string }>
}

/**
 * The pre-label pipeline: frames of the next clips are sampled while the model works on the
 * current ones; each finished clip is committed before the next progress event.
 */
export class PrelabelRun {
  private stopping: 'pause' | 'cancel' | null = null
  private abort = new AbortController()
  private buffer: Prefetched[] = []
  private lastSeq = -1
  private exhausted = false
  private sampling: Promise<unknown> = Promise.resolve()
  private finishedHere = 0
  private prepared: Promise<unknown> = Promise.resolve()
  private readonly started = performance.now()

  constructor(private readonly deps: PrelabelRunDeps) {}

  pause(): void {
    this.stopping ??= 'pause'
  }

  cancel(): void {
    this.stopping = 'cancel'
    this.abort.abort(new Error('Job cancelled'))
  }

  private cancelled(): boolean {
    return this.stopping === 'cancel'
  }

  /** Runs until no pending item is left or the run is paused or cancelled. */
  async run(): Promise<'done' | 'paused' | 'cancelled'> {
    // workers take their first clips and sample frames while the endpoints are checked; nothing is
    // sent before the check passes, and a pause meanwhile lets the clips already taken finish
    this.prepared = Promise.resolve(this.deps.prepare?.(this.abort.signal))
    this.prepared.catch(() => undefined) // a cancel before any worker waits on it is not an error
    const workers = Array.from({ length: this.deps.pool.capacity }, () => this.worker())
    try {
      await Promise.all(workers)
    } catch (err) {
      if (this.cancelled()) return 'cancelled'
      throw err
    }
    // stopped with nothing left (the last clips finished in flight) is simply done
    if (this.stopping && this.deps.sink.progress().pending > 0) return this.stopping === 'pause' ? 'paused' : 'cancelled'
    return 'done'
  }

  private async worker(): Promise<void> {
    for (;;) {
      if (this.stopping) return
      const item = this.take()
      if (!item) return
      await this.process(item)
      this.finishedHere++
      this.report()
    }
  }

  /** Next item; refills the look-ahead so sampling stays ahead of the model. */
  private take(): Prefetched | undefined {
    const lookahead = this.deps.pool.capacity + 1
    if (this.buffer.length <= lookahead && !this.exhausted) {
      const more = this.deps.sink.nextPending(this.lastSeq, lookahead * 2 - this.buffer.length)
      if (more.length === 0) this.exhausted = true
      for (const { clipId, seq } of more) {
        this.lastSeq = seq
        this.buffer.push(this.prefetch(clipId))
      }
    }
    return this.buffer.shift()
  }

  /** Starts sampling a clip, one ffmpeg at a time (it already uses every core for decoding). */
  private prefetch(clipId: number): Prefetched {
    const clip = this.deps.sink.clip(clipId)
    const sampled = this.sampling.then(async () => {
      if (!clip) return { error: `Clip ${clipId} is no longer in the project` }
      if (clip.importError) return { error: `Not captioned: ${clip.importError}` }
      const t0 = performance.now()
      try {
        return { sample: await this.deps.sample(clip), ms: performance.now() - t0 }
      } catch (err) {
        return { error: (err as Error).message }
      }
    })
    this.sampling = sampled
    return { clip, clipId, sampled }
  }

  private async process(item: Prefetched): Promise<void> {
    const sampled = await item.sampled
    if (this.cancelled()) return
    if ('error' in sampled) {
      this.deps.sink.storeFailure(item.clipId, sampled.error)
      return
    }
    await this.prepared
    if (this.cancelled()) return
    let outcome: CaptionOutcome
    try {
      outcome = await captionSample(this.deps.pool, sampled.sample, {
        signal: this.abort.signal,
        maxTokens: this.deps.maxTokens
      })
    } catch (err) {
      if (this.cancelled()) return
      this.deps.sink.storeFailure(item.clipId, (err as Error).message)
      return
    }
    const notJson = outcome.problems.find((p) => p.kind === 'not_json')
    if (notJson) {
      this.deps.sink.storeFailure(item.clipId, `Model output is not a caption (${notJson.message}): ${outcome.rawText.slice(0, 300)}`)
      return
    }
    const timings: Record<string, number> = { sampleMs: sampled.ms, ...outcome.timings }
    const t0 = performance.now()
    this.deps.sink.storeResult(item.clipId, outcome, timings)
    const stages: Record<string, number | undefined> = {
      sample: sampled.ms,
      request: timings.requestMs,
      model: timings.promptMs !== undefined ? timings.promptMs + (timings.predictedMs ?? 0) : undefined,
      parse: timings.parseMs,
      store: performance.now() - t0
    }
    for (const [stage, ms] of Object.entries(stages)) if (ms !== undefined) this.deps.onStage?.(stage, ms)
  }

  private report(): void {
    const counts = this.deps.sink.progress()
    const minutes = (performance.now() - this.started) / 60_000
    // a few instant failures say nothing about speed: wait for a couple of seconds of work
    const rate = this.finishedHere > 0 && minutes > 2 / 60 ? this.finishedHere / minutes : null
    this.deps.onProgress({ ...counts, clipsPerMinute: rate, etaSeconds: rate ? (counts.pending / rate) * 60 : null })
  }
}
