import type { Role } from '../../shared/roles'
import type { Db } from './db'

/** Two annotators' latest approved blind labels of one overlap clip, captions as stored JSON (first has the lower person id). */
export interface OverlapPairRow {
  clip_id: number
  first_id: number
  first: string
  second_id: number
  second: string
}

export interface PersonWorkRow {
  id: number
  name: string
  role: Role
  /** Distinct clips approved or sent to review by them, or blind-labelled and approved. */
  done: number
  approved: number
  returned: number
}

/** What the team figures read: overlap pairs and each person's work (migrations 9–11). */
export class TeamRowsRepo {
  private overlapStmt
  private pairsStmt
  private peopleStmt
  private timesStmt

  constructor(db: Db) {
    this.overlapStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM overlap_clips')
    this.pairsStmt = db.prepare<[], OverlapPairRow>(`
      WITH latest AS (
        SELECT b.clip_id, b.person_id, b.caption_json,
               row_number() OVER (PARTITION BY b.clip_id, b.person_id ORDER BY b.number DESC) AS k
        FROM blind_labels b JOIN overlap_clips o ON o.clip_id = b.clip_id
        WHERE b.status = 'approved')
      SELECT a.clip_id, a.person_id AS first_id, a.caption_json AS first, b.person_id AS second_id, b.caption_json AS second
      FROM latest a JOIN latest b ON b.clip_id = a.clip_id AND b.person_id > a.person_id
      WHERE a.k = 1 AND b.k = 1
      ORDER BY a.clip_id, a.person_id, b.person_id`)
    // revisions name their annotator (people.name is unique, so indexed); reviews and blind labels the person's id.
    // One pass over each table, not one per person: revisions has no index on its annotator.
    this.peopleStmt = db.prepare<[], PersonWorkRow>(`
      WITH done AS (
        SELECT p.id AS person_id, r.clip_id FROM revisions r JOIN people p ON p.name = r.annotator
          WHERE r.status = 'approved' OR r.stage = 'in_review'
        UNION SELECT submitted_by, clip_id FROM reviews WHERE submitted_by IS NOT NULL
        UNION SELECT person_id, clip_id FROM blind_labels WHERE status = 'approved'),
      counted AS (SELECT person_id, count(*) AS n FROM done GROUP BY person_id)
      SELECT p.id, p.name, p.role, coalesce(c.n, 0) AS done,
        (SELECT count(*) FROM reviews v WHERE v.submitted_by = p.id AND v.verdict = 'approved') AS approved,
        (SELECT count(*) FROM reviews v WHERE v.submitted_by = p.id AND v.verdict = 'returned') AS returned
      FROM people p LEFT JOIN counted c ON c.person_id = p.id ORDER BY p.name`)
    // every timestamp of a person's own actions: saves, blind labels, submissions and decisions, the lease they hold
    this.timesStmt = db.prepare<[], { person_id: number; at: string }>(`
      SELECT p.id AS person_id, r.created_at AS at FROM revisions r JOIN people p ON p.name = r.annotator
      UNION ALL SELECT person_id, created_at FROM blind_labels
      UNION ALL SELECT submitted_by, submitted_at FROM reviews WHERE submitted_by IS NOT NULL
      UNION ALL SELECT reviewer_id, decided_at FROM reviews WHERE reviewer_id IS NOT NULL AND decided_at IS NOT NULL
      UNION ALL SELECT person_id, acquired_at FROM leases WHERE person_id IS NOT NULL
      ORDER BY person_id, at`)
  }

  overlapCount(): number {
    return this.overlapStmt.get()?.n ?? 0
  }

  /** Ordered by clip; one row at a time. */
  overlapPairs(): IterableIterator<OverlapPairRow> {
    return this.pairsStmt.iterate()
  }

  people(): PersonWorkRow[] {
    return this.peopleStmt.all()
  }

  /** Each person's action times in ms, ascending. */
  actionTimes(): Map<number, number[]> {
    const times = new Map<number, number[]>()
    for (const row of this.timesStmt.iterate()) {
      const at = Date.parse(row.at)
      if (Number.isNaN(at)) continue
      const list = times.get(row.person_id)
      if (list) list.push(at)
      else times.set(row.person_id, [at])
    }
    return times
  }
}
