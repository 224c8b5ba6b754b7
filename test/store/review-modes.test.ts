import { describe, expect, it } from 'vitest'
import { addClip, caption, MODEL, newStore } from '../helpers/library'

describe('how each revision was reviewed, for calibration', () => {
  it('keeps the record with its revision and names the unlooked fields only for pre-accepted ones', () => {
    const store = newStore()
    const clipId = addClip(store, 'a.mp4', [[MODEL, caption()]])
    const save = (baseNumber: number, review?: Parameters<typeof store.saveRevision>[0]['review']) =>
      store.saveRevision({ clipId, caption: caption(), status: 'approved', annotator: 'ann', baseNumber, review })

    const accepted = save(0, { mode: 'accepted', fields: ['shot_type', 'subjects.count'] })
    const audited = save(1, { mode: 'audit', fields: ['shot_type'] })
    const plain = save(2)

    expect(store.reviewModes.get(accepted.id)).toEqual({ mode: 'accepted', fields: ['shot_type', 'subjects.count'] })
    expect(store.reviewModes.unlookedFields(accepted.id)).toEqual(['shot_type', 'subjects.count'])
    expect(store.reviewModes.get(audited.id)).toEqual({ mode: 'audit', fields: ['shot_type'] })
    expect(store.reviewModes.unlookedFields(audited.id)).toEqual([])
    expect(store.reviewModes.get(plain.id)).toBeNull()
    expect(store.reviewModes.unlookedFields(plain.id)).toEqual([])
    expect(() => store.db.prepare('UPDATE revision_review_mode SET mode = ?').run('audit')).toThrow(/append-only/)
  })

  it('writes nothing when the revision is refused', () => {
    const store = newStore()
    const clipId = addClip(store, 'a.mp4', [[MODEL, caption()]])
    const stale = () =>
      store.saveRevision({
        clipId,
        caption: caption(),
        status: 'approved',
        annotator: 'ann',
        baseNumber: 3,
        review: { mode: 'accepted', fields: ['shot_type'] }
      })
    expect(stale).toThrow(/changed since you opened it/)
    expect(store.db.prepare('SELECT count(*) AS n FROM revision_review_mode').get()).toEqual({ n: 0 })
  })
})
