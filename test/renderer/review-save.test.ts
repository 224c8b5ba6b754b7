import { describe, expect, it } from 'vitest'
import { emptyCaption, emptySubject, type StructuralCaption } from '../../src/shared/caption'
import type { ClipDetail, ClipStatus, Prelabel, Revision } from '../../src/shared/contract'
import { initialReview, isDirty, planSave, reviewReducer, type ReviewEvent, type ReviewState } from '../../src/renderer/src/features/review/saveChain'

const model: StructuralCaption = { ...emptyCaption(), shot_type: 'close_up', subjects: [{ ...emptySubject(), is_main_subject: true, action: 'model text' }] }
const withAction = (action: string): StructuralCaption => ({ ...model, subjects: [{ ...model.subjects[0], action }] })

function detail(revision: Revision | null = null, status: ClipStatus = 'unreviewed'): ClipDetail {
  return {
    clip: { id: 7, path: '/clips/7.mp4', status } as ClipDetail['clip'],
    prelabel: { caption: model, source: { kind: 'imported', label: 'test.csv' } } as Prelabel,
    revision
  }
}

function revision(number: number, caption: StructuralCaption, status: ClipStatus, annotator = 'me'): Revision {
  return { id: number, clipId: 7, number, caption, status, annotator, prelabelId: null, flagReason: null, createdAt: '2026-01-01T00:00:00Z' }
}

const run = (state: ReviewState, ...events: ReviewEvent[]): ReviewState => events.reduce(reviewReducer, state)
const loaded = (d: ClipDetail = detail()): ReviewState => run(initialReview(null), { type: 'loaded', detail: d })

/** What the host does with a sent save: the next revision number, the sent caption and status. */
function store(state: ReviewState, status: ClipStatus | null = null): { plan: ReturnType<typeof planSave>; after: ReviewState } {
  const plan = planSave(state, status, 'me')
  if (plan.kind !== 'send') return { plan, after: state }
  return { plan, after: run(state, { type: 'saveStarted' }, { type: 'saved', revision: revision(plan.baseNumber + 1, plan.caption, plan.status) }) }
}

