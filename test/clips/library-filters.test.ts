import { beforeAll, describe, expect, it } from 'vitest'
import { ClipQuery, DISAGREE_FIELDS } from '../../src/shared/contract'
import type { ProjectStore } from '../../src/main/store/project'
import { ftsQuery } from '../../src/main/store/libraryFilter'
import { addClip, caption, CSV, fileInfo, MODEL, names, newStore, revise, subject } from '../helpers/library'

const base = caption({
  shot_type: 'close_up',
  shot_angle: 'eye_level',
  shot_position: 'front_view',
  camera_motion: 'static',
  environment: 'a quiet café terrace',
  lighting: 'warm sunset light',
  subjects: [subject({ appearance: 'red coat', action: 'sips coffee' })]
})

/**
 * Six clips covering every filter: pre-label only, revised, revised twice by two people, revised
 * without a pre-label, nothing at all, and a pre-label that arrives after the revision.
 */
function handBuilt(): ProjectStore {
  const store = newStore()
  addClip(store, 'a.mp4', [[MODEL, base]])

  const dogPrelabel = caption({
    shot_type: 'medium_shot',
    shot_angle: 'high_angle',
    shot_position: 'side_view',
    environment: 'snowy mountain village',
    subjects: [subject({ TYPES: { type: 'Animal', sub_type: 'Dog' }, action: 'runs' })]
  })
  const b = addClip(store, 'b.mp4', [[CSV, dogPrelabel]])
  revise(store, b, { ...dogPrelabel, shot_type: 'long_shot' }, 'approved', 'alice')

  const c = addClip(store, 'c.mp4', [[MODEL, base]])
  revise(store, c, { ...base, lighting: 'cold neon glow' }, 'rejected', 'bob')
  revise(store, c, { ...base, lighting: 'cold neon glow', shot_angle: 'low_angle' }, 'flagged', 'alice', 'too dark')

  const d = addClip(store, 'd.mp4')
  const twoSubjects = [subject(), subject({ is_main_subject: false })]
  revise(store, d, caption({ shot_type: 'full_shot', shot_position: 'back_view', environment: 'busy harbour', subjects: twoSubjects }), 'in_progress', 'bob')

  addClip(store, 'e.mp4', [], fileInfo({ importError: 'File not found' }))

  const f = addClip(store, 'f.mp4', [[MODEL, base]])
  const fRevised = { ...base, environment: 'rainy street', subjects: [...base.subjects, subject({ is_main_subject: false })] }
  revise(store, f, fRevised, 'approved', 'carol')
  store.addPrelabel({ clipId: f, rawText: 'late', caption: { ...fRevised, shot_position: 'overhead_view' }, problems: [], source: CSV, timings: {} })
  return store
}

