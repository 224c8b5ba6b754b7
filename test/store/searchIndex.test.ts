// The Library's text search over each clip's latest caption, kept current in batches (migration 12, store/searchIndex.ts).
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { emptyCaption, type StructuralCaption } from '../../src/shared/caption'
import { ClipQuery, type PrelabelSource } from '../../src/shared/contract'
import { ProjectStore } from '../../src/main/store/project'
import { clipInfo } from '../helpers/clipInfo'
import { tempDir } from '../helpers/temp'

const source: PrelabelSource = { kind: 'imported', label: 'test_result.csv', details: {} }
const caption = (over: Partial<StructuralCaption>): StructuralCaption => ({ ...emptyCaption(), ...over })

/** A project of clips clip0.mp4, clip1.mp4, … each pre-labelled with the environment given. */
function projectWith(environments: string[]): { store: ProjectStore; ids: number[] } {
  const store = ProjectStore.create(path.join(tempDir(), 'search.sqlite'), 'Search')
  const recorded = store.recordClips(
    environments.map((environment, i) => ({
      path: `/v/clip${i}.mp4`,
      info: clipInfo(),
      extra: {},
      prelabels: [{ rawText: environment, caption: caption({ environment }), problems: [], source, timings: {} }]
    }))
  )
  return { store, ids: recorded.map((r) => r.clipId) }
}

const found = (store: ProjectStore, text: string) => store.library.list(ClipQuery.parse({ text, sort: 'id' })).rows.map((r) => r.id)
const pending = (store: ProjectStore) => store.db.prepare('SELECT count(*) FROM search_pending').pluck().get() as number

describe('the search index', () => {
  it('finds a save at once, even before the batch that indexes it has run', () => {
    const { store, ids } = projectWith(['misty harbour', 'dry canyon'])
    try {
      expect(found(store, 'harbour')).toEqual([ids[0]])
      store.saveRevision({ clipId: ids[0], caption: caption({ environment: 'frozen lake' }), status: 'in_progress', annotator: 'ann', baseNumber: 0 })
      expect(pending(store), 'the save marked its clip').toBe(1)
      expect(found(store, 'frozen')).toEqual([ids[0]])
      expect(found(store, 'harbour'), 'the older caption is no longer found').toEqual([])
      expect(found(store, 'canyon')).toEqual([ids[1]])
      expect(pending(store), 'the search brought the index up to date').toBe(0)
      expect(store.library.counts({ text: 'lake' }).in_progress).toBe(1)
      expect(store.library.ids(ClipQuery.parse({ text: 'lake' }) as never)).toEqual([ids[0]])
    } finally {
      store.close()
    }
  })

  it('catches up on its own shortly after saves, with no search asking', async () => {
    const { store, ids } = projectWith(['misty harbour'])
    try {
      store.saveRevision({ clipId: ids[0], caption: caption({ environment: 'frozen lake' }), status: 'in_progress', annotator: 'ann', baseNumber: 0 })
      expect(pending(store)).toBe(1)
      await expect.poll(() => pending(store), { timeout: 5000, interval: 50 }).toBe(0)
      const match = store.db.prepare("SELECT rowid FROM caption_fts WHERE caption_fts MATCH 'frozen'").pluck().all()
      expect(match).toEqual([ids[0]])
    } finally {
      store.close()
    }
  })

  it('leaves a status-only change unmarked, as migration 4 left it unindexed', () => {
    const { store, ids } = projectWith(['misty harbour'])
    try {
      const first = store.saveRevision({
        clipId: ids[0],
        caption: caption({ environment: 'frozen lake' }),
        status: 'in_progress',
        annotator: 'ann',
        baseNumber: 0
      })
      store.search.flush()
      store.saveRevision({ clipId: ids[0], caption: first.caption, status: 'approved', annotator: 'ann', baseNumber: first.number })
      expect(pending(store)).toBe(0)
      expect(found(store, 'frozen')).toEqual([ids[0]])
    } finally {
      store.close()
    }
  })

  it('indexes, on opening, what a writer that stopped before a batch left marked', () => {
    const { store, ids } = projectWith(['misty harbour'])
    const file = store.file
    store.close()
    // a revision written straight to the file (a crash between a save and its batch leaves the same: the mark, not the row)
    const raw = new Database(file)
    raw
      .prepare(
        `INSERT INTO revisions (clip_id, number, caption_json, status, annotator, created_at) VALUES (?, 1, ?, 'in_progress', 'ann', '2026-01-01T00:00:00Z')`
      )
      .run(ids[0], JSON.stringify(caption({ environment: 'salt flats' })))
    expect(raw.prepare('SELECT count(*) FROM search_pending').pluck().get()).toBe(1)
    expect(raw.prepare("SELECT count(*) FROM caption_fts WHERE caption_fts MATCH 'salt'").pluck().get()).toBe(0)
    raw.close()

    const reopened = ProjectStore.open(file)
    try {
      expect(pending(reopened)).toBe(0)
      expect(reopened.db.prepare("SELECT rowid FROM caption_fts WHERE caption_fts MATCH 'salt'").pluck().all()).toEqual([ids[0]])
      expect(reopened.db.prepare("SELECT count(*) FROM caption_fts WHERE caption_fts MATCH 'harbour'").pluck().get()).toBe(0)
    } finally {
      reopened.close()
    }
  })

  it('stays whole and small over many batches of saves, in batches of a bounded size', () => {
    const environments = Array.from({ length: 60 }, (_, i) => `place${i} meadow`)
    const { store, ids } = projectWith(environments)
    try {
      const numbers = new Map<number, number>()
      for (let round = 0; round < 40; round++) {
        for (const id of ids) {
          const base = numbers.get(id) ?? 0
          const saved = store.saveRevision({
            clipId: id,
            caption: caption({ environment: `round${round} clip${id}` }),
            status: 'in_progress',
            annotator: 'ann',
            baseNumber: base
          })
          numbers.set(id, saved.number)
        }
        // a background batch of at most 25 clips, as the timer runs them
        expect(store.search.flush(25)).toBe(25)
        store.search.flush()
      }
      store.db.exec("INSERT INTO caption_fts (caption_fts, rank) VALUES ('integrity-check', 0)")
      expect(found(store, 'round39')).toEqual(ids)
      expect(found(store, 'round38')).toEqual([])
      expect(found(store, 'meadow')).toEqual([])
      expect(found(store, `clip${ids[7]}`)).toEqual([ids[7]])
      const segments = store.db.prepare('SELECT count(DISTINCT segid) FROM caption_fts_idx').pluck().get() as number
      expect(segments, 'the bounded merges keep the index from piling up one segment per batch (17 here without them)').toBeLessThan(8)
    } finally {
      store.close()
    }
  })
})
