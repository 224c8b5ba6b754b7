import type { Db } from './db'

/** A scored model pre-label beside the approved revision a reviewer made from it; captions and fields as stored JSON. */
export interface CalibrationPairRow {
  clip_id: number
  prelabel_id: number
  model: string
  source: string
  fields: string
  human: string
  /** Paths the reviewer approved pre-accepted, without a look (migration 8); null when every field was shown. */
  unlooked: string | null
}

/** What the calibration report reads: scored model pre-labels that a human approved. */
export class CalibrationRowsRepo {
  private pairsStmt

  constructor(db: Db) {
    // Only clips approved now (a later non-approved revision withdraws the approval), and per pre-label
    // the latest approved revision whose reviewer started from it: the reviewer saw exactly that pre-label.
    this.pairsStmt = db.prepare<[], CalibrationPairRow>(`
      SELECT c.id AS clip_id, p.id AS prelabel_id, p.caption_json AS model, p.source_json AS source,
             pc.fields_json AS fields, r.caption_json AS human, rm.fields_json AS unlooked
      FROM clips c
      JOIN prelabels p ON p.clip_id = c.id AND p.source_kind = 'model'
      JOIN prelabel_confidence pc ON pc.prelabel_id = p.id AND pc.status = 'scored'
      JOIN revisions r ON r.clip_id = c.id AND r.number = (
        SELECT MAX(number) FROM revisions WHERE clip_id = c.id AND prelabel_id = p.id AND status = 'approved')
      LEFT JOIN revision_review_mode rm ON rm.revision_id = r.id AND rm.mode = 'accepted'
      WHERE c.status = 'approved'
      ORDER BY c.id, p.id`)
  }

  /** Ordered by clip, then pre-label id; one row at a time, so memory stays flat. */
  pairs(): IterableIterator<CalibrationPairRow> {
    return this.pairsStmt.iterate()
  }
}
