// The job runner with a trivial kind over a real SQLite project: job order, the concurrency bound,
// pause / resume, cancel mid-item, prepare, and a new runner after a crash doing exactly the items
// left pending. Results are stored as real pre-labels, each with its item in one transaction.
import { describe, expect, it } from 'vitest'
import type { JobProgress } from '../../src/shared/jobs'
import { JobRunner, type JobWork } from '../../src/main/jobs/runner'
import { ProjectStore } from '../../src/main/store/project'
import { echoJob, gate, idle, project, reopen, settle, type Gate } from '../helpers/jobRunner'
import { MODEL, caption } from '../helpers/library'

/**
 * The trivial kind: processOne answers "echo <clipId>" once its item's gate (if any) opens; store
 * adds it as a pre-label and marks the item done together, as the real kinds do.
 */
function echoKind(
  store: ProjectStore,
  jobId: number,
  opts: { concurrency?: number; gates?: Map<number, Gate>; fail?: number[]; prepare?: (signal: AbortSignal) => Promise<void> } = {}
) {
  const seen = { processed: [] as number[], stored: [] as number[], inFlight: 0, maxInFlight: 0, signals: [] as AbortSignal[] }
  const work: JobWork<undefined, string> = {
    prepare: opts.prepare,
    concurrency: () => opts.concurrency ?? 1,
    async processOne(clipId, _ready, signal) {
      seen.processed.push(clipId)
      seen.signals.push(signal)
      seen.inFlight++
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight)
      try {
        const wait = opts.gates?.get(clipId)?.promise
        if (wait) await Promise.race([wait, new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))])
        if (opts.fail?.includes(clipId)) throw new Error(`clip ${clipId} is unreadable`)
        return `echo ${clipId}`
      } finally {
        seen.inFlight--
      }
    },
    store(clipId, text) {
      seen.stored.push(clipId)
      store.addJobPrelabel(jobId, { clipId, rawText: text, caption: caption(), problems: [], source: { ...MODEL, details: { jobId } }, timings: {} })
    }
  }
  const progress: JobProgress[] = []
  const runner = new JobRunner({ items: store.jobItems, jobId, work, onProgress: (p) => progress.push(p) })
  return { runner, seen, progress }
}

/** Per clip, how many pre-labels the job stored, read from the project file. */
function labelsPerClip(store: ProjectStore, jobId: number): Record<number, number> {
  const rows = store.db
    .prepare<[number], { clipId: number; n: number }>(
      `SELECT clip_id AS clipId, count(*) AS n FROM prelabels WHERE json_extract(source_json, '$.details.jobId') = ? GROUP BY clip_id`
    )
    .all(jobId)
  return Object.fromEntries(rows.map((r) => [r.clipId, r.n]))
}

