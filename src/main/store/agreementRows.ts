import type { Db } from './db'

/** One pre-label of an approved clip beside the clip's latest revision, captions as stored JSON. */
export interface AgreementPairRow {
  clip_id: number
  human: string
  base_id: number | null
  prelabel_id: number
  model: string
  source: string
}

/** What the agreement report reads: approved clips and their pre-labels. */
export class AgreementRowsRepo {
  private approvedStmt
  private pairsStmt

  constructor(db: Db) {
    this.approvedStmt = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM clips WHERE status = 'approved'")
    // Every pre-label of every approved clip, beside the clip's latest (approved) revision.
    this.pairsStmt = db.prepare<[], AgreementPairRow>(`
      SELECT c.id AS clip_id, r.caption_json AS human, r.prelabel_id AS base_id, p.id AS prelabel_id,
             p.caption_json AS model, p.source_json AS source
      FROM clips c
      JOIN revisions r ON r.clip_id = c.id AND r.number = c.latest_revision_number
      JOIN prelabels p ON p.clip_id = c.id
      WHERE c.status = 'approved'
      ORDER BY c.id, p.id`)
  }

  approvedCount(): number {
    return this.approvedStmt.get()?.n ?? 0
  }

  /** Ordered by clip, then pre-label id; one row at a time, so memory stays flat. */
  pairs(): IterableIterator<AgreementPairRow> {
    return this.pairsStmt.iterate()
  }
}
