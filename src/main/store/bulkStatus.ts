import type { z } from 'zod'
import { emptyCaption } from '../../shared/caption'
import type { ClipStatus, Contract } from '../../shared/contract'
import type { Db } from './db'
import { flagReasonFor } from './flagReason'
import { nowIso } from './json'

export type BulkStatusChange = z.output<Contract['clips.bulkStatus']['input']>

// Ids go to SQLite as one JSON array per statement; chunks keep each statement's work bounded.
const CHUNK = 5000

const INSERT_SQL = `INSERT INTO revisions (clip_id, number, caption_json, status, annotator, prelabel_id, flag_reason, created_at)
  SELECT c.id, c.latest_revision_number + 1,
    COALESCE(
      (SELECT caption_json FROM revisions r WHERE r.clip_id = c.id AND r.number = c.latest_revision_number),
      (SELECT caption_json FROM prelabels p WHERE p.clip_id = c.id ORDER BY p.id DESC LIMIT 1),
      @empty),
    @status, @annotator,
    (SELECT id FROM prelabels p WHERE p.clip_id = c.id ORDER BY p.id DESC LIMIT 1),
    @flagReason, @now
  FROM clips c WHERE c.id IN (SELECT value FROM json_each(@ids)) AND c.state != @status`

// Runs after the insert, so latest_revision_number + 1 is the revision just written. A bulk status ends any review stage.
const SUMMARY_SQL = `UPDATE clips SET status = @status, stage = NULL, latest_revision_number = latest_revision_number + 1,
    shot_type = (SELECT json_extract(r.caption_json, '$.shot_type') FROM revisions r
                 WHERE r.clip_id = clips.id AND r.number = clips.latest_revision_number + 1)
  WHERE id IN (SELECT value FROM json_each(@ids)) AND state != @status`

/**
 * Sets the status of many clips in one transaction and returns the ids that changed. Each clip
 * not already in that status gets revision n+1 with its current caption (latest revision, else
 * latest pre-label, else empty), the new status and the acting annotator: history stays
 * append-only and says who did it. The revisions trigger updates annotator, disagreement and
 * search; this updates what a single save sets in code (status, revision number, shot type).
 */
export function setStatusInBulk(db: Db, change: BulkStatusChange): number[] {
  const { status, annotator } = change
  const flagReason = flagReasonFor(status, change.flagReason, 'clips are')
  const insert = db.prepare(INSERT_SQL)
  const summary = db.prepare(SUMMARY_SQL)
  const empty = JSON.stringify(emptyCaption())
  return db
    .transaction((): number[] => {
      const ids = targets(db, change.ids, status)
      const now = nowIso()
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = JSON.stringify(ids.slice(i, i + CHUNK))
        insert.run({ ids: chunk, status, annotator, flagReason, now, empty })
        summary.run({ ids: chunk, status })
      }
      return ids
    })
    .immediate()
}

/** The given clips that exist and are not already in `status`, read inside the write transaction. */
function targets(db: Db, ids: number[], status: ClipStatus): number[] {
  return db
    .prepare<[string, string], number>('SELECT id FROM clips WHERE id IN (SELECT value FROM json_each(?)) AND state != ? ORDER BY id')
    .pluck()
    .all(JSON.stringify(ids), status)
}