describe('JobRunner', () => {
  it('does every pending item once, in job order, and reports progress after each', async () => {
    const store = project()
    const { jobId, clipIds } = echoJob(store, 5)
    const { runner, seen, progress } = echoKind(store, jobId, { fail: [clipIds[3]] })
    expect(await runner.run()).toBe('done')
    expect(seen.processed).toEqual(clipIds)
    expect(store.jobItems.counts(jobId)).toEqual({ total: 5, done: 4, failed: 1, pending: 0 })
    expect(store.jobItems.failures(jobId)).toMatchObject([{ clipId: clipIds[3], error: `clip ${clipIds[3]} is unreadable` }])
    expect(labelsPerClip(store, jobId)).toEqual(Object.fromEntries([0, 1, 2, 4].map((i) => [clipIds[i], 1])))
    expect(progress.map((p) => p.pending)).toEqual([4, 3, 2, 1, 0])
  })

  it('never has more items in flight than its concurrency', async () => {
    const store = project()
    const { jobId, clipIds } = echoJob(store, 5)
    const gates = new Map(clipIds.map((id) => [id, gate()]))
    const { runner, seen } = echoKind(store, jobId, { concurrency: 2, gates })
    const ended = runner.run()
    await settle(() => seen.inFlight === 2, 'two items in flight')
    await idle() // room for a wrong third worker
    expect(seen.processed).toEqual(clipIds.slice(0, 2))
    gates.get(clipIds[1])!.open()
    await settle(() => seen.processed.length === 3, 'a third item once one finished')
    expect(seen.inFlight).toBe(2)
    clipIds.forEach((id) => gates.get(id)!.open())
    expect(await ended).toBe('done')
    expect(seen.maxInFlight).toBe(2)
    expect(seen.processed).toHaveLength(5)
  })

  it('pause lets the item in flight finish; a new run on the same job does the rest', async () => {
    const store = project()
    const { jobId, clipIds } = echoJob(store, 4)
    const gates = new Map([[clipIds[1], gate()]])
    const first = echoKind(store, jobId, { gates })
    const ended = first.runner.run()
    await settle(() => first.seen.inFlight === 1 && first.seen.processed.length === 2, 'the second item in flight')
    first.runner.pause()
    gates.get(clipIds[1])!.open()
    expect(await ended).toBe('paused')
    expect(first.seen.stored).toEqual(clipIds.slice(0, 2))
    expect(store.jobItems.counts(jobId)).toMatchObject({ done: 2, pending: 2 })

    const second = echoKind(store, jobId)
    expect(await second.runner.run()).toBe('done')
    expect(second.seen.processed).toEqual(clipIds.slice(2))
    expect(Object.values(labelsPerClip(store, jobId))).toEqual([1, 1, 1, 1])
  })

  it('a pause while prepare runs still finishes the item a worker took at the start', async () => {
    const store = project()
    const { jobId, clipIds } = echoJob(store, 3)
    const prepared = gate()
    const { runner, seen } = echoKind(store, jobId, { prepare: () => prepared.promise })
    const ended = runner.run()
    runner.pause()
    await idle()
    expect(seen.processed).toEqual([]) // nothing is processed before prepare ends
    prepared.open()
    expect(await ended).toBe('paused')
    expect(seen.stored).toEqual([clipIds[0]])
  })

  it('cancel aborts the item in flight, which stays pending: neither stored nor failed', async () => {
    const store = project()
    const { jobId, clipIds } = echoJob(store, 3)
    const { runner, seen } = echoKind(store, jobId, { gates: new Map([[clipIds[1], gate()]]) })
    const ended = runner.run()
    await settle(() => seen.processed.length === 2, 'the second item in flight')
    runner.cancel()
    expect(await ended).toBe('cancelled')
    expect(seen.signals[1].aborted).toBe(true)
    expect(seen.stored).toEqual([clipIds[0]])
    expect(store.jobItems.counts(jobId)).toEqual({ total: 3, done: 1, failed: 0, pending: 2 })
  })

  it('a failed prepare fails the run with its message, and no item is processed', async () => {
    const store = project()
    const { jobId } = echoJob(store, 2)
    const { runner, seen } = echoKind(store, jobId, { prepare: async () => Promise.reject(new Error('endpoint refused: 0 prompt tokens')) })
    await expect(runner.run()).rejects.toThrow('endpoint refused: 0 prompt tokens')
    expect(seen.processed).toEqual([])
    expect(store.jobItems.counts(jobId)).toMatchObject({ done: 0, failed: 0, pending: 2 })
  })

  it('a cancel while prepare runs aborts it, and the run ends cancelled, not failed', async () => {
    const store = project()
    const { jobId } = echoJob(store, 2)
    const aborted = (signal: AbortSignal) => new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))
    const { runner, seen } = echoKind(store, jobId, { prepare: aborted })
    const ended = runner.run()
    await idle()
    runner.cancel()
    expect(await ended).toBe('cancelled')
    expect(seen.processed).toEqual([])
    expect(store.jobItems.counts(jobId)).toMatchObject({ failed: 0, pending: 2 })
  })

  it('a cancel ends the run at once even when prepare never returns and ignores the signal', async () => {
    const store = project()
    const { jobId } = echoJob(store, 2)
    const { runner, seen } = echoKind(store, jobId, { prepare: () => new Promise<void>(() => undefined) })
    const ended = runner.run()
    await idle()
    runner.cancel()
    expect(await ended).toBe('cancelled')
    expect(seen.processed).toEqual([])
    expect(store.jobItems.counts(jobId)).toMatchObject({ failed: 0, pending: 2 })
  })

  it('a cancel ends the run while an item ignores the signal; its late answer is dropped and the item stays pending', async () => {
    const store = project()
    const { jobId } = echoJob(store, 2)
    const late = gate()
    const stored: number[] = []
    const work: JobWork<undefined, string> = {
      concurrency: () => 1,
      processOne: (clipId) => late.promise.then(() => `echo ${clipId}`), // deaf to the abort
      store: (clipId) => void stored.push(clipId)
    }
    const runner = new JobRunner({ items: store.jobItems, jobId, work, onProgress: () => undefined })
    const ended = runner.run()
    await idle()
    runner.cancel()
    expect(await ended).toBe('cancelled')
    late.open()
    await idle()
    expect(stored).toEqual([])
    expect(store.jobItems.counts(jobId)).toMatchObject({ done: 0, failed: 0, pending: 2 })
  })

  it('after a crash, a runner over the reopened project does exactly the pending items; the lost run cannot store twice', async () => {
    const store = project()
    const { jobId, clipIds } = echoJob(store, 6)
    const stuck = gate()
    // the first run: one item done, one failed, the third in flight when the app "dies"
    const lost = echoKind(store, jobId, { fail: [clipIds[1]], gates: new Map([[clipIds[2], stuck]]) })
    const abandoned = lost.runner.run()
    await settle(() => lost.seen.processed.length === 3, 'the third item in flight')

    const reopened = reopen(store)
    const pending = reopened.jobItems.pending(jobId, -1, 100).map((i) => i.clipId)
    expect(pending).toEqual(clipIds.slice(2))
    const next = echoKind(reopened, jobId)
    expect(await next.runner.run()).toBe('done')
    expect(next.seen.processed).toEqual(pending)

    // the lost run's answer comes late (paused, so it takes nothing more): its item is no longer pending
    lost.runner.pause()
    stuck.open()
    expect(await abandoned).toBe('done')
    expect(lost.seen.stored).toEqual([clipIds[0], clipIds[2]])
    expect(reopened.jobItems.counts(jobId)).toEqual({ total: 6, done: 5, failed: 1, pending: 0 })
    expect(labelsPerClip(reopened, jobId)).toEqual(Object.fromEntries([0, 2, 3, 4, 5].map((i) => [clipIds[i], 1])))
  })
})
