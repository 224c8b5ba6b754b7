// The adjudication view's merge: which fields differ, and taking a field or a subject from either version.
import { describe, expect, it } from 'vitest'
import { emptySubject, type StructuralCaption, type Subject } from '../../src/shared/caption'
import { adjudicationRows, differingRows } from '../../src/renderer/src/features/review/adjudication'
import { realCaptions } from '../helpers/bulkProject'

const person = (type: string, extra: Partial<Subject> = {}): Subject => ({
  ...emptySubject(),
  TYPES: { type, sub_type: 'Woman' },
  action: `${type} acts`,
  ...extra
})
const A: StructuralCaption = { ...realCaptions[0], shot_type: 'close_up', subjects: [person('Human', { is_main_subject: true }), person('Animal')] }
const B: StructuralCaption = {
  ...A,
  shot_type: 'long_shot',
  lighting: `${A.lighting} Brighter.`,
  subjects: [person('Human', { is_main_subject: true, action: 'waves' })]
}

describe('adjudication rows', () => {
  const rows = adjudicationRows(A, B)
  const row = (key: string) => rows.find((r) => r.key === key)!

  it('lists every enum and text field, then each subject of the longer version, and marks those that differ', () => {
    expect(rows.map((r) => r.key)).toEqual(['shot_type', 'shot_angle', 'shot_position', 'camera_motion', 'environment', 'lighting', 'subject-1', 'subject-2'])
    expect([...differingRows(rows, A, B)]).toEqual(['shot_type', 'lighting', 'subject-1', 'subject-2'])
    expect(row('shot_type').show(B)).toBe('long shot')
    expect(row('subject-2').show(B)).toBe('')
    expect(row('subject-1').show(B)).toContain('waves')
  })

  it('takes one field from B and leaves the rest of the merge as it was', () => {
    const merged = row('lighting').take(A, B)
    expect(merged).toEqual({ ...A, lighting: B.lighting })
    expect(row('shot_type').take(merged, B)).toEqual({ ...A, lighting: B.lighting, shot_type: 'long_shot' })
  })

  it('takes a whole subject, drops one the other version lacks, and keeps one main subject', () => {
    expect(row('subject-1').take(A, B).subjects).toEqual([B.subjects[0], A.subjects[1]])
    expect(row('subject-2').take(A, B).subjects).toEqual([A.subjects[0]])
    const onlyB = { ...B, subjects: [person('Human')] }
    const back = row('subject-2').take(onlyB, { ...A, subjects: [A.subjects[0], { ...A.subjects[1], is_main_subject: true }] })
    expect(back.subjects.map((s) => [s.TYPES.type, s.is_main_subject])).toEqual([
      ['Human', false],
      ['Animal', true]
    ])
  })
})
