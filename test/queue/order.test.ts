// The queue's order from a Library filter (store/queueOrder.ts), on a real project file: N walks the clips the
// filter matches in the Library's own sort, from just after the current clip, wrapping, after the caller's assigned clips.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SHOT_TYPES } from '../../src/shared/caption'
import type { QueueOrder } from '../../src/shared/api/queue'
import { SORT_COLUMNS, type ClipFilter } from '../../src/shared/contract'
import type { ProjectStore } from '../../src/main/store/project'
import { addClip, caption, fileInfo, MODEL, newStore, revise } from '../helpers/library'

const NOW = '2026-01-01T00:00:00.000Z'
const UNTIL = '2026-01-01T01:00:00.000Z'

interface Setup {
  durations: (number | null)[]
  approved: number[]
  /** Clip index → who it is assigned to: 0 the walker, 1.. another person. */
  assigned: [number, number][]
  /** Clips other people hold, one each. */
  held: number[]
}

interface Project {
  store: ProjectStore
  ids: number[]
  walker: number
  others: number[]
}

/** Clips with shuffled names, varied (sometimes missing) durations and confidences, shot types, some approved, held or assigned. */
function project(setup: Setup): Project {
  const store = newStore()
  const n = setup.durations.length
  const ids = setup.durations.map((duration, i) =>
    addClip(store, `clip-${String((i * 7) % n).padStart(2, '0')}-${i}.mp4`, [[MODEL, caption({ shot_type: SHOT_TYPES[i % 3] })]], fileInfo({ duration }))
  )
  // the latest pre-label's lowest confidence, as a scored pre-label leaves it: the duration's tenth, or none
  const scored = store.db.prepare('UPDATE clips SET confidence = ? WHERE id = ?')
  setup.durations.forEach((d, i) => scored.run(d === null ? null : d / 10, ids[i]))
  for (const i of setup.approved) revise(store, ids[i], caption({ shot_type: SHOT_TYPES[i % 3] }), 'approved', 'someone')
  const walker = store.people.add('walker', 'annotator')
  const others = [1, 2, 3].map((k) => store.people.add(`other ${k}`, 'annotator'))
  for (const [i, who] of setup.assigned) store.leases.assign([ids[i]], who === 0 ? walker : others[who - 1], NOW)
  setup.held.forEach((i, k) => store.leases.grant(others[k], ids[i], NOW, UNTIL))
  return { store, ids, walker, others }
}

const rotate = <T>(list: T[], from: number): T[] => [...list.slice(from), ...list.slice(0, from)]

/** The next clip as the queue's rules say, worked out from the Library's own lists. */
function expectedNext(p: Project, setup: Setup, order: Extract<QueueOrder, { kind: 'filter' }>, after: number | null): number | null {
  const approved = new Set(setup.approved.map((i) => p.ids[i]))
  const held = new Set(setup.held.map((i) => p.ids[i]))
  const assigned = new Map(setup.assigned.map(([i, who]) => [p.ids[i], who]))
  const free = (id: number) => !approved.has(id) && !held.has(id)
  const mine = [...assigned]
    .filter(([, who]) => who === 0)
    .map(([id]) => id)
    .sort((a, b) => a - b)
  const fromMine = rotate(mine, mine.filter((id) => id <= (after ?? 0)).length).find(free)
  if (fromMine !== undefined) return fromMine
  const list = (filter: ClipFilter) => p.store.library.ids({ ...filter, sort: order.sort, desc: order.desc, limit: 100_000, offset: 0 })
  const all = list({})
  const matching = new Set(list(order.filter))
  return rotate(all, all.indexOf(after ?? -1) + 1).find((id) => matching.has(id) && !assigned.has(id) && free(id)) ?? null
}

const press = (p: Project, after: number | null, order: QueueOrder) =>
  p.store.leases.next(p.walker, after, NOW, UNTIL, { mode: 'annotate', order }).lease?.clipId ?? null

