import type { Db } from './db'

export interface JobCounts {
  total: number
  done: number
  failed: number
  pending: number
}

export interface PendingItem {
  clipId: number
  seq: number
}

export interface FailedItem {
  clipId: number
  path: string
  error: string
}

/**
 * The clips of a batch job and how far each got. An item turns done in the same transaction that
 * stores its pre-label, so a crash can neither lose nor duplicate one.
 */
export class JobItemsRepo {
  private insertStmt
  private pendingStmt
  private countsStmt
  private doneStmt
  private failStmt
  private failuresStmt
  private isPendingStmt

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare<[number, number, number]>('INSERT OR IGNORE INTO job_items (job_id, clip_id, seq) VALUES (?, ?, ?)')
    this.pendingStmt = db.prepare<[number, number, number], PendingItem>(
      `SELECT clip_id AS clipId, seq FROM job_items WHERE job_id = ? AND state = 'pending' AND seq > ? ORDER BY seq LIMIT ?`
    )
    this.countsStmt = db.prepare<[number], JobCounts>(
      `SELECT count(*) AS total,
              coalesce(sum(state = 'done'), 0) AS done,
              coalesce(sum(state = 'failed'), 0) AS failed,
              coalesce(sum(state = 'pending'), 0) AS pending
       FROM job_items WHERE job_id = ?`
    )
    this.doneStmt = db.prepare<[number | null, string, number, number]>(
      `UPDATE job_items SET state = 'done', prelabel_id = ?, finished_at = ?, error = NULL
       WHERE job_id = ? AND clip_id = ? AND state = 'pending'`
    )
    this.failStmt = db.prepare<[string, string, number, number]>(
      `UPDATE job_items SET state = 'failed', error = ?, finished_at = ?
       WHERE job_id = ? AND clip_id = ? AND state = 'pending'`
    )
    this.isPendingStmt = db.prepare<[number, number], { one: number }>(`SELECT 1 AS one FROM job_items WHERE job_id = ? AND clip_id = ? AND state = 'pending'`)
    this.failuresStmt = db.prepare<[number, number], FailedItem>(
      `SELECT i.clip_id AS clipId, c.path, i.error FROM job_items i JOIN clips c ON c.id = i.clip_id
       WHERE i.job_id = ? AND i.state = 'failed' ORDER BY i.seq LIMIT ?`
    )
  }

  isPending(jobId: number, clipId: number): boolean {
    return this.isPendingStmt.get(jobId, clipId) !== undefined
  }

  /** Clips a new pre-label job would take, in id order. */
  candidates(scope: 'unlabeled' | 'all'): number[] {
    const where = scope === 'unlabeled' ? 'import_error IS NULL AND prelabel_source IS NULL' : 'import_error IS NULL'
    return this.db
      .prepare<[], { id: number }>(`SELECT id FROM clips WHERE ${where} ORDER BY id`)
      .all()
      .map((r) => r.id)
  }

  add(jobId: number, clipIds: number[]): void {
    this.db.transaction(() => clipIds.forEach((clipId, seq) => this.insertStmt.run(jobId, clipId, seq))).immediate()
  }

  /** Pending items after `afterSeq`, in job order. */
  pending(jobId: number, afterSeq: number, limit: number): PendingItem[] {
    return this.pendingStmt.all(jobId, afterSeq, limit)
  }

  counts(jobId: number): JobCounts {
    return this.countsStmt.get(jobId) ?? { total: 0, done: 0, failed: 0, pending: 0 }
  }

  /** Returns false when the item was no longer pending (already stored by an earlier run). A fusion item has no pre-label id. */
  markDone(jobId: number, clipId: number, prelabelId: number | null, now: string): boolean {
    return this.doneStmt.run(prelabelId, now, jobId, clipId).changes === 1
  }

  markFailed(jobId: number, clipId: number, error: string, now: string): boolean {
    return this.failStmt.run(error, now, jobId, clipId).changes === 1
  }

  failures(jobId: number, limit = 100): FailedItem[] {
    return this.failuresStmt.all(jobId, limit)
  }
}