describe('review save chain (reducer)', () => {
  it('starts from the pre-label, nothing to save until an edit', () => {
    const state = loaded()
    expect(state).toMatchObject({ origin: 'prelabel', draft: model, saved: { number: 0, status: 'unreviewed' } })
    expect(isDirty(state)).toBe(false)
    expect(planSave(state, null, 'me')).toEqual({ kind: 'nothing' })
    // Not loaded yet: nothing can be saved.
    expect(planSave(initialReview(null), null, 'me')).toEqual({ kind: 'refused' })
  })

  it('an edit is autosaved from the base revision, and an unreviewed clip becomes in progress', () => {
    const edited = run(loaded(), { type: 'edited', draft: withAction('mine') })
    expect(isDirty(edited)).toBe(true)
    expect(planSave(edited, null, '')).toEqual({ kind: 'refused' })
    const { plan, after } = store(edited)
    expect(plan).toEqual({ kind: 'send', caption: withAction('mine'), status: 'in_progress', baseNumber: 0 })
    expect(after).toMatchObject({ saving: false, origin: 'revision', saved: { number: 1, status: 'in_progress' }, lastSaved: { number: 1 } })
    expect(after.detail?.clip.status).toBe('in_progress')
    expect(after.detail?.revision?.number).toBe(1)
    expect(isDirty(after)).toBe(false)
  })

  it('a decision is saved even without edits; a flag always is; a repeat of the same status is not', () => {
    const approved = store(loaded(), 'approved')
    expect(approved.plan).toMatchObject({ kind: 'send', status: 'approved', baseNumber: 0 })
    expect(planSave(approved.after, 'approved', 'me')).toEqual({ kind: 'nothing' })
    // Plain save keeps a decided status.
    expect(planSave(run(approved.after, { type: 'edited', draft: withAction('x') }), null, 'me')).toMatchObject({ status: 'approved', baseNumber: 1 })
    const flagged = store(approved.after, 'flagged').after
    expect(planSave(flagged, 'flagged', 'me')).toMatchObject({ kind: 'send', status: 'flagged', baseNumber: 2 })
  })

  it('a conflict stops saving, whatever is typed next, and keeps the edits', () => {
    const refused = run(
      loaded(),
      { type: 'edited', draft: withAction('mine') },
      { type: 'saveStarted' },
      { type: 'saveRefused', conflict: { message: 'revision 1 was saved by other', latestNumber: 1, status: 'in_progress' } },
      { type: 'edited', draft: withAction('mine, more') }
    )
    expect(refused).toMatchObject({ saving: false, conflict: { latestNumber: 1 }, draft: withAction('mine, more') })
    expect(isDirty(refused)).toBe(true)
    expect(planSave(refused, null, 'me')).toEqual({ kind: 'refused' })
    expect(planSave(refused, 'approved', 'me')).toEqual({ kind: 'refused' })
  })

  it('reload shows the newer revision and clears the conflict', () => {
    const refused = run(
      loaded(),
      { type: 'edited', draft: withAction('mine') },
      { type: 'saveRefused', conflict: { message: 'x', latestNumber: 1, status: 'in_progress' } }
    )
    const theirs = revision(1, withAction('theirs'), 'approved', 'other')
    const reloaded = run(refused, { type: 'loaded', detail: detail(theirs, 'approved') })
    expect(reloaded).toMatchObject({
      conflict: null,
      saveError: null,
      origin: 'revision',
      draft: withAction('theirs'),
      saved: { number: 1, status: 'approved' }
    })
    expect(isDirty(reloaded)).toBe(false)
    // A failed reload says so and changes nothing else.
    const failed = run(refused, { type: 'reloadFailed', message: 'host gone' })
    expect(failed).toMatchObject({ saveError: 'host gone', conflict: { latestNumber: 1 }, draft: withAction('mine') })
  })

  it('overwrite saves the refused request again on top of the newer revision', () => {
    const refused = run(
      loaded(),
      { type: 'edited', draft: withAction('mine') },
      { type: 'saveRefused', conflict: { message: 'x', latestNumber: 3, status: 'flagged', flagReason: 'blurry' } }
    )
    const rebased = run(refused, { type: 'overwriting', latestNumber: 3 })
    expect(rebased.conflict).toBeNull()
    expect(planSave(rebased, refused.conflict!.status, 'me')).toEqual({ kind: 'send', caption: withAction('mine'), status: 'flagged', baseNumber: 3 })
  })

  it('edits typed while a save is in flight (e.g. then leaving the clip) are saved next, from the new revision', () => {
    const first = run(loaded(), { type: 'edited', draft: withAction('one') })
    const plan = planSave(first, null, 'me')
    const inFlight = run(first, { type: 'saveStarted' }, { type: 'edited', draft: withAction('one, two') })
    expect(inFlight.saving).toBe(true)
    // The answer to the first save arrives: the newer draft stays, and is still unsaved.
    const answered = run(inFlight, { type: 'saved', revision: revision(1, withAction('one'), 'in_progress') })
    expect(plan).toMatchObject({ caption: withAction('one'), baseNumber: 0 })
    expect(answered.draft).toEqual(withAction('one, two'))
    expect(isDirty(answered)).toBe(true)
    // The save queued on leaving goes from revision 1, not from the stale 0 (which would conflict).
    expect(planSave(answered, null, 'me')).toEqual({ kind: 'send', caption: withAction('one, two'), status: 'in_progress', baseNumber: 1 })
  })

  it('a failed save keeps the draft and base, so the next one tries the same again', () => {
    const edited = run(loaded(), { type: 'edited', draft: withAction('mine') })
    const failed = run(edited, { type: 'saveStarted' }, { type: 'saveFailed', message: 'disk full' })
    expect(failed).toMatchObject({ saving: false, saveError: 'disk full', conflict: null })
    expect(planSave(failed, null, 'me')).toEqual(planSave(edited, null, 'me'))
    expect(run(failed, { type: 'saveStarted' }).saveError).toBeNull()
  })

  it('a clip that cannot be read says why', () => {
    const state = run(initialReview(null), { type: 'loadFailed', message: 'no such clip' })
    expect(state).toMatchObject({ loadError: 'no such clip', detail: null, draft: null })
  })
})
