// Rows of the review and blind-overlap tables written with plain SQL on a real project file, at chosen
// times. It stands in for the review and overlap writers (reviews, overlap_clips, blind_labels), which
// land separately; the team figures only read these tables.
import { emptyCaption, type StructuralCaption } from '../../src/shared/caption'
import type { Role } from '../../src/shared/roles'
import { openDb, type Db } from '../../src/main/store/db'

type LabelStatus = 'in_progress' | 'approved' | 'rejected' | 'flagged'

export class TeamRows {
  private db: Db
  private numbers = new Map<string, number>()

  /** T0 plus `minutes`, as the ISO text the tables store. */
  static at(minutes: number): string {
    return new Date(Date.UTC(2026, 0, 5, 9) + minutes * 60_000).toISOString()
  }

  constructor(file: string) {
    this.db = openDb(file, { mustExist: true })
  }

  person(name: string, role: Role): number {
    const found = this.db.prepare<[string], { id: number }>('SELECT id FROM people WHERE name = ?').get(name)
    if (found) return found.id
    return Number(this.db.prepare('INSERT INTO people (name, role, created_at) VALUES (?, ?, ?)').run(name, role, TeamRows.at(0)).lastInsertRowid)
  }

  /** A clip row (no file behind it: the team figures never read media). */
  clip(name: string): number {
    const sql = `INSERT INTO clips (path, name, size, mtime_ms, duration, fps, frame_count, width, height, codec, extra_json, imported_at, status)
      VALUES (?, ?, 1, 1, 4, 25, 100, 1920, 1080, 'h264', '{}', ?, 'unreviewed')`
    return Number(this.db.prepare(sql).run(`/clips/${name}`, name, TeamRows.at(0)).lastInsertRowid)
  }

  revision(clipId: number, annotator: string, status: LabelStatus, minutes: number, stage: 'in_review' | null = null): void {
    const number = this.next(`r${clipId}`)
    this.db
      .prepare('INSERT INTO revisions (clip_id, number, caption_json, status, annotator, created_at, stage) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(clipId, number, JSON.stringify(emptyCaption()), status, annotator, TeamRows.at(minutes), stage)
    this.db.prepare('UPDATE clips SET latest_revision_number = ?, status = ? WHERE id = ?').run(number, status, clipId)
  }

  /** A submission to review, and the reviewer's decision when given. */
  review(clipId: number, by: number, minutes: number, decision?: { verdict: 'approved' | 'returned'; reviewer: number; minutes: number }): void {
    this.db
      .prepare(`INSERT INTO reviews (clip_id, submitted_number, submitted_by, submitted_at, verdict, reviewer_id, decided_at) VALUES (?, 1, ?, ?, ?, ?, ?)`)
      .run(clipId, by, TeamRows.at(minutes), decision?.verdict ?? null, decision?.reviewer ?? null, decision ? TeamRows.at(decision.minutes) : null)
  }

  overlap(clipId: number): void {
    this.db.prepare('INSERT INTO overlap_clips (clip_id, chosen_at) VALUES (?, ?)').run(clipId, TeamRows.at(0))
  }

  /** The person's next blind version of the clip. */
  blindLabel(clipId: number, personId: number, caption: StructuralCaption, status: LabelStatus, minutes: number): void {
    this.db
      .prepare('INSERT INTO blind_labels (clip_id, person_id, number, caption_json, status, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(clipId, personId, this.next(`b${clipId}/${personId}`), JSON.stringify(caption), status, TeamRows.at(minutes))
  }

  lease(clipId: number, personId: number, minutes: number, untilIso: string): void {
    this.db
      .prepare('INSERT INTO leases (clip_id, person_id, acquired_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(clipId, personId, TeamRows.at(minutes), untilIso)
  }

  close(): void {
    this.db.close()
  }

  private next(key: string): number {
    const n = (this.numbers.get(key) ?? 0) + 1
    this.numbers.set(key, n)
    return n
  }
}
