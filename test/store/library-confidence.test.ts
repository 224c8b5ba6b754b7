import { beforeAll, describe, expect, it } from 'vitest'
import type { PrelabelConfidence } from '../../src/shared/confidence'
import { ClipQuery } from '../../src/shared/contract'
import { filterWhere } from '../../src/main/store/libraryFilter'
import type { ProjectStore } from '../../src/main/store/project'
import { addClip, caption, fileInfo, MODEL, names, newStore, revise } from '../helpers/library'

/** A scored pre-label's confidence: field paths with their p; min over the non-text fields, as the scorer sets it. */
function scored(fields: Record<string, number>): PrelabelConfidence {
  const list = Object.entries(fields).map(([path, p]) => ({ path, kind: path.includes('action') ? ('text' as const) : ('enum' as const), p }))
  const ranked = list.filter((f) => f.kind !== 'text').map((f) => f.p)
  return { status: 'scored', topK: 5, fields: list, min: ranked.length ? Math.min(...ranked) : null }
}

function prelabel(store: ProjectStore, clipId: number, confidence?: PrelabelConfidence): void {
  store.addPrelabel({ clipId, rawText: '{}', caption: caption(), problems: [], source: MODEL, timings: {}, confidence })
}

/**
 * Seven clips: four scored (mid 0.5, low 0.2, high 0.9, tie 0.5), one whose engine gave no confidence, one never
 * asked, one unplayable and scored lowest of all. `redone` was scored low, then re-pre-labeled high.
 */
function handBuilt(): { store: ProjectStore; ids: Record<string, number> } {
  const store = newStore()
  const ids: Record<string, number> = {}
  const add = (name: string, confidence?: PrelabelConfidence, info = fileInfo()) => {
    ids[name] = addClip(store, name, [], info)
    prelabel(store, ids[name], confidence)
  }
  add('mid.mp4', scored({ shot_type: 0.5, 'subjects[0].action': 0.3, 'subjects.count': 0.95 }))
  add('low.mp4', scored({ shot_type: 0.9, lighting: 0.2, 'subjects[1].action': 0.7 }))
  add('none.mp4', { status: 'none', reason: 'engine returned no logprobs' })
  add('high.mp4', scored({ shot_type: 0.9, 'subjects[0].action': 0.95 }))
  add('never.mp4')
  add('tie.mp4', scored({ shot_type: 0.5, 'subjects[2].action': 0.1 }))
  add('broken.mp4', scored({ shot_type: 0.05 }), fileInfo({ importError: 'moov atom not found' }))
  add('redone.mp4', scored({ shot_type: 0.1, 'subjects[0].action': 0.05 }))
  prelabel(store, ids['redone.mp4'], scored({ shot_type: 0.8, 'subjects[0].action': 0.9 }))
  return { store, ids }
}

