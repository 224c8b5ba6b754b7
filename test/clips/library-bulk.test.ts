import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { emptyCaption } from '../../src/shared/caption'
import type { Events } from '../../src/shared/contract'
import { createStudioApp } from '../../src/main/app'
import { setStatusInBulk } from '../../src/main/store/bulkStatus'
import { ProjectStore } from '../../src/main/store/project'

import { addClip, caption, CSV, fileInfo, MODEL, names, newStore, revise, subject } from '../helpers/library'
import { call, fail } from '../helpers/dispatch'
import { tempDir } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

const sunset = caption({ shot_type: 'close_up', lighting: 'warm sunset light', subjects: [subject({ action: 'waves' })] })
const neon = caption({ shot_type: 'long_shot', lighting: 'cold neon glow', subjects: [subject()] })

/** a: pre-label only; b: approved by alice; c: revised by bob; e: no caption at all. */
function seeded(store: ProjectStore) {
  const a = addClip(store, 'a.mp4', [[MODEL, sunset]])
  const b = addClip(store, 'b.mp4', [[CSV, neon]])
  revise(store, b, neon, 'approved', 'alice')
  const c = addClip(store, 'c.mp4', [[MODEL, sunset]])
  revise(store, c, neon, 'in_progress', 'bob')
  const e = addClip(store, 'e.mp4', [], fileInfo({ importError: 'File not found' }))
  return { a, b, c, e }
}

describe('bulk status change', () => {
  it('gives each changed clip one new revision with its current caption, the status and the acting annotator', () => {
    const store = newStore()
    const { a, b, c, e } = seeded(store)
    const changed = setStatusInBulk(store.db, { ids: [a, b, c, e, 999], status: 'approved', annotator: 'lead' })
    expect(changed).toEqual([a, c, e]) // b was approved already; 999 does not exist

    const revA = store.revisions.history(a)
    expect(revA).toHaveLength(1)
    expect(revA[0]).toMatchObject({ number: 1, status: 'approved', annotator: 'lead', caption: sunset, flagReason: null })
    expect(revA[0].prelabelId).toBe(store.prelabels.latestId(a))
    expect(store.revisions.history(b)).toHaveLength(1)
    expect(store.revisions.history(c).map((r) => [r.number, r.status, r.annotator])).toEqual([
      [2, 'approved', 'lead'],
      [1, 'in_progress', 'bob']
    ])
    expect(store.revisions.latest(c)?.caption).toEqual(neon)
    expect(store.revisions.latest(e)?.caption).toEqual(emptyCaption())

    // The Library columns follow: status, revision number, shot type, latest annotator.
    expect(store.library.counts()).toMatchObject({ approved: 4, unreviewed: 0, in_progress: 0 })
    expect(store.clips.latestRevisionNumber(c)).toBe(2)
    expect(names(store, { annotator: 'lead' })).toEqual(['a.mp4', 'c.mp4', 'e.mp4'])
    expect(names(store, { shotType: 'other' })).toEqual(['e.mp4'])
    // c's human caption still differs from its pre-label; the search index still has each caption.
    expect(names(store, { disagree: 'lighting' })).toEqual(['c.mp4'])
    expect(names(store, { text: 'neon' })).toEqual(['b.mp4', 'c.mp4'])
    expect(names(store, { text: 'sunset' })).toEqual(['a.mp4'])

    // An editor still holding c at revision 1 gets the usual conflict.
    expect(() => store.saveRevision({ clipId: c, caption: neon, status: 'rejected', annotator: 'bob', baseNumber: 1 })).toThrow(/changed since you opened it/)
  })

  it('changes everything a filter matches, as the Library does it: ids of the filter, then one bulk change', () => {
    const store = newStore()
    const { a, c, e } = seeded(store)
    const ids = store.library.ids({ status: 'unreviewed', sort: 'id', desc: false, offset: 0, limit: 100_000 })
    expect(ids).toEqual([a, e])
    expect(setStatusInBulk(store.db, { ids: ids.filter((id) => id !== e), status: 'rejected', annotator: 'lead' })).toEqual([a])
    expect(names(store, { status: 'rejected' })).toEqual(['a.mp4'])
    expect(store.revisions.history(c)).toHaveLength(1)
  })

  it('needs a reason to flag, and stores it on every revision', () => {
    const store = newStore()
    const { a, c } = seeded(store)
    expect(() => setStatusInBulk(store.db, { ids: [a], status: 'flagged', annotator: 'lead' })).toThrow(/needs a reason/)
    expect(store.revisions.history(a)).toEqual([])
    setStatusInBulk(store.db, { ids: [a, c], status: 'flagged', annotator: 'lead', flagReason: ' wrong fps ' })
    expect([store.revisions.latest(a)?.flagReason, store.revisions.latest(c)?.flagReason]).toEqual(['wrong fps', 'wrong fps'])
  })
})

describe('Library routes through dispatch()', () => {
  it('lists ids, facets and filtered counts, and a bulk change tells every window', async () => {
    const dataDir = tempDir()
    const file = path.join(dataDir, 'routes.sqlite')
    const store = ProjectStore.create(file, 'Routes')
    const { a, b, c, e } = seeded(store)
    store.close()
    const app = createStudioApp({ dataDir, projectPath: file, roots: testRoots() })
    const events: Events['clips.changed'][] = []
    app.bus.subscribe((event, payload) => {
      if (event === 'clips.changed') events.push(payload as Events['clips.changed'])
    })
    try {
      expect(await call(app, 'clips.ids', { sort: 'name', desc: true })).toEqual([e, c, b, a])
      expect(await call(app, 'clips.facets', {})).toEqual({ annotators: ['alice', 'bob'], prelabelSources: [MODEL.label, CSV.label] })
      expect(await call(app, 'clips.counts', { shotType: 'long_shot' })).toEqual({
        unreviewed: 0,
        in_progress: 1,
        approved: 1,
        rejected: 0,
        flagged: 0,
        in_review: 0,
        returned: 0
      })
      const list = await call(app, 'clips.list', { disagree: 'any', sort: 'name' })
      expect(list.rows.map((r) => [r.name, r.annotator, r.disagree])).toEqual([['c.mp4', 'bob', ['shot_type', 'lighting']]])

      expect(await call(app, 'clips.bulkStatus', { ids: [a, c], status: 'approved', annotator: 'lead' })).toEqual({ changed: 2 })
      const { id: project } = (await call(app, 'app.info', {})).project!
      expect(events).toEqual([{ project, ids: [a, c] }])
      const refused = await fail(app, 'clips.bulkStatus', { ids: [a], status: 'flagged', annotator: 'lead' })
      expect(refused).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/reason/) })
      expect(await call(app, 'clips.bulkStatus', { ids: [a], status: 'approved', annotator: 'lead' })).toEqual({ changed: 0 })
      expect(events).toHaveLength(1)
    } finally {
      await app.close()
    }
  })
})
