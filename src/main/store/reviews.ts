import { StructuralCaption } from '../../shared/caption'
import type { ClipReview } from '../../shared/contract'
import type { Db } from './db'
import { readJson } from './json'

/** A reviews row that is still open (no verdict yet). */
export interface OpenReview {
  id: number
  submittedNumber: number
  /** Null when the host's operator sent it. */
  submittedBy: number | null
}

export interface Decision {
  verdict: 'approved' | 'returned'
  /** Null for the host's operator. */
  reviewerId: number | null
  comment: string | null
  decidedNumber: number
  at: string
}

interface LatestRow {
  verdict: 'approved' | 'returned' | null
  comment: string | null
  submitted_number: number
  decided_number: number | null
  submitted_at: string
  decided_at: string | null
  submitted_caption: string
  submitted_name: string
  decided_caption: string | null
  decided_name: string | null
}

/** The review stage's rows (migration 11): one per time a clip was sent to review, with the decision once made. */
export class ReviewsRepo {
  private openStmt
  private insertStmt
  private resubmitStmt
  private decideStmt
  private latestStmt

  constructor(db: Db) {
    this.openStmt = db.prepare<[number], { id: number; submitted_number: number; submitted_by: number | null }>(
      'SELECT id, submitted_number, submitted_by FROM reviews WHERE clip_id = ? AND verdict IS NULL ORDER BY id DESC LIMIT 1'
    )
    this.insertStmt = db.prepare<[number, number, number | null, string]>(
      'INSERT INTO reviews (clip_id, submitted_number, submitted_by, submitted_at) VALUES (?, ?, ?, ?)'
    )
    this.resubmitStmt = db.prepare<[number, number | null, string, number]>(
      'UPDATE reviews SET submitted_number = ?, submitted_by = ?, submitted_at = ? WHERE id = ?'
    )
    this.decideStmt = db.prepare<[string, number | null, string | null, number, string, number]>(
      'UPDATE reviews SET verdict = ?, reviewer_id = ?, comment = ?, decided_number = ?, decided_at = ? WHERE id = ? AND verdict IS NULL'
    )
    // the names are the ones on the revisions: the operator's typed name included
    this.latestStmt = db.prepare<[number], LatestRow>(
      `SELECT r.verdict, r.comment, r.submitted_number, r.decided_number, r.submitted_at, r.decided_at,
         s.caption_json AS submitted_caption, s.annotator AS submitted_name, d.caption_json AS decided_caption, d.annotator AS decided_name
       FROM reviews r JOIN revisions s ON s.clip_id = r.clip_id AND s.number = r.submitted_number
       LEFT JOIN revisions d ON d.clip_id = r.clip_id AND d.number = r.decided_number
       WHERE r.clip_id = ? ORDER BY r.id DESC LIMIT 1`
    )
  }

  open(clipId: number): OpenReview | null {
    const row = this.openStmt.get(clipId)
    return row ? { id: row.id, submittedNumber: row.submitted_number, submittedBy: row.submitted_by } : null
  }

  /** Sends revision `number` to review: a new row, or the open one now points at the newer revision. */
  submit(clipId: number, number: number, by: number | null, at: string): void {
    const open = this.open(clipId)
    if (open) this.resubmitStmt.run(number, by, at, open.id)
    else this.insertStmt.run(clipId, number, by, at)
  }

  /** Closes the open row; false when it was decided meanwhile. */
  decide(id: number, d: Decision): boolean {
    return this.decideStmt.run(d.verdict, d.reviewerId, d.comment, d.decidedNumber, d.at, id).changes === 1
  }

  /** The clip's latest review, for the review screen; null if it was never sent. */
  latest(clipId: number): ClipReview | null {
    const r = this.latestStmt.get(clipId)
    if (!r) return null
    return {
      state: r.verdict ?? 'in_review',
      comment: r.comment,
      reviewer: r.decided_name,
      submittedNumber: r.submitted_number,
      submittedBy: r.submitted_name,
      decidedNumber: r.decided_number,
      submittedCaption: readJson(StructuralCaption, r.submitted_caption, `clip ${clipId} submitted caption`),
      decidedCaption: r.decided_caption === null ? null : readJson(StructuralCaption, r.decided_caption, `clip ${clipId} reviewed caption`),
      at: r.decided_at ?? r.submitted_at
    }
  }
}
