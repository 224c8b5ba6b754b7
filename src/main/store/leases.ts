import type { Lease, QueueOrder } from '../../shared/api/queue'
import type { Statement } from 'better-sqlite3'
import type { Db } from './db'
import { FilterWalk, type StepArgs } from './queueOrder'
import type { SearchIndex } from './searchIndex'

/** Who a lease is for: a person's id, or null for the host's operator. */
export type Holder = number | null

/** Which queue N walks: labelling, or the clips sent to review. */
export type QueueMode = 'annotate' | 'review'

interface Row {
  clip_id: number
  clip_name: string
  person_id: number | null
  name: string | null
  acquired_at: string
  expires_at: string
}

const toLease = (r: Row): Lease => ({
  clipId: r.clip_id,
  clipName: r.clip_name,
  personId: r.person_id,
  name: r.name,
  acquiredAt: r.acquired_at,
  expiresAt: r.expires_at
})

const SELECT = `SELECT l.clip_id, c.name AS clip_name, l.person_id, p.name, l.acquired_at, l.expires_at
  FROM leases l JOIN clips c ON c.id = l.clip_id LEFT JOIN people p ON p.id = l.person_id`

/**
/**
 * An overlap clip not yet adjudicated is for annotators (@blind) only, and only while it is their turn: their own latest
 * label is in progress, or they have none and fewer than two people labelled it (so no clip gets three labellers).
 */
const BLIND_TURN = `(NOT EXISTS (SELECT 1 FROM overlap_clips o WHERE o.clip_id = c.id AND o.adjudicated_at IS NULL) OR (@blind = 1 AND coalesce(
  (SELECT b.status FROM blind_labels b WHERE b.clip_id = c.id AND b.person_id = @holder ORDER BY b.number DESC LIMIT 1),
  CASE WHEN (SELECT count(DISTINCT b.person_id) FROM blind_labels b WHERE b.clip_id = c.id) < 2 THEN 'in_progress' END) = 'in_progress'))`
const UNHELD = 'NOT EXISTS (SELECT 1 FROM leases l WHERE l.clip_id = c.id AND l.expires_at > @now)'
// clips in review wait for a reviewer; returned ones go back to their annotator only (RETURNED); a clip that
// could not be imported (missing, corrupt) has nothing to label
const FREE = `c.state NOT IN ('approved', 'in_review', 'returned') AND c.import_error IS NULL AND ${UNHELD} AND ${BLIND_TURN}`
const SUBMITTER = '(SELECT r.submitted_by FROM reviews r WHERE r.clip_id = c.id ORDER BY r.id DESC LIMIT 1)'
const NOT_ASSIGNED = 'NOT EXISTS (SELECT 1 FROM assignments a WHERE a.clip_id = c.id)'
/**
 * The queue, in steps, each walking an index and stopping at the first free clip: the clips returned to the
 * caller, the caller's assigned clips, then the project's queue order; each from just after `after`, then wrapping
 * round (so `after` itself comes last). Done (approved) clips, clips in review, clips another person holds and clips
 * assigned to someone else are left out. A reviewer's queue is the clips in review they did not send.
 */
const RETURNED = (from: string) =>
  `SELECT c.id FROM clips c WHERE c.state = 'returned' AND ${from} AND ${UNHELD} AND ${SUBMITTER} IS @holder ORDER BY c.id LIMIT 1`
const ASSIGNED = (from: string) =>
  `SELECT c.id FROM assignments a JOIN clips c ON c.id = a.clip_id WHERE a.person_id IS @holder AND ${from} AND ${FREE} ORDER BY a.clip_id LIMIT 1`
const UNASSIGNED = (from: string) => `SELECT c.id FROM clips c WHERE ${from} AND ${FREE} AND ${NOT_ASSIGNED} ORDER BY c.id LIMIT 1`
const IN_REVIEW = (from: string) =>
  `SELECT c.id FROM clips c WHERE c.state = 'in_review' AND ${from} AND ${UNHELD} AND ${SUBMITTER} IS NOT @holder ORDER BY c.id LIMIT 1`
const NEXT_STEPS: Record<QueueMode, string[]> = {
  annotate: [RETURNED('c.id > @after'), RETURNED('c.id <= @after'), ASSIGNED('a.clip_id > @after'), ASSIGNED('a.clip_id <= @after')],
  review: [IN_REVIEW('c.id > @after'), IN_REVIEW('c.id <= @after')]
}
/** After an annotator's first steps, the queue order: import order, or a Library filter's walk (queueOrder.ts) in its place. */
const IMPORT_ORDER = [UNASSIGNED('c.id > @after'), UNASSIGNED('c.id <= @after')]
type Step = Statement<StepArgs, { id: number }>

/** Leases on clips (migration 10): one row per held clip, so a clip cannot be held by two at once. */
export class LeasesRepo {
  private expireStmt
  private listStmt
  private getStmt
  private dropHolderStmt
  private dropClipStmt
  private nextSteps
  private importSteps
  private filterWalk
  private insertStmt
  private renewStmt
  private releaseStmt
  private assignStmt
  private takeNext

