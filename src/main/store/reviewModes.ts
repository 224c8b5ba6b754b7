import { z } from 'zod'
import type { ReviewRecord } from '../../shared/autoAccept'
import type { Db } from './db'
import { readJson } from './json'

const Fields = z.array(z.string())

/** Per revision, how it was reviewed when the project pre-accepts confident fields (written with the revision). */
export class ReviewModesRepo {
  private insertStmt
  private getStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare<[number, string, string]>('INSERT INTO revision_review_mode (revision_id, mode, fields_json) VALUES (?, ?, ?)')
    this.getStmt = db.prepare<[number], { mode: ReviewRecord['mode']; fields_json: string }>(
      'SELECT mode, fields_json FROM revision_review_mode WHERE revision_id = ?'
    )
  }

  insert(revisionId: number, record: ReviewRecord): void {
    this.insertStmt.run(revisionId, record.mode, JSON.stringify(record.fields))
  }

  /** The record, or null when the revision was saved with every field shown for review. */
  get(revisionId: number): ReviewRecord | null {
    const row = this.getStmt.get(revisionId)
    return row ? { mode: row.mode, fields: readJson(Fields, row.fields_json, `revision ${revisionId} review mode`) } : null
  }

  /**
   * Caption paths (shot_type, subjects[0].action, ...) nobody needed to look at in this revision: calibration must
   * not count them as "kept". Empty for audited revisions and for revisions without a record: every field was reviewed.
   */
  unlookedFields(revisionId: number): string[] {
    const record = this.get(revisionId)
    return record?.mode === 'accepted' ? record.fields : []
  }
}
