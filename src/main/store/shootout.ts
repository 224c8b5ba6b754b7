import { z } from 'zod'
import type { Db } from './db'
import { MetaEntry } from './metaEntry'

const ClipIds = z.array(z.number().int())

/**
 * What the quant shoot-out reads and keeps beside the pre-labels: its clip samples, and the blind
 * gold set. The gold set is a project_meta entry (a JSON list of clip ids): no clip or revision
 * column fits it (clips.extra_json holds the imported CSV's own columns and goes into exports).
 */
export class ShootoutRepo {
  private approvedStmt
  private stratifiedStmt
  private gold
  /** The gold list as a set, for the list object `gold` last gave: isGold runs on every clip open and save. */
  private goldSet: { of: number[]; ids: Set<number> } | null = null
  private anchoredStmt

  constructor(db: Db) {
    this.approvedStmt = db.prepare<[number], { id: number }>("SELECT id FROM clips WHERE status = 'approved' AND import_error IS NULL ORDER BY id LIMIT ?")
    // strata: (shot type, subject type) pairs, from the clip's latest revision, else its latest
    // pre-label. A clip belongs to the pair of every subject it has (one without subjects to the
    // shot type's '' pair), so a type seen only as a second subject is sampled too; a clip that
    // fills several pairs is taken once.
    this.stratifiedStmt = db.prepare<[number], { id: number }>(`
      WITH captions AS (
        SELECT c.id, coalesce(c.shot_type, '') AS shot, coalesce(json_extract(coalesce(
          (SELECT r.caption_json FROM revisions r WHERE r.clip_id = c.id AND r.number = c.latest_revision_number),
          (SELECT p.caption_json FROM prelabels p WHERE p.clip_id = c.id ORDER BY p.id DESC LIMIT 1)), '$.subjects'), '[]') AS subjects
        FROM clips c WHERE c.import_error IS NULL),
      pairs AS (
        SELECT DISTINCT captions.id, shot, coalesce(json_extract(s.value, '$.TYPES.type'), '') AS type FROM captions, json_each(captions.subjects) s
        UNION SELECT id, shot, '' FROM captions WHERE json_array_length(subjects) = 0),
      ranked AS (SELECT id, ROW_NUMBER() OVER (PARTITION BY shot, type ORDER BY id) AS rank FROM pairs)
      SELECT DISTINCT id FROM ranked WHERE rank <= ? ORDER BY id`)
    this.gold = new MetaEntry(db, 'gold_clips', ClipIds, 'gold set', () => [])
    this.anchoredStmt = db.prepare<[number], { one: number }>('SELECT 1 AS one FROM revisions WHERE clip_id = ? AND prelabel_id IS NOT NULL LIMIT 1')
  }

  approvedSample(limit: number): number[] {
    return this.approvedStmt.all(limit).map((r) => r.id)
  }

  /** Up to perStratum readable clips of every (shot type, subject type) pair of any subject, lowest ids first. */
  stratifiedSample(perStratum: number): number[] {
    return this.stratifiedStmt.all(perStratum).map((r) => r.id)
  }

  goldClips(): number[] {
    return [...this.gold.get()]
  }

  isGold(clipId: number): boolean {
    const list = this.gold.get()
    if (this.goldSet?.of !== list) this.goldSet = { of: list, ids: new Set(list) }
    return this.goldSet.ids.has(clipId)
  }

  /** True once someone saved a revision of the clip that started from a pre-label: it can no longer be blind. */
  anchored(clipId: number): boolean {
    return this.anchoredStmt.get(clipId) !== undefined
  }

  /** Adds or removes clips from the gold set; returns the whole set, sorted. */
  markGold(clipIds: number[], gold: boolean): number[] {
    const set = new Set(this.goldClips())
    for (const id of clipIds) {
      if (gold) set.add(id)
      else set.delete(id)
    }
    const sorted = [...set].sort((a, b) => a - b)
    this.gold.put(sorted)
    return sorted
  }
}
