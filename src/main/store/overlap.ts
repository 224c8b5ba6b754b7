import { createHash } from 'node:crypto'
import { StructuralCaption } from '../../shared/caption'
import { ClipStatus, type Revision } from '../../shared/contract'
import type { BlindVersion, OverlapRow } from '../../shared/api/overlap'
import type { Db } from './db'
import { readJson } from './json'

/** Where a flagged blind label keeps its reason: blind_labels (migration 11) has no column for it. */
const flagKey = (labelId: number) => `blind_flag_reason:${labelId}`

interface LabelRow {
  id: number
  clip_id: number
  person_id: number
  name: string
  number: number
  caption_json: string
  status: string
  prelabel_id: number | null
  created_at: string
  flag_reason: string | null
}

export interface NewBlindLabel {
  clipId: number
  personId: number
  number: number
  caption: StructuralCaption
  status: ClipStatus
  prelabelId: number | null
  flagReason: string | null
}

/** The share a clip draws from (project id, clip id): the same on every host and every run, so who overlaps is predictable. */
export function overlapDraw(projectId: string, clipId: number): number {
  return createHash('sha256').update(`${projectId}:${clipId}`).digest().readUInt32BE(0) / 2 ** 32
}

interface ProgressRow {
  clip_id: number
  clip_name: string
  chosen_at: string
  labellers: number
  approved: number
  adjudicator: string | null
  adjudicated_at: string | null
}

/** Each overlap clip's labellers and approved latest labels, and who adjudicated it (the revision's name). */
const PROGRESS = `SELECT o.clip_id, c.name AS clip_name, o.chosen_at, o.adjudicated_at, r.annotator AS adjudicator,
    (SELECT count(DISTINCT person_id) FROM blind_labels b WHERE b.clip_id = o.clip_id) AS labellers,
    (SELECT count(*) FROM blind_labels b WHERE b.clip_id = o.clip_id AND b.status = 'approved'
       AND b.number = (SELECT max(number) FROM blind_labels x WHERE x.clip_id = b.clip_id AND x.person_id = b.person_id)) AS approved
  FROM overlap_clips o JOIN clips c ON c.id = o.clip_id
  LEFT JOIN revisions r ON r.clip_id = o.clip_id AND r.number = o.adjudicated_number`

const toRow = (r: ProgressRow): OverlapRow => ({
  clipId: r.clip_id,
  clipName: r.clip_name,
  chosenAt: r.chosen_at,
  labellers: r.labellers,
  approved: r.approved,
  adjudicatedBy: r.adjudicator,
  adjudicatedAt: r.adjudicated_at
})

const LABEL = `SELECT b.*, p.name, m.value AS flag_reason FROM blind_labels b JOIN people p ON p.id = b.person_id
  LEFT JOIN project_meta m ON m.key = 'blind_flag_reason:' || b.id`

/** Blind overlap (migration 11): which clips two annotators label independently, their labels, and the adjudication stamp. */
export class OverlapRepo {
  private openStmt
  private chooseStmt
  private ownLatestStmt
  private ownHistoryStmt
  private labellersStmt
  private insertStmt
  private flagStmt
  private versionsStmt
  private listStmt
  private rowStmt
  private stateStmt
  private stageStmt
  private stampStmt