  constructor(
    private db: Db,
    search: SearchIndex
  ) {
    this.expireStmt = db.prepare<[string], { clip_id: number }>('DELETE FROM leases WHERE expires_at <= ? RETURNING clip_id')
    this.listStmt = db.prepare<[string], Row>(`${SELECT} WHERE l.expires_at > ? ORDER BY l.clip_id`)
    this.getStmt = db.prepare<[number, string], Row>(`${SELECT} WHERE l.clip_id = ? AND l.expires_at > ?`)
    this.dropHolderStmt = db.prepare<[Holder], { clip_id: number }>('DELETE FROM leases WHERE person_id IS ? RETURNING clip_id')
    this.dropClipStmt = db.prepare<[number], { clip_id: number }>('DELETE FROM leases WHERE clip_id = ? RETURNING clip_id')
    const prepare = (steps: string[]): Step[] => steps.map((sql) => db.prepare(sql))
    this.nextSteps = { annotate: prepare(NEXT_STEPS.annotate), review: prepare(NEXT_STEPS.review) }
    this.importSteps = prepare(IMPORT_ORDER)
    this.filterWalk = new FilterWalk(db, `${FREE} AND ${NOT_ASSIGNED}`, search)
    this.insertStmt = db.prepare<[number, Holder, string, string]>(
      'INSERT INTO leases (clip_id, person_id, acquired_at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (clip_id) DO UPDATE SET person_id = excluded.person_id, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at'
    )
    this.renewStmt = db.prepare<[string, number, Holder, string]>('UPDATE leases SET expires_at = ? WHERE clip_id = ? AND person_id IS ? AND expires_at > ?')
    this.releaseStmt = db.prepare<[number, Holder]>('DELETE FROM leases WHERE clip_id = ? AND person_id IS ?')
    // ids that name no clip are passed over, not an error: a filter's answer may be older than a removal
    this.assignStmt = db.prepare<[number, number, string, number]>(
      `INSERT INTO assignments (clip_id, person_id, assigned_at) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM clips WHERE id = ?)
       ON CONFLICT (clip_id) DO UPDATE SET person_id = excluded.person_id, assigned_at = excluded.assigned_at`
    )
    // IMMEDIATE: the write lock is taken before the read, so another connection to the file cannot pick the same clip
    this.takeNext = db.transaction(
      (holder: Holder, after: number | null, now: string, until: string, how: { mode: QueueMode; order: QueueOrder; blind?: (clipId: number) => void }) => {
        const changed = [...this.expire(now), ...this.dropHolderStmt.all(holder).map((r) => r.clip_id)]
        const next = this.pick(how.mode, how.order, { holder, after: after ?? 0, now, blind: how.blind ? 1 : 0 })
        if (next) {
          how.blind?.(next.id)
          this.insertStmt.run(next.id, holder, now, until)
          changed.push(next.id)
        }
        return { lease: next ? this.get(next.id, now) : null, changed }
      }
    )
  }

  private pick(mode: QueueMode, order: QueueOrder, args: StepArgs): { id: number } | undefined {
    const first = (steps: Step[]) => {
      for (const step of steps) {
        const found = step.get(args)
        if (found) return found
      }
      return undefined
    }
    const head = first(this.nextSteps[mode])
    // a reviewer's queue is the clips in review, in import order; the queue order is for labelling
    if (head || mode === 'review') return head
    return order.kind === 'filter' ? this.filterWalk.pick(order, args) : first(this.importSteps)
  }

  /** Drops lapsed leases; the clips they held. */
  expire(now: string): number[] {
    return this.expireStmt.all(now).map((r) => r.clip_id)
  }

  list(now: string): Lease[] {
    return this.listStmt.all(now).map(toLease)
  }

  /** The clip's live lease, if any. */
  get(clipId: number, now: string): Lease | null {
    const row = this.getStmt.get(clipId, now)
    return row ? toLease(row) : null
  }

  /**
   * Releases the holder's lease and leases the next clip in the queue (null: none left); `changed` are the clips whose lease changed.
   * `blind` is given for annotators: their queue has overlap clips, and it is told the clip taken (in the transaction) to draw it for overlap.
   */
  next(
    holder: Holder,
    after: number | null,
    now: string,
    until: string,
    how: { mode: QueueMode; order: QueueOrder; blind?: (clipId: number) => void }
  ): { lease: Lease | null; changed: number[] } {
    return this.takeNext.immediate(holder, after, now, until, how)
  }

  /** Extends the holder's own live lease; false if it has none on the clip. */
  renew(holder: Holder, clipId: number, now: string, until: string): boolean {
    return this.renewStmt.run(until, clipId, holder, now).changes === 1
  }

  /** Ends the holder's lease on the clip; false if it held none. */
  release(holder: Holder, clipId: number): boolean {
    return this.releaseStmt.run(clipId, holder).changes === 1
  }

  /** Ends whoever's lease is on the clip. */
  releaseAny(clipId: number): boolean {
    return this.dropClipStmt.all(clipId).length === 1
  }

  /** Hands the clip to `holder`, replacing its current holder and the new holder's other lease. */
  grant(holder: Holder, clipId: number, now: string, until: string): number[] {
    return this.db.transaction(() => {
      const changed = this.dropHolderStmt.all(holder).map((r) => r.clip_id)
      this.insertStmt.run(clipId, holder, now, until)
      return [...changed, clipId]
    })()
  }

  assign(clipIds: number[], personId: number, now: string): number {
    return this.db.transaction(() => {
      let assigned = 0
      for (const id of clipIds) assigned += this.assignStmt.run(id, personId, now, id).changes
      return assigned
    })()
  }
}