describe('Library filters on a hand-built project', () => {
  let store: ProjectStore
  beforeAll(() => {
    store = handBuilt()
  })

  it('filters by status', () => {
    expect(names(store, { status: 'unreviewed' })).toEqual(['a.mp4', 'e.mp4'])
    expect(names(store, { status: 'approved' })).toEqual(['b.mp4', 'f.mp4'])
    expect(names(store, { status: 'flagged' })).toEqual(['c.mp4'])
    expect(names(store, { status: 'in_progress' })).toEqual(['d.mp4'])
    expect(names(store, { status: 'rejected' })).toEqual([])
  })

  it('filters each enum field on the latest caption: the revision once there is one, else the pre-label', () => {
    expect(names(store, { shotType: 'close_up' })).toEqual(['a.mp4', 'c.mp4', 'f.mp4'])
    expect(names(store, { shotType: 'long_shot' })).toEqual(['b.mp4'])
    expect(names(store, { shotType: 'medium_shot' })).toEqual([]) // b's pre-label, overridden
    expect(names(store, { shotAngle: 'eye_level' })).toEqual(['a.mp4', 'f.mp4'])
    expect(names(store, { shotAngle: 'low_angle' })).toEqual(['c.mp4'])
    expect(names(store, { shotAngle: 'other' })).toEqual(['d.mp4'])
    expect(names(store, { shotPosition: 'front_view' })).toEqual(['a.mp4', 'c.mp4', 'f.mp4'])
    expect(names(store, { shotPosition: 'back_view' })).toEqual(['d.mp4'])
    // f's later pre-label does not override its human revision.
    expect(names(store, { shotPosition: 'overhead_view' })).toEqual([])
  })

  it('filters by the latest annotator and by pre-label source, with null for none', () => {
    expect(names(store, { annotator: 'alice' })).toEqual(['b.mp4', 'c.mp4'])
    expect(names(store, { annotator: 'bob' })).toEqual(['d.mp4'])
    expect(names(store, { annotator: null })).toEqual(['a.mp4', 'e.mp4'])
    expect(names(store, { prelabelSource: MODEL.label })).toEqual(['a.mp4', 'c.mp4'])
    expect(names(store, { prelabelSource: CSV.label })).toEqual(['b.mp4', 'f.mp4'])
    expect(names(store, { prelabelSource: null })).toEqual(['d.mp4', 'e.mp4'])
  })

  it('filters by where model and human disagree, per field and on any', () => {
    const expected: Record<(typeof DISAGREE_FIELDS)[number] | 'any', string[]> = {
      shot_type: ['b.mp4'],
      shot_angle: ['c.mp4'],
      shot_position: ['f.mp4'], // the late pre-label differs from the revision
      camera_motion: [],
      environment: [],
      lighting: ['c.mp4'],
      subject_count: [],
      any: ['b.mp4', 'c.mp4', 'f.mp4']
    }
    for (const [field, clips] of Object.entries(expected)) {
      expect(names(store, { disagree: field as keyof typeof expected }), field).toEqual(clips)
    }
    const rows = store.library.list(ClipQuery.parse({ sort: 'name' })).rows
    expect(rows.map((r) => r.disagree)).toEqual([[], ['shot_type'], ['shot_angle', 'lighting'], [], [], ['shot_position']])
  })

  it('searches the latest caption text by word prefixes, ignoring case and accents', () => {
    expect(names(store, { text: 'sunset' })).toEqual(['a.mp4', 'f.mp4']) // c's revision replaced it
    expect(names(store, { text: 'SUNSE' })).toEqual(['a.mp4', 'f.mp4'])
    expect(names(store, { text: 'neon' })).toEqual(['c.mp4'])
    expect(names(store, { text: 'cafe' })).toEqual(['a.mp4', 'c.mp4'])
    expect(names(store, { text: 'street rainy' })).toEqual(['f.mp4'])
    expect(names(store, { text: 'rainy neon' })).toEqual([])
    expect(names(store, { text: 'dog' })).toEqual(['b.mp4']) // subject TYPES
    expect(names(store, { text: 'harbour' })).toEqual(['d.mp4'])
    // Typed FTS5 syntax is taken as words, never as a query error.
    expect(names(store, { text: '"neon*' })).toEqual(['c.mp4'])
    expect(names(store, { text: 'NEAR(neon' })).toEqual([])
    expect(names(store, { text: '*** --' })).toHaveLength(6)
    expect(ftsQuery('Café au-lait')).toBe('"Café"* "au"* "lait"*')
  })

  it('combines filters, and still searches paths', () => {
    expect(names(store, { status: 'approved', shotType: 'long_shot' })).toEqual(['b.mp4'])
    expect(names(store, { text: 'sunset', annotator: null })).toEqual(['a.mp4'])
    expect(names(store, { shotType: 'close_up', disagree: 'any', prelabelSource: MODEL.label })).toEqual(['c.mp4'])
    expect(names(store, { search: 'c.mp4' })).toEqual(['c.mp4'])
    const list = store.library.list(ClipQuery.parse({ shotType: 'close_up', limit: 1, offset: 1, sort: 'name' }))
    expect(list).toMatchObject({ total: 3, rows: [{ name: 'c.mp4', shotAngle: 'low_angle', annotator: 'alice', status: 'flagged' }] })
  })

  it('counts per status under the other filters, ignoring the status filter', () => {
    expect(store.library.counts()).toEqual({ unreviewed: 2, in_progress: 1, approved: 2, rejected: 0, flagged: 1, in_review: 0, returned: 0 })
    expect(store.library.counts({ shotType: 'close_up' })).toEqual({
      unreviewed: 1,
      in_progress: 0,
      approved: 1,
      rejected: 0,
      flagged: 1,
      in_review: 0,
      returned: 0
    })
    expect(store.library.counts({ text: 'neon', status: 'approved' } as never)).toMatchObject({ flagged: 1, approved: 0 })
  })

  it('sorts by the new columns and lists ids in list order', () => {
    expect(names(store, { sort: 'annotator' })).toEqual(['a.mp4', 'e.mp4', 'b.mp4', 'c.mp4', 'd.mp4', 'f.mp4'])
    expect(names(store, { sort: 'shotAngle', desc: true })[0]).toBe('d.mp4')
    const all = store.library.ids({ sort: 'name', desc: true, offset: 0, limit: 100_000 })
    const rows = store.library.list(ClipQuery.parse({ sort: 'name', desc: true })).rows
    expect(all).toEqual(rows.map((r) => r.id))
    const approved = rows.filter((r) => r.status === 'approved').map((r) => r.id)
    expect(store.library.ids({ sort: 'name', desc: true, offset: 1, limit: 5, status: 'approved' })).toEqual(approved.slice(1))
  })

  it('lists distinct annotators and pre-label sources', () => {
    expect(store.library.facets()).toEqual({ annotators: ['alice', 'bob', 'carol'], prelabelSources: [MODEL.label, CSV.label] })
  })
})