  constructor(db: Db) {
    this.openStmt = db.prepare<[number], { adjudicated_at: string | null }>('SELECT adjudicated_at FROM overlap_clips WHERE clip_id = ?')
    // only a clip nobody started: no human revision and not chosen before
    this.chooseStmt = db.prepare<[number, string, number]>(
      'INSERT INTO overlap_clips (clip_id, chosen_at) SELECT ?, ? WHERE EXISTS (SELECT 1 FROM clips WHERE id = ? AND latest_revision_number = 0) ON CONFLICT DO NOTHING'
    )
    this.ownLatestStmt = db.prepare<[number, number], LabelRow>(`${LABEL} WHERE b.clip_id = ? AND b.person_id = ? ORDER BY b.number DESC LIMIT 1`)
    this.ownHistoryStmt = db.prepare<[number, number], LabelRow>(`${LABEL} WHERE b.clip_id = ? AND b.person_id = ? ORDER BY b.number DESC`)
    this.labellersStmt = db.prepare<[number], { person_id: number }>('SELECT DISTINCT person_id FROM blind_labels WHERE clip_id = ?')
    this.insertStmt = db.prepare(
      `INSERT INTO blind_labels (clip_id, person_id, number, caption_json, status, prelabel_id, created_at)
       VALUES (@clipId, @personId, @number, @caption, @status, @prelabelId, @createdAt)`
    )
    this.flagStmt = db.prepare<[string, string]>('INSERT INTO project_meta (key, value) VALUES (?, ?)')
    // each labeller's latest label, the first labeller first
    this.versionsStmt = db.prepare<[number], LabelRow>(
      `${LABEL} WHERE b.clip_id = ? AND b.number = (SELECT max(number) FROM blind_labels x WHERE x.clip_id = b.clip_id AND x.person_id = b.person_id)
       ORDER BY (SELECT min(id) FROM blind_labels x WHERE x.clip_id = b.clip_id AND x.person_id = b.person_id)`
    )
    this.listStmt = db.prepare<[], ProgressRow>(`${PROGRESS} ORDER BY o.clip_id`)
    this.rowStmt = db.prepare<[number], ProgressRow>(`${PROGRESS} WHERE o.clip_id = ?`)
    this.stateStmt = db.prepare<[number], { state: string }>('SELECT state FROM clips WHERE id = ?')
    this.stageStmt = db.prepare<[string | null, number]>('UPDATE clips SET stage = ? WHERE id = ?')
    this.stampStmt = db.prepare<[number, number | null, string, number]>(
      'UPDATE overlap_clips SET adjudicated_number = ?, adjudicated_by = ?, adjudicated_at = ? WHERE clip_id = ? AND adjudicated_at IS NULL'
    )
  }

  /** Is the clip an overlap clip still waiting for its adjudication? */
  isOpen(clipId: number): boolean {
    const row = this.openStmt.get(clipId)
    return row !== undefined && row.adjudicated_at === null
  }

  /** Makes the clip an overlap clip when nobody started it and its draw falls under the share; true if it is one now. */
  chooseIfShared(projectId: string, clipId: number, share: number, now: string): boolean {
    if (share > 0 && overlapDraw(projectId, clipId) < share) this.chooseStmt.run(clipId, now, clipId)
    return this.isOpen(clipId)
  }

  /** The person's latest blind label, in the shape of a revision. */
  ownLatest(clipId: number, personId: number): Revision | null {
    const row = this.ownLatestStmt.get(clipId, personId)
    return row ? toRevision(row) : null
  }

  /** The person's own blind labels, newest first. */
  ownHistory(clipId: number, personId: number): Revision[] {
    return this.ownHistoryStmt.all(clipId, personId).map(toRevision)
  }

  labellers(clipId: number): number[] {
    return this.labellersStmt.all(clipId).map((r) => r.person_id)
  }

  insert(label: NewBlindLabel, createdAt: string): Revision {
    const id = Number(this.insertStmt.run({ ...label, caption: JSON.stringify(label.caption), createdAt }).lastInsertRowid)
    if (label.flagReason) this.flagStmt.run(flagKey(id), label.flagReason)
    const row = this.ownLatestStmt.get(label.clipId, label.personId)!
    return toRevision(row)
  }

  /** Each labeller's latest label, the first labeller first. */
  versions(clipId: number): BlindVersion[] {
    return this.versionsStmt.all(clipId).map((r) => {
      const revision = toRevision(r)
      return { personId: r.person_id, name: r.name, caption: revision.caption, status: revision.status, flagReason: revision.flagReason, at: r.created_at }
    })
  }

  list(): OverlapRow[] {
    return this.listStmt.all().map(toRow)
  }

  /** One overlap clip's progress; null if it is not one. */
  row(clipId: number): OverlapRow | null {
    const row = this.rowStmt.get(clipId)
    return row ? toRow(row) : null
  }

  /** Both labels in: the clip goes to review (A reviewer's queue offers clips in 'in_review'). */
  sendToReview(clipId: number): void {
    if (this.stateStmt.get(clipId)?.state !== 'approved') this.stageStmt.run('in_review', clipId)
  }

  /** Stamps the adjudication and clears the stage; false if someone adjudicated it first. */
  stamp(clipId: number, revisionNumber: number, personId: number | null, now: string): boolean {
    const stamped = this.stampStmt.run(revisionNumber, personId, now, clipId).changes === 1
    if (stamped) this.stageStmt.run(null, clipId)
    return stamped
  }
}

function toRevision(row: LabelRow): Revision {
  return {
    id: row.id,
    clipId: row.clip_id,
    number: row.number,
    caption: readJson(StructuralCaption, row.caption_json, `blind label ${row.id} caption`),
    status: ClipStatus.parse(row.status),
    annotator: row.name,
    prelabelId: row.prelabel_id,
    flagReason: row.flag_reason,
    createdAt: row.created_at
  }
}
