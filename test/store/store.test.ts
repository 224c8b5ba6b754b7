import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { emptyCaption, type StructuralCaption } from '../../src/shared/caption'
import { ClipQuery, type PrelabelSource } from '../../src/shared/contract'
import { ApiError } from '../../src/shared/errors'
import { migrate } from '../../src/main/store/db'
import { LATEST_VERSION, MIGRATIONS } from '../../src/main/store/migrations'
import { ProjectStore, type ImportedClip } from '../../src/main/store/project'
import { clipInfo } from '../helpers/clipInfo'
import { tempDir } from '../helpers/temp'

const csvSource: PrelabelSource = { kind: 'imported', label: 'test_result.csv', details: { csv: '/x/test_result.csv' } }

function caption(over: Partial<StructuralCaption> = {}): StructuralCaption {
  return { ...emptyCaption(), ...over }
}

function clip(file: string, over: Partial<ImportedClip> = {}): ImportedClip {
  return { path: file, info: clipInfo(), extra: {}, prelabels: [], ...over }
}

function newStore(): ProjectStore {
  return ProjectStore.create(path.join(tempDir(), 'p.sqlite'), 'Test project')
}

function thrown(fn: () => unknown): ApiError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected an ApiError')
}

describe('project file and migrations', () => {
  it('creates a WAL file with foreign keys and the latest schema, and reopens without re-migrating', () => {
    const file = path.join(tempDir(), 'demo.sqlite')
    const store = ProjectStore.create(file, 'Demo')
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    store.recordClips([clip('/videos/a.mp4')])
    expect(store.id).toMatch(/^[0-9a-f]{16}$/)
    store.close()

    const again = ProjectStore.open(file)
    expect(again.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    // The id comes from the file, so it is the same on every open.
    expect(again.info()).toEqual({ id: store.id, name: 'Demo', path: file, clipCount: 1 })
    again.close()
  })

  it('applies only newer migrations, in order, and rolls a failing one back', () => {
    const db = new Database(path.join(tempDir(), 'raw.sqlite'))
    const extra = [...MIGRATIONS, { version: LATEST_VERSION + 1, sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)' }]
    migrate(db, extra)
    migrate(db, extra) // idempotent: the second run finds nothing newer
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1)

    const broken = [...extra, { version: LATEST_VERSION + 2, sql: 'CREATE TABLE later (x); CREATE TABLE notes (y)' }]
    expect(() => migrate(db, broken)).toThrow(/already exists/)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1)
    const later = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'later'").get() as { n: number }
    expect(later.n).toBe(0)
    db.close()
  })

  it('refuses a SQLite file that is not a project, and one from a newer studio', () => {
    const foreign = path.join(tempDir(), 'other.sqlite')
    const db = new Database(foreign)
    db.exec('CREATE TABLE invoices (id INTEGER)')
    db.close()
    expect(thrown(() => ProjectStore.open(foreign)).message).toMatch(/not a SkyCaptioner Studio project/)

    const newer = path.join(tempDir(), 'newer.sqlite')
    ProjectStore.create(newer, 'n').close()
    const raw = new Database(newer)
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`)
    raw.close()
    expect(thrown(() => ProjectStore.open(newer)).message).toMatch(/newer version of the studio/)
    expect(thrown(() => ProjectStore.open(path.join(tempDir(), 'none.sqlite'))).code).toBe('not_found')
  })
})

describe('clips and pre-labels', () => {
  it('keeps one row per path and refreshes its probe info', () => {
    const store = newStore()
    const [first] = store.recordClips([clip('/v/a.mp4', { extra: { split: 'train' } })])
    const [second] = store.recordClips([clip('/v/a.mp4', { info: clipInfo({ size: 2000 }), extra: { note: 'x' } })])
    expect(first.added).toBe(true)
    expect(second).toEqual({ clipId: first.clipId, added: false, prelabelsAdded: 0 })
    const stored = store.clips.get(first.clipId)
    expect(stored?.size).toBe(2000)
    expect(stored?.extra).toEqual({ split: 'train', note: 'x' })
    expect(store.clips.count()).toBe(1)
  })

  it('never overwrites a pre-label: new ones are added, old ones stay, UPDATE is refused', () => {
    const store = newStore()
    const raw = '{"shot_type": "close_up"}'
    const prelabel = { rawText: raw, caption: caption({ shot_type: 'close_up' }), problems: [], source: csvSource, timings: {} }
    const [rec] = store.recordClips([clip('/v/a.mp4', { prelabels: [prelabel] })])
    // Same imported text again: skipped, not duplicated.
    expect(store.recordClips([clip('/v/a.mp4', { info: null, prelabels: [prelabel] })])[0].prelabelsAdded).toBe(0)

    const model = store.addPrelabel({
      clipId: rec.clipId,
      rawText: '{"shot_type": "long_shot"}',
      caption: caption({ shot_type: 'long_shot' }),
      problems: [{ path: 'subjects', kind: 'missing', message: 'missing' }],
      source: { kind: 'model', label: 'SkyCaptioner-V1 Q4_K_M', details: { quant: 'Q4_K_M' } },
      timings: { totalMs: 1234 }
    })
    const all = store.prelabels.forClip(rec.clipId)
    expect(all.map((p) => p.caption.shot_type)).toEqual(['close_up', 'long_shot'])
    expect(all[0].rawText).toBe(raw)
    expect(store.prelabels.latest(rec.clipId)).toEqual(model)
    expect(() => store.db.prepare("UPDATE prelabels SET raw_text = 'x'").run()).toThrow(/append-only/)
    expect(() => store.db.prepare('DELETE FROM prelabels').run()).toThrow(/append-only/)

    const row = store.library.list(ClipQuery.parse({})).rows[0]
    expect(row.shotType).toBe('long_shot')
    expect(row.prelabelSource).toBe('SkyCaptioner-V1 Q4_K_M')
  })

  it('serves media only for clips that probed cleanly', () => {
    const store = newStore()
    const [good, bad] = store.recordClips([clip('/v/good.mp4'), clip('/v/bad.mp4', { info: clipInfo({ importError: 'File not found: /v/bad.mp4' }) })])
    expect(store.clips.mediaPath(good.clipId)).toBe('/v/good.mp4')
    expect(store.clips.mediaPath(bad.clipId)).toBeNull()
    expect(store.clips.mediaPath(999)).toBeNull()
  })
})

describe('revisions', () => {
  it('appends numbered revisions, updates the Library columns, and rejects a stale base', () => {
    const store = newStore()
    const pre = { rawText: '{}', caption: caption({ shot_type: 'close_up' }), problems: [], source: csvSource, timings: {} }
    const [{ clipId }] = store.recordClips([clip('/v/a.mp4', { prelabels: [pre] })])
    const prelabelId = store.prelabels.latestId(clipId)

    const r1 = store.saveRevision({ clipId, caption: caption({ shot_type: 'medium_shot' }), status: 'in_progress', annotator: 'alice', baseNumber: 0 })
    const r2 = store.saveRevision({ clipId, caption: caption({ shot_type: 'full_shot' }), status: 'approved', annotator: 'bob', baseNumber: 1 })
    expect([r1.number, r2.number]).toEqual([1, 2])
    expect(r1.prelabelId).toBe(prelabelId)

    const conflict = thrown(() => store.saveRevision({ clipId, caption: caption(), status: 'rejected', annotator: 'carol', baseNumber: 1 }))
    expect(conflict.code).toBe('conflict')
    expect(conflict.message).toMatch(/revision 2 was saved by bob/)
    expect(conflict.details).toMatchObject({ latestNumber: 2, annotator: 'bob' })

    expect(store.revisions.history(clipId).map((r) => [r.number, r.annotator])).toEqual([
      [2, 'bob'],
      [1, 'alice']
    ])
    const detail = store.detail(clipId)
    expect(detail.revision?.caption.shot_type).toBe('full_shot')
    expect(detail.prelabel?.caption.shot_type).toBe('close_up')
    expect(detail.clip.status).toBe('approved')

    // A later pre-label must not override the human's shot type in the Library.
    store.addPrelabel({ ...pre, clipId, rawText: 'later', caption: caption({ shot_type: 'long_shot' }) })
    const row = store.library.list(ClipQuery.parse({})).rows[0]
    expect(row).toMatchObject({ status: 'approved', shotType: 'full_shot' })

    expect(() => store.db.prepare('UPDATE revisions SET annotator = ?').run('mallory')).toThrow(/append-only/)
    expect(thrown(() => store.saveRevision({ clipId: 404, caption: caption(), status: 'approved', annotator: 'a', baseNumber: 0 })).code).toBe('not_found')
  })
})

describe('Library list', () => {
  function seed(store: ProjectStore): number[] {
    const names = ['delta.mp4', 'alpha.mp4', 'charlie_100%.mp4', 'bravo.mp4', 'echo.mov', 'charlie1100.mp4']
    const recorded = store.recordClips(
      names.map((name, i) => clip(`/videos/set${i % 2}/${name}`, { info: clipInfo({ duration: 10 - i, width: 640 * (i + 1), height: 360 * (i + 1) }) }))
    )
    return recorded.map((r) => r.clipId)
  }

  const q = (over: Record<string, unknown> = {}) => ClipQuery.parse(over)

  it('sorts by name, duration and resolution in both directions', () => {
    const store = newStore()
    seed(store)
    const names = (over: Record<string, unknown>) => store.library.list(q(over)).rows.map((r) => r.name)
    expect(names({ sort: 'name' })).toEqual(['alpha.mp4', 'bravo.mp4', 'charlie1100.mp4', 'charlie_100%.mp4', 'delta.mp4', 'echo.mov'])
    expect(names({ sort: 'name', desc: true })[0]).toBe('echo.mov')
    expect(names({ sort: 'duration' })).toEqual(['charlie1100.mp4', 'echo.mov', 'bravo.mp4', 'charlie_100%.mp4', 'alpha.mp4', 'delta.mp4'])
    expect(names({ sort: 'resolution', desc: true })[0]).toBe('charlie1100.mp4')
    expect(names({})).toEqual(['delta.mp4', 'alpha.mp4', 'charlie_100%.mp4', 'bravo.mp4', 'echo.mov', 'charlie1100.mp4'])
  })

  it('filters by status and search (LIKE wildcards taken literally), pages with a total', () => {
    const store = newStore()
    const ids = seed(store)
    store.saveRevision({ clipId: ids[1], caption: caption(), status: 'approved', annotator: 'a', baseNumber: 0 })
    store.saveRevision({ clipId: ids[4], caption: caption(), status: 'approved', annotator: 'a', baseNumber: 0 })

    const approved = store.library.list(q({ status: 'approved', sort: 'name' }))
    expect(approved.total).toBe(2)
    expect(approved.rows.map((r) => r.name)).toEqual(['alpha.mp4', 'echo.mov'])

    expect(store.library.list(q({ search: '100%' })).rows.map((r) => r.name)).toEqual(['charlie_100%.mp4'])
    // With `_` as a wildcard 'a_p' would match alpha.mp4.
    expect(store.library.list(q({ search: 'a_p' })).total).toBe(0)
    expect(store.library.list(q({ search: 'SET1/' })).total).toBe(3)

    const page = store.library.list(q({ sort: 'name', offset: 2, limit: 2 }))
    expect(page.total).toBe(6)
    expect(page.rows.map((r) => r.name)).toEqual(['charlie1100.mp4', 'charlie_100%.mp4'])

    expect(store.library.counts()).toEqual({ unreviewed: 4, in_progress: 0, approved: 2, rejected: 0, flagged: 0, in_review: 0, returned: 0 })
  })
})

describe('jobs', () => {
  it('creates, updates and finds jobs by state', () => {
    const store = newStore()
    const job = store.jobs.create('prelabel', { clipIds: [1, 2] }, '2025-01-01T00:00:00Z')
    store.jobs.update(job.id, { state: 'running', progress: { done: 1 } }, '2025-01-01T00:01:00Z')
    expect(store.jobs.get(job.id)).toMatchObject({ state: 'running', params: { clipIds: [1, 2] }, progress: { done: 1 } })
    expect(store.jobs.withState('running').map((j) => j.id)).toEqual([job.id])
    expect(store.jobs.withState('queued')).toEqual([])
  })
})
