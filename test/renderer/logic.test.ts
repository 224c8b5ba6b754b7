import { describe, expect, it } from 'vitest'
import { emptyCaption, emptySubject } from '../../src/shared/caption'
import type { ClipDetail, Prelabel, Revision } from '../../src/shared/contract'
import { pagesFor } from '../../src/renderer/src/features/library/pages'
import { addSubject, patchSubject, removeSubject, sameCaption, startingPoint, statusForSave } from '../../src/renderer/src/features/review/draft'
import { formatDuration, formatFps, formatResolution } from '../../src/renderer/src/lib/format'
import { formatHash, parseHash } from '../../src/renderer/src/lib/screen'

describe('library paging', () => {
  it('covers a row range with whole pages', () => {
    expect(pagesFor(0, 10)).toEqual([0])
    expect(pagesFor(195, 205)).toEqual([0, 1])
    expect(pagesFor(99_990, 99_999)).toEqual([499])
  })
  it('needs no page for an empty range', () => {
    expect(pagesFor(0, -1)).toEqual([])
  })
})

describe('screen hash', () => {
  it('round-trips every screen', () => {
    for (const hash of ['#/projects', '#/library', '#/review', '#/review/42']) expect(formatHash(parseHash(hash))).toBe(hash)
  })
  it('falls back to projects and ignores bad clip ids', () => {
    expect(parseHash('')).toEqual({ view: 'projects' })
    expect(parseHash('#/nowhere')).toEqual({ view: 'projects' })
    expect(parseHash('#/review/abc')).toEqual({ view: 'review', clipId: null })
    expect(parseHash('#/review/-3')).toEqual({ view: 'review', clipId: null })
  })
})

describe('caption draft', () => {
  it('makes the first added subject the main one', () => {
    const one = addSubject(emptyCaption())
    const two = addSubject(one)
    expect(two.subjects.map((s) => s.is_main_subject)).toEqual([true, false])
  })
  it('edits and removes subjects without touching the original', () => {
    const start = { ...emptyCaption(), subjects: [emptySubject(), emptySubject()] }
    const edited = patchSubject(start, 1, { action: 'runs' })
    expect(start.subjects[1].action).toBe('')
    expect(edited.subjects[1].action).toBe('runs')
    expect(removeSubject(edited, 0).subjects).toEqual([edited.subjects[1]])
  })
  it('compares captions by content', () => {
    expect(sameCaption(emptyCaption(), emptyCaption())).toBe(true)
    expect(sameCaption(emptyCaption(), { ...emptyCaption(), lighting: 'dim' })).toBe(false)
  })
  it('starts from the revision, else the pre-label, else empty', () => {
    const caption = { ...emptyCaption(), shot_type: 'close_up' as const }
    const base = { clip: {}, prelabel: null, revision: null } as unknown as ClipDetail
    expect(startingPoint(base)).toEqual({ caption: emptyCaption(), origin: 'empty' })
    const prelabel = { caption } as Prelabel
    expect(startingPoint({ ...base, prelabel }).origin).toBe('prelabel')
    const revision = { caption: emptyCaption() } as Revision
    expect(startingPoint({ ...base, prelabel, revision }).origin).toBe('revision')
  })
  it('moves an unreviewed clip to in_progress on plain save and keeps decided statuses', () => {
    expect(statusForSave('unreviewed')).toBe('in_progress')
    expect(statusForSave('approved')).toBe('approved')
  })
})

describe('formatting', () => {
  it('formats durations, resolutions and frame rates', () => {
    expect(formatDuration(4.2)).toBe('0:04.2')
    expect(formatDuration(3725)).toBe('1:02:05')
    expect(formatDuration(null)).toBe('—')
    expect(formatResolution(1920, 1080)).toBe('1920×1080')
    expect(formatResolution(null, 1080)).toBe('—')
    expect(formatFps(29.97002997)).toBe('29.97')
    expect(formatFps(25)).toBe('25')
  })
})
