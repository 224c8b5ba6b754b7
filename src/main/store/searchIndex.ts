import type { Statement } from 'better-sqlite3'
import type { Db } from './db'

// The words of a caption the Library's text filter finds: motion, environment, lighting, then each
// subject's type, sub-type, appearance, action, expression and position (as migration 4 indexed them).
const BODY = `concat_ws(' ', json_extract(caption_json, '$.camera_motion'), json_extract(caption_json, '$.environment'),
  json_extract(caption_json, '$.lighting'),
  (SELECT group_concat(concat_ws(' ', json_extract(s.value, '$.TYPES.type'), json_extract(s.value, '$.TYPES.sub_type'),
    json_extract(s.value, '$.appearance'), json_extract(s.value, '$.action'), json_extract(s.value, '$.expression'),
    json_extract(s.value, '$.position')), ' ') FROM json_each(caption_json, '$.subjects') s))`

/** A clip's caption: its latest revision, else its latest pre-label. */
const LATEST = `coalesce(
  (SELECT caption_json FROM revisions WHERE clip_id = p.clip_id ORDER BY number DESC LIMIT 1),
  (SELECT caption_json FROM prelabels WHERE clip_id = p.clip_id ORDER BY id DESC LIMIT 1))`

/**
 * Index pages merged after each batch: on 20,000 clips saved three times each this keeps about 24 segments
 * (searches stay under a few ms) with no batch over ~16 ms; FTS5's automerge had batches of 100+ ms.
 */
const MERGE_PAGES = 16

/** Clips marked per background batch: enough to share one FTS5 segment, few enough to keep a batch short. */
export const SEARCH_BATCH = 2000

/**
 * The full-text index of each clip's latest caption (migration 4's caption_fts), kept current in
 * batches: saves and pre-labels mark their clip in search_pending (migration 12's triggers) and
 * `flush` rewrites the marked clips' rows in one transaction, so FTS5 writes one segment per batch
 * instead of one per save. Anything that searches calls `flush` first, so a search sees every save.
 */
export class SearchIndex {
  private readonly anyStmt: Statement<[], number>
  private readonly lastStmt: Statement<[number], number>
  private readonly dropStmt: Statement<[number], unknown>
  private readonly writeStmt: Statement<[number], unknown>
  private readonly doneStmt: Statement<[number], unknown>
  private readonly mergeStmt: Statement<[], unknown>

  constructor(private db: Db) {
    this.anyStmt = db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM search_pending)').pluck()
    this.lastStmt = db.prepare<[number], number>('SELECT clip_id FROM search_pending ORDER BY clip_id LIMIT 1 OFFSET ? - 1').pluck()
    this.dropStmt = db.prepare('DELETE FROM caption_fts WHERE rowid IN (SELECT clip_id FROM search_pending WHERE clip_id <= ?)')
    this.writeStmt = db.prepare(
      `INSERT INTO caption_fts (rowid, body)
       SELECT clip_id, ${BODY} FROM (SELECT p.clip_id, ${LATEST} AS caption_json FROM search_pending p WHERE p.clip_id <= ?)
       WHERE caption_json IS NOT NULL`
    )
    this.doneStmt = db.prepare('DELETE FROM search_pending WHERE clip_id <= ?')
    // Migration 12 turned FTS5's own merging off: it would now and then rewrite a large segment in one
    // go (100+ ms with the host's loop blocked). Each batch does a bounded share of it instead.
    this.mergeStmt = db.prepare(`INSERT INTO caption_fts (caption_fts, rank) VALUES ('merge', ${MERGE_PAGES})`)
  }

  /** True when some clip's index row is behind its caption. */
  get behind(): boolean {
    return this.anyStmt.get() === 1
  }

  /** Brings the index up to date for every marked clip (or the first `limit` of them); the clips it rewrote. */
  flush(limit = Infinity): number {
    if (!this.behind) return 0
    return this.db
      .transaction((): number => {
        const upTo = (Number.isFinite(limit) ? this.lastStmt.get(limit) : undefined) ?? Number.MAX_SAFE_INTEGER
        this.dropStmt.run(upTo)
        this.writeStmt.run(upTo)
        const rewritten = this.doneStmt.run(upTo).changes
        this.mergeStmt.run()
        return rewritten
      })
      .immediate()
  }
}
