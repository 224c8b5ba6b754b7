import type { Db } from './db'

export interface SubjectTypeUse {
  type: string
  subType: string
  uses: number
}

/**
 * Distinct TYPES pairs of the project with how often they occur. Triggers on prelabels and
 * revisions (migrations.ts) keep the table current in the same transaction as each write, so
 * reading suggestions is one small indexed scan even at 100,000 clips.
 */
export class SubjectTypesRepo {
  private allStmt

  constructor(db: Db) {
    this.allStmt = db.prepare<[number], { type: string; sub_type: string; uses: number }>(
      'SELECT type, sub_type, uses FROM subject_types ORDER BY uses DESC, type, sub_type LIMIT ?'
    )
  }

  /** Most used first. */
  list(limit = 2000): SubjectTypeUse[] {
    return this.allStmt.all(limit).map((r) => ({ type: r.type, subType: r.sub_type, uses: r.uses }))
  }
}
