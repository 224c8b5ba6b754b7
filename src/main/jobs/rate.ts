import type { JobProgress } from '../../shared/jobs'
import type { JobCounts } from '../store/jobItems'

/** Items finished per minute over a run so far, or null while that says nothing about speed yet. */
export function itemsPerMinute(finished: number, elapsedMs: number): number | null {
  const minutes = elapsedMs / 60_000
  // a few instant failures say nothing about speed: wait for a couple of seconds of work
  return finished > 0 && minutes > 2 / 60 ? finished / minutes : null
}

/** The counts with a rate, and the seconds the pending items take at that rate. */
export function withRate(counts: JobCounts, rate: number | null): JobProgress {
  return { ...counts, clipsPerMinute: rate, etaSeconds: rate ? (counts.pending / rate) * 60 : null }
}