describe('the Library by confidence', () => {
  let store: ProjectStore
  beforeAll(() => ({ store } = handBuilt()))

  const sorted = (desc: boolean, offset = 0, limit = 1000) =>
    store.library.list(ClipQuery.parse({ sort: 'confidence', desc, offset, limit })).rows.map((r) => r.name)

  it('sorts least confident first, ties by import order, clips without a score last either way', () => {
    expect(sorted(false)).toEqual(['broken.mp4', 'low.mp4', 'mid.mp4', 'tie.mp4', 'redone.mp4', 'high.mp4', 'none.mp4', 'never.mp4'])
    expect(sorted(true)).toEqual(['high.mp4', 'redone.mp4', 'tie.mp4', 'mid.mp4', 'low.mp4', 'broken.mp4', 'never.mp4', 'none.mp4'])
    // pages cut the same order
    expect([...sorted(false, 0, 3), ...sorted(false, 3, 3), ...sorted(false, 6, 3)]).toEqual(sorted(false))
  })

  it('shows the clip minimum as a column', () => {
    const rows = store.library.list(ClipQuery.parse({ sort: 'name' })).rows
    const confidence = Object.fromEntries(rows.map((r) => [r.name, r.confidence]))
    expect(confidence).toEqual({
      'broken.mp4': 0.05,
      'high.mp4': 0.9,
      'low.mp4': 0.2,
      'mid.mp4': 0.5,
      'never.mp4': null,
      'none.mp4': null,
      'redone.mp4': 0.8,
      'tie.mp4': 0.5
    })
  })

  it('filters on one field below a bound, any subject, on the latest pre-label only', () => {
    const below = (field: string, x: number) => names(store, { lowConfidence: { field, below: x } as ClipQuery['lowConfidence'] })
    expect(below('subjects.action', 0.5)).toEqual(['mid.mp4', 'tie.mp4'])
    // redone's old pre-label had action 0.05; its latest has 0.9
    expect(below('subjects.action', 0.95)).toEqual(['low.mp4', 'mid.mp4', 'redone.mp4', 'tie.mp4'])
    // strictly below
    expect(below('shot_type', 0.5)).toEqual(['broken.mp4'])
    expect(below('shot_type', 0.51)).toEqual(['broken.mp4', 'mid.mp4', 'tie.mp4'])
    expect(below('lighting', 1)).toEqual(['low.mp4'])
    expect(below('subjects.count', 0.5)).toEqual([])
    // with another filter and in the counts
    const dropped = names(store, { lowConfidence: { field: 'shot_type', below: 0.51 }, search: 't' })
    expect(dropped).toEqual(['tie.mp4'])
    expect(store.library.counts({ lowConfidence: { field: 'shot_type', below: 0.51 } }).unreviewed).toBe(3)
  })

  it('refuses a field the scorer never writes and a bound outside 0..1', () => {
    expect(ClipQuery.safeParse({ lowConfidence: { field: 'subjects[0].action', below: 0.5 } }).success).toBe(false)
    expect(ClipQuery.safeParse({ lowConfidence: { field: 'shot_type', below: 1.5 } }).success).toBe(false)
  })

  it('walks the confidence index for the sort and the field index for the filter', () => {
    const plan = (sql: string, ...params: unknown[]) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n')
    expect(plan('SELECT id FROM clips ORDER BY confidence ASC NULLS LAST, id ASC LIMIT 10')).toMatch(/INDEX clips_confidence/)
    expect(plan('SELECT id FROM clips ORDER BY confidence ASC NULLS LAST, id ASC LIMIT 10')).not.toMatch(/TEMP B-TREE/)
    const where =
      'id IN (SELECT p.clip_id FROM prelabel_field_confidence f JOIN prelabels p ON p.id = f.prelabel_id WHERE f.field = ? AND f.p < ? AND p.id = (SELECT MAX(l.id) FROM prelabels l WHERE l.clip_id = p.clip_id))'
    expect(plan(`SELECT count(*) FROM clips WHERE ${where}`, 'shot_type', 0.5)).toMatch(/prelabel_field_confidence_field/)
  })

  it("reads a filtered page along the sort's index, the latest pre-label's rows by key, and agrees with the count", () => {
    const page = filterWhere({ lowConfidence: { field: 'shot_type', below: 0.5 } }, true)
    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM clips ${page.sql} ORDER BY name LIMIT 10`).all(...page.params) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n')
    expect(plan).toMatch(/INDEX clips_name/)
    expect(plan).toMatch(/EXISTS USING PRIMARY KEY \(prelabel_id=\?\)/)
    expect(plan).not.toMatch(/prelabel_field_confidence_field/)
    for (const sort of ['id', 'name', 'confidence'] as const) {
      for (const desc of [false, true]) {
        const got = store.library.list(ClipQuery.parse({ sort, desc, lowConfidence: { field: 'subjects.action', below: 0.95 } }))
        expect(got.total).toBe(got.rows.length)
        expect(got.rows.map((r) => r.name).sort()).toEqual(['low.mp4', 'mid.mp4', 'redone.mp4', 'tie.mp4'])
      }
    }
  })
})

describe('next clip in least-confident-first order', () => {
  let store: ProjectStore
  let ids: Record<string, number>
  beforeAll(() => ({ store, ids } = handBuilt()))

  /** Follows "next" from a clip until it comes back round, by name. */
  function walk(from: string, step: (id: number) => number | null): string[] {
    const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]))
    const seen = [from]
    for (let at = step(ids[from]); at !== null && byId[at] !== from && seen.length < 20; at = step(at)) seen.push(byId[at])
    return seen
  }

  it('follows the Library sort (unplayable clips skipped) and wraps, from a scored or an unscored clip', () => {
    const order = ['low.mp4', 'mid.mp4', 'tie.mp4', 'redone.mp4', 'high.mp4', 'none.mp4', 'never.mp4']
    expect(walk('low.mp4', (id) => store.neighbors.next(id, 'confidence'))).toEqual(order)
    expect(walk('none.mp4', (id) => store.neighbors.next(id, 'confidence'))).toEqual([...order.slice(5), ...order.slice(0, 5)])
    // the import order is unchanged
    expect(store.neighbors.next(ids['low.mp4'])).toBe(ids['none.mp4'])
  })

  it('"next unreviewed" skips reviewed clips in that order', () => {
    const local = handBuilt()
    revise(local.store, local.ids['tie.mp4'], caption(), 'approved', 'ann')
    revise(local.store, local.ids['none.mp4'], caption(), 'approved', 'ann')
    const next = (name: string) => local.store.neighbors.nextWithStatus(local.ids[name], 'unreviewed', 'confidence')
    expect(next('mid.mp4')).toBe(local.ids['redone.mp4'])
    expect(next('high.mp4')).toBe(local.ids['never.mp4'])
    expect(next('never.mp4')).toBe(local.ids['low.mp4'])
    // from a reviewed clip too
    expect(next('tie.mp4')).toBe(local.ids['redone.mp4'])
  })
})
