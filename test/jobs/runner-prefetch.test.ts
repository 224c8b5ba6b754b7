// The job runner's look-ahead (a kind's prefetch, one item at a time, ahead of the workers) and its
// rate / ETA, from fixed timestamps of an injected clock. Real SQLite project, trivial kinds.
import { describe, expect, it } from 'vitest'
import type { JobProgress } from '../../src/shared/jobs'
import { itemsPerMinute, withRate } from '../../src/main/jobs/rate'
import { JobRunner, type JobWork } from '../../src/main/jobs/runner'
import { echoJob, gate, idle, project, settle, turn } from '../helpers/jobRunner'

describe('JobRunner prefetch', () => {
  it('prefetches the next items one at a time while the current one is worked on; a failed prefetch fails only its item', async () => {
    const store = project()
    const { jobId, clipIds } = echoJob(store, 4)
    const log: string[] = []
    let reading = 0
    let maxReading = 0
    const working = gate()
    const work: JobWork<string, string> = {
      concurrency: () => 1,
      async prefetch(clipId) {
        log.push(`read ${clipId}`)
        maxReading = Math.max(maxReading, ++reading)
        await turn()
        reading--
        if (clipId === clipIds[2]) throw new Error('no video stream')
        return `frames of ${clipId}`
      },
      async processOne(clipId, frames) {
        log.push(`work ${clipId}`)
        if (clipId === clipIds[0]) await working.promise
        return frames
      },
      store: (clipId, frames) => log.push(`store ${clipId}: ${frames}`)
    }
    const ended = new JobRunner({ items: store.jobItems, jobId, work, onProgress: () => undefined }).run()
    // while the first item is worked on, the next ones are read
    await settle(() => log.includes(`read ${clipIds[3]}`), 'the look-ahead read')
    expect(log).toContain(`work ${clipIds[0]}`)
    expect(log.some((l) => l.startsWith('store'))).toBe(false)
    working.open()
    expect(await ended).toBe('done')
    expect(maxReading).toBe(1)
    expect(log.filter((l) => l.startsWith('read'))).toEqual(clipIds.map((id) => `read ${id}`))
    expect(log.filter((l) => l.startsWith('store'))).toEqual([0, 1, 3].map((i) => `store ${clipIds[i]}: frames of ${clipIds[i]}`))
    expect(store.jobItems.failures(jobId)).toMatchObject([{ clipId: clipIds[2], error: 'no video stream' }])
  })

  it('a paused run reads no item it will not work on, and ends only once its reading has stopped', async () => {
    const store = project()
    const { jobId, clipIds } = echoJob(store, 4)
    const read: number[] = []
    const slowRead = gate()
    const working = gate()
    let readingDone = false
    const work: JobWork<undefined, string> = {
      concurrency: () => 1,
      async prefetch(clipId) {
        read.push(clipId)
        if (clipId === clipIds[2]) await slowRead.promise.then(() => (readingDone = true))
      },
      processOne: async (clipId) => (clipId === clipIds[0] ? working.promise.then(() => 'first') : 'other'),
      store: (clipId) => void store.jobItems.markDone(jobId, clipId, null, '2025-01-01T00:00:00Z')
    }
    const runner = new JobRunner({ items: store.jobItems, jobId, work, onProgress: () => undefined })
    const ended = runner.run()
    await settle(() => read.length === 3, 'the third item being read while the first is worked on')
    runner.pause()
    working.open()
    let over = false
    void ended.then(() => (over = true))
    await idle()
    expect(over).toBe(false) // the third item's read still runs
    slowRead.open()
    expect(await ended).toBe('paused')
    expect(readingDone).toBe(true)
    expect(read).toEqual(clipIds.slice(0, 3)) // the fourth, queued for reading, was never read
    expect(store.jobItems.counts(jobId)).toMatchObject({ done: 1, pending: 3 })
  })
})

describe('rate and ETA', () => {
  it('is items per minute once a couple of seconds of work passed, and the pending items at that rate', () => {
    expect(itemsPerMinute(0, 600_000)).toBeNull()
    expect(itemsPerMinute(3, 1500)).toBeNull() // instant failures say nothing about speed
    expect(itemsPerMinute(3, 90_000)).toBe(2)
    expect(withRate({ total: 10, done: 3, failed: 1, pending: 6 }, 2)).toEqual({
      total: 10,
      done: 3,
      failed: 1,
      pending: 6,
      clipsPerMinute: 2,
      etaSeconds: 180
    })
    expect(withRate({ total: 10, done: 3, failed: 1, pending: 6 }, null)).toMatchObject({ clipsPerMinute: null, etaSeconds: null })
  })

  it('a run reports them from its own clock, counting from its start', async () => {
    const store = project()
    const { jobId } = echoJob(store, 4)
    let now = 1_000_000
    const steps = [1000, 29_000, 10_000, 20_000] // ms each item takes on the fake clock
    const work: JobWork<undefined, string> = {
      concurrency: () => 1,
      processOne: async () => ((now += steps.shift()!), 'done'),
      store: (clipId) => void store.jobItems.markDone(jobId, clipId, null, '2025-01-01T00:00:00Z')
    }
    const progress: JobProgress[] = []
    const runner = new JobRunner({ items: store.jobItems, jobId, work, onProgress: (p) => progress.push(p), now: () => now })
    expect(await runner.run()).toBe('done')
    // after 1 s: too early; 2 items in 30 s; 3 in 40 s; 4 in 60 s
    expect(progress.map((p) => [p.clipsPerMinute, p.etaSeconds])).toEqual([
      [null, null],
      [4, 30],
      [4.5, (1 / 4.5) * 60],
      [4, 0]
    ])
  })
})
