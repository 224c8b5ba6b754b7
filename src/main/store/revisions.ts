import { StructuralCaption } from '../../shared/caption'
import type { Revision } from '../../shared/contract'
import type { Db } from './db'
import { readJson } from './json'
import { fromStored, toStored } from './stage'

export type NewRevision = Omit<Revision, 'id' | 'createdAt' | 'flagReason'> & { flagReason?: string | null }

interface RevisionDbRow {
  id: number
  clip_id: number
  number: number
  caption_json: string
  status: string
  stage: string | null
  annotator: string
  prelabel_id: number | null
  flag_reason: string | null
  created_at: string
}

/** Human revisions: append-only, numbered 1, 2, 3... per clip (UNIQUE(clip_id, number)). */
export class RevisionsRepo {
  private insertStmt
  private latestStmt
  private historyStmt
  private byNumberStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO revisions (clip_id, number, caption_json, status, stage, annotator, prelabel_id, flag_reason, created_at)
       VALUES (@clipId, @number, @caption, @status, @stage, @annotator, @prelabelId, @flagReason, @createdAt)`
    )
    this.latestStmt = db.prepare<[number], RevisionDbRow>('SELECT * FROM revisions WHERE clip_id = ? ORDER BY number DESC LIMIT 1')
    this.historyStmt = db.prepare<[number], RevisionDbRow>('SELECT * FROM revisions WHERE clip_id = ? ORDER BY number DESC')
    this.byNumberStmt = db.prepare<[number, number], RevisionDbRow>('SELECT * FROM revisions WHERE clip_id = ? AND number = ?')
  }

  insert(r: NewRevision, createdAt: string): Revision {
    const result = this.insertStmt.run({
      clipId: r.clipId,
      number: r.number,
      caption: JSON.stringify(r.caption),
      ...toStored(r.status),
      annotator: r.annotator,
      prelabelId: r.prelabelId,
      flagReason: r.flagReason ?? null,
      createdAt
    })
    return { ...r, flagReason: r.flagReason ?? null, id: Number(result.lastInsertRowid), createdAt }
  }

  latest(clipId: number): Revision | null {
    const row = this.latestStmt.get(clipId)
    return row ? toRevision(row) : null
  }

  byNumber(clipId: number, number: number): Revision | null {
    const row = this.byNumberStmt.get(clipId, number)
    return row ? toRevision(row) : null
  }

  /** Newest first. */
  history(clipId: number): Revision[] {
    return this.historyStmt.all(clipId).map(toRevision)
  }
}

function toRevision(row: RevisionDbRow): Revision {
  return {
    id: row.id,
    clipId: row.clip_id,
    number: row.number,
    caption: readJson(StructuralCaption, row.caption_json, `revision ${row.id} caption`),
    status: fromStored(row.status, row.stage),
    annotator: row.annotator,
    prelabelId: row.prelabel_id,
    flagReason: row.flag_reason,
    createdAt: row.created_at
  }
}
