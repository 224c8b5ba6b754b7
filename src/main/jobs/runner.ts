import type { JobProgress } from '../../shared/jobs'
import type { JobItemsRepo } from '../store/jobItems'
import { nowIso } from '../store/json'
import { itemsPerMinute, withRate } from './rate'

/**
 * What a job kind supplies: how to work on one clip and how to store the result. The runner does
 * the rest: the queue, concurrency, pause / resume / cancel, failures, rate and ETA.
 * Members are methods, not function properties, so a kind's own Ready and Result types fit
 * the runner's JobWork<unknown, unknown> (TypeScript checks method parameters bivariantly).
 */
export interface JobWork<Ready = undefined, Result = unknown> {
  /**
   * Runs once, beside the first items' prefetch (an endpoint check, loading a model); no item is
   * processed before it ends, and a throw fails the job.
   */
  prepare?(signal: AbortSignal): Promise<void>
  /** Items in flight at once. */
  concurrency(): number
  /**
   * Starts ahead of the item's turn, one item at a time in job order, so slow reading of the next
   * items overlaps the work on the current ones. A throw fails the item with its message.
   */
  prefetch?(clipId: number): Promise<Ready>
  /** Works on one item; a throw fails the item with its message, unless the job was cancelled. */
  processOne(clipId: number, ready: Ready, signal: AbortSignal): Promise<Result>
  /** Stores the result and marks the item done in one transaction, so a crash neither loses nor repeats it. */
  store(clipId: number, result: Result): void
}

export type RunEnd = 'done' | 'paused' | 'cancelled'

export interface RunnerDeps {
  items: JobItemsRepo
  jobId: number
  work: JobWork<unknown, unknown>
  onProgress: (progress: JobProgress) => void
  /** Milliseconds for the rate; tests pass their own. */
  now?: () => number
  /** Called once the kind's prepare has ended well: the job got past its start. */
  onStarted?: () => void
}

interface Queued {
  clipId: number
  /** A worker has it: it is finished even when the job is paused meanwhile. */
  taken: boolean
  ready: Promise<unknown>
}

/**
 * Runs a stored job's pending items, in job order. A pause takes effect at an item boundary: the
 * items the workers hold finish. A cancel aborts those too, and they stay pending. A cancel ends
 * the run at once, whatever the kind is doing (a start that never returns, work that ignores
 * the signal): anything that finishes later is dropped.
 */
export class JobRunner {
  private stopping: 'pause' | 'cancel' | 'fail' | null = null
  private readonly abort = new AbortController()
  private readonly aborted = new Promise<'aborted'>((resolve) => this.abort.signal.addEventListener('abort', () => resolve('aborted'), { once: true }))
  private readonly now: () => number
  private prepared: Promise<void> = Promise.resolve()
  private buffer: Queued[] = []
  private lookahead = 1
  private lastSeq = -1
  private exhausted = false
  private prefetching: Promise<unknown> = Promise.resolve()
  private finishedHere = 0
  private started = 0

  constructor(private readonly deps: RunnerDeps) {
    this.now = deps.now ?? (() => performance.now())
  }

  pause(): void {
    this.stopping ??= 'pause'
  }

  cancel(): void {
    if (this.stopping !== 'fail') this.stopping = 'cancel'
    this.abort.abort(new Error('Job cancelled'))
  }

  private cancelled(): boolean {
    return this.stopping === 'cancel'
  }

  /** Runs until no pending item is left, or the run is paused or cancelled; throws when the job fails. */
  async run(): Promise<RunEnd> {
    const { work, items, jobId } = this.deps
    this.started = this.now()
    this.prepared = Promise.resolve().then(() => work.prepare?.(this.abort.signal))
    this.prepared.then(
      () => !this.cancelled() && this.deps.onStarted?.(),
      () => undefined
    ) // the workers that wait on it report a failure
    const count = Math.max(1, work.concurrency())
    this.lookahead = count + 1
    // workers take their first items now: a pause while prepare runs lets those finish
    const settled = Promise.allSettled(Array.from({ length: count }, () => this.worker())).then(async (ended) => {
      // nothing of this run goes on once it has ended, so a resumed run never reads beside it
      await this.prefetching
      return ended
    })
    const ended = await Promise.race([settled, this.aborted])
    if (ended === 'aborted') return items.counts(jobId).pending > 0 ? 'cancelled' : 'done'
    const failure = ended.find((w): w is PromiseRejectedResult => w.status === 'rejected')
    if (failure && !this.cancelled()) throw failure.reason
    // stopped with nothing left (the last items finished in flight) is simply done
    if (this.stopping && items.counts(jobId).pending > 0) return this.stopping === 'pause' ? 'paused' : 'cancelled'
    return 'done'
  }

  private async worker(): Promise<void> {
    for (;;) {
      if (this.stopping) return
      const next = this.take()
      if (!next) return
      try {
        await this.process(next)
      } catch (err) {
        // a failed prepare or store ends the job: no other worker starts an item
        if (!this.cancelled()) this.stopping = 'fail'
        throw err
      }
      this.finishedHere++
      this.report()
    }
  }

  /** The next item; refills the look-ahead so prefetching stays ahead of the workers. */
  private take(): Queued | undefined {
    if (this.buffer.length <= this.lookahead && !this.exhausted) {
      const more = this.deps.items.pending(this.deps.jobId, this.lastSeq, this.lookahead * 2 - this.buffer.length)
      if (more.length === 0) this.exhausted = true
      for (const { clipId, seq } of more) {
        this.lastSeq = seq
        this.buffer.push(this.queue(clipId))
      }
    }
    const next = this.buffer.shift()
    if (next) next.taken = true
    return next
  }

  private queue(clipId: number): Queued {
    const entry: Queued = { clipId, taken: false, ready: Promise.resolve(undefined) }
    const { work } = this.deps
    if (!work.prefetch) return entry
    entry.ready = this.prefetching.then(() => {
      // a stopped run reads nothing it will not use
      if (this.cancelled() || (this.stopping && !entry.taken)) throw new Error('Job stopped')
      return work.prefetch!(clipId)
    })
    // the next prefetch waits for this one, whatever its outcome; this also marks a failure of
    // an item no worker takes as handled
    this.prefetching = entry.ready.catch(() => undefined)
    return entry
  }

  /** One item: failures of the item are stored; a failed prepare or store is thrown. */
  private async process(entry: Queued): Promise<void> {
    const { work } = this.deps
    let ready: unknown
    try {
      ready = await entry.ready
    } catch (err) {
      return this.failItem(entry.clipId, err)
    }
    await this.prepared
    if (this.cancelled()) return
    let result: unknown
    try {
      result = await work.processOne(entry.clipId, ready, this.abort.signal)
    } catch (err) {
      return this.failItem(entry.clipId, err)
    }
    // the run has ended: a late answer is dropped and its item stays pending
    if (this.cancelled()) return
    work.store(entry.clipId, result)
  }

  private failItem(clipId: number, err: unknown): void {
    // a cancelled item stays pending: a resumed job does it again
    if (this.cancelled()) return
    this.deps.items.markFailed(this.deps.jobId, clipId, (err as Error).message, nowIso())
  }

  private report(): void {
    const rate = itemsPerMinute(this.finishedHere, this.now() - this.started)
    this.deps.onProgress(withRate(this.deps.items.counts(this.deps.jobId), rate))
  }
}