describe('a Library filter as the queue order', () => {
  it('walks only the matching clips, in the sort, from after the current clip, wrapping; approved and held clips passed over', () => {
    const durations = [5, null, 3, 9, 3, null, 7, 1, 3]
    const setup: Setup = { durations, approved: [], assigned: [], held: [] }
    const p = project(setup)
    // shot type long_shot: clips 0, 3, 6; medium_shot: 2, 5, 8; full_shot: 1, 4, 7
    const order = { kind: 'filter', filter: { shotType: 'medium_shot' }, sort: 'duration', desc: true } as const
    const seen: (number | null)[] = []
    let after: number | null = null
    for (let i = 0; i < 4; i++) seen.push((after = press(p, after, order)))
    // duration 3 (ids 3, 9: higher id first going down), then no duration (id 6) last; then round again
    expect(seen).toEqual([p.ids[8], p.ids[2], p.ids[5], p.ids[8]])
    // a clip another person holds and an approved one are left out; a clip the filter does not match never comes
    p.store.leases.grant(p.others[0], p.ids[2], NOW, UNTIL)
    revise(p.store, p.ids[5], caption({ shot_type: 'medium_shot' }), 'approved', 'someone')
    expect(press(p, p.ids[8], order)).toBe(p.ids[8])
    p.store.leases.grant(p.others[1], p.ids[8], NOW, UNTIL)
    expect(press(p, p.ids[8], order)).toBeNull()
    // import order again: every free clip, by id
    expect(press(p, null, { kind: 'import' })).toBe(p.ids[0])
  })

  it('puts clips with nothing to sort by where the Library does: first going up, last going down, last always for confidence', () => {
    const p = project({ durations: [2, null, 1, null], approved: [], assigned: [], held: [] })
    const walk = (sort: 'duration' | 'confidence', desc: boolean) => {
      const order = { kind: 'filter', filter: {}, sort, desc } as const
      const seen: (number | null)[] = []
      let after: number | null = null
      for (let i = 0; i < 5; i++) seen.push((after = press(p, after, order)))
      return seen.map((id) => p.ids.indexOf(id!))
    }
    expect(walk('duration', false)).toEqual([1, 3, 2, 0, 1])
    expect(walk('duration', true)).toEqual([0, 2, 3, 1, 0])
    expect(walk('confidence', false)).toEqual([2, 0, 1, 3, 2])
    expect(walk('confidence', true)).toEqual([0, 2, 3, 1, 0])
  })

  it("gives the caller's assigned clips first, even ones the filter does not match, and never another person's", () => {
    const setup: Setup = {
      durations: [1, 2, 3, 4, 5, 6],
      approved: [],
      assigned: [
        [4, 0],
        [1, 1]
      ],
      held: []
    }
    const p = project(setup)
    const order = { kind: 'filter', filter: { shotType: 'full_shot' }, sort: 'name', desc: false } as const
    const first = press(p, null, order)
    const second = press(p, first, order)
    const third = press(p, second, order)
    // clip 4 is assigned to the walker (its shot type matches); clip 1 is someone else's, so only 4 of the full shots is left
    expect([first, second, third]).toEqual([p.ids[4], p.ids[4], p.ids[4]])
    p.store.leases.assign([p.ids[0]], p.walker, NOW)
    expect(press(p, p.ids[4], order)).toBe(p.ids[0])
  })

  it('matches the rule worked out from the Library lists, for any filter, sort, direction and current clip', () => {
    const arbitrary = fc
      .record({
        durations: fc.array(fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }), { minLength: 1, maxLength: 14 }),
        sort: fc.constantFrom(...SORT_COLUMNS),
        desc: fc.boolean(),
        shotType: fc.option(fc.constantFrom(...SHOT_TYPES.slice(0, 3)), { nil: undefined }),
        picks: fc.array(fc.nat(), { maxLength: 8 }),
        start: fc.option(fc.nat(), { nil: null })
      })
      .map(({ durations, picks, ...rest }) => {
        const n = durations.length
        const approved = picks.slice(0, 2).map((x) => x % n)
        const assigned: [number, number][] = picks.slice(2, 5).map((x, k) => [(x * 3 + k) % n, k % 2])
        const held = [...new Set(picks.slice(5, 8).map((x) => x % n))]
        return { setup: { durations, approved, assigned, held }, ...rest }
      })
    fc.assert(
      fc.property(arbitrary, ({ setup, sort, desc, shotType, start }) => {
        const p = project(setup)
        const order = { kind: 'filter', filter: shotType ? { shotType } : {}, sort, desc } as const
        let after = start === null ? null : p.ids[start % p.ids.length]
        for (let i = 0; i < 4; i++) {
          // the walker's own lease is given back by N, so it is never "held" in the rule
          const got = press(p, after, order)
          expect(got).toBe(expectedNext(p, setup, order, after))
          after = got
        }
        p.store.close()
      }),
      { numRuns: 25 }
    )
  })
})
