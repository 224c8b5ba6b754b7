import { describe, expect, it } from 'vitest'
import { emptyCaption, emptySubject, type StructuralCaption } from '../../src/shared/caption'
import type { PrelabelConfidence } from '../../src/shared/confidence'
import { auditDraw } from '../../src/shared/autoAccept'
import { confidenceMarks, reviewPlan, reviewRecord, splitAtSpans, valueAt } from '../../src/renderer/src/features/review/confidenceMarks'

const model: StructuralCaption = {
  ...emptyCaption(),
  shot_type: 'close_up',
  lighting: 'warm sunset light',
  subjects: [
    { ...emptySubject(), TYPES: { type: 'Human', sub_type: 'Woman' }, action: 'sips coffee slowly' },
    { ...emptySubject(), TYPES: { type: 'Animal', sub_type: 'Dog' }, action: 'runs' }
  ]
}

const confidence: PrelabelConfidence = {
  status: 'scored',
  topK: 5,
  min: 0.3,
  fields: [
    { path: 'shot_type', kind: 'enum', p: 0.41 },
    { path: 'lighting', kind: 'text', p: 0.9, min: 0.2, spans: [{ start: 5, end: 11, p: 0.2 }] },
    {
      path: 'subjects[0].action',
      kind: 'text',
      p: 0.5,
      spans: [
        { start: 12, end: 18, p: 0.3 },
        { start: 0, end: 4, p: 0.7 },
        { start: 5, end: 40, p: 0.1 }
      ]
    },
    { path: 'subjects[1].TYPES.sub_type', kind: 'types', p: 0.3 },
    { path: 'subjects[1].TYPES.type', kind: 'types', p: 0.95 },
    { path: 'subjects.count', kind: 'count', p: 0.55 }
  ]
}

describe('low-confidence marks in the editor', () => {
  it('reads the value at every kind of path', () => {
    expect(valueAt(model, 'shot_type')).toBe('close_up')
    expect(valueAt(model, 'subjects[1].TYPES.sub_type')).toBe('Dog')
    expect(valueAt(model, 'subjects[0].action')).toBe('sips coffee slowly')
    expect(valueAt(model, 'subjects.count')).toBe('2')
    expect(valueAt(model, 'subjects[5].action')).toBeUndefined()
  })

  it('marks fields below the threshold and low words in texts above it, dropping spans outside the value', () => {
    const marks = confidenceMarks(confidence, model, model, 0.6)
    expect([...marks.keys()].sort()).toEqual(['lighting', 'shot_type', 'subjects.count', 'subjects[0].action', 'subjects[1].TYPES.sub_type'])
    expect(marks.get('shot_type')).toEqual({ p: 0.41, low: true, accepted: false, spans: [] })
    // the text itself is sure (0.9): only its word is marked
    expect(marks.get('lighting')).toEqual({ p: 0.9, low: false, accepted: false, spans: [{ start: 5, end: 11, p: 0.2 }] })
    // 0.7 is above the threshold, 5..40 runs past the value's end
    expect(marks.get('subjects[0].action')?.spans).toEqual([{ start: 12, end: 18, p: 0.3 }])
    expect(confidenceMarks(confidence, model, model, 0.4).get('shot_type')).toBeUndefined()
  })

  it('keeps a mark only while the draft still holds the pre-label value there', () => {
    const edited: StructuralCaption = {
      ...model,
      shot_type: 'medium_shot',
      subjects: [{ ...model.subjects[0], action: 'sips tea slowly' }]
    }
    const marks = confidenceMarks(confidence, model, edited, 0.6)
    // shot type changed, action changed, subject 2 and the count gone; lighting untouched
    expect([...marks.keys()]).toEqual(['lighting'])
  })

  it('marks nothing without a scored pre-label', () => {
    expect(confidenceMarks({ status: 'none', reason: 'no logprobs' }, model, model, 0.6).size).toBe(0)
    expect(confidenceMarks(undefined, model, model, 0.6).size).toBe(0)
    expect(confidenceMarks(confidence, null, model, 0.6).size).toBe(0)
  })

  it('cuts a text at its spans without losing a character', () => {
    const parts = splitAtSpans('sips coffee slowly', [
      { start: 5, end: 11, p: 0.2 },
      { start: 8, end: 12, p: 0.1 },
      { start: 12, end: 18, p: 0.3 }
    ])
    expect(parts).toEqual([
      { text: 'sips ', p: null },
      { text: 'coffee', p: 0.2 },
      { text: ' ', p: null },
      { text: 'slowly', p: 0.3 }
    ])
    expect(parts.map((p) => p.text).join('')).toBe('sips coffee slowly')
  })

  it('marks pre-accepted fields while they hold the model value', () => {
    const marks = confidenceMarks(confidence, model, { ...model, subjects: model.subjects.slice(0, 1) }, 0.6, [
      'subjects[1].TYPES.type',
      'subjects.count',
      'shot_type'
    ])
    expect(marks.get('shot_type')).toMatchObject({ low: true, accepted: true })
    // subject 2 was removed: its type and the count no longer hold the model's value
    expect(marks.has('subjects[1].TYPES.type')).toBe(false)
    expect(marks.has('subjects.count')).toBe(false)
  })
})

describe('auto-accept in the editor and what a save records', () => {
  const scored: PrelabelConfidence = {
    status: 'scored',
    topK: 5,
    min: 0.3,
    fields: [
      { path: 'shot_type', kind: 'enum', p: 0.97 },
      { path: 'subjects[1].TYPES.sub_type', kind: 'types', p: 0.3 },
      { path: 'subjects.count', kind: 'count', p: 0.99 }
    ]
  }
  // clip ids on either side of a 50% audit share
  const ids = Array.from({ length: 50 }, (_, i) => i + 1)
  const audited = ids.find((id) => auditDraw(id) < 0.5)!
  const notAudited = ids.find((id) => auditDraw(id) >= 0.5)!

  it('pre-accepts the confident fields, or draws the clip for audit, and is off without settings, confidence or for gold', () => {
    const on = { above: 0.95, auditShare: 0.5 }
    expect(reviewPlan(notAudited, scored, on, false)).toEqual({ mode: 'accepted', fields: ['shot_type', 'subjects.count'] })
    expect(reviewPlan(audited, scored, on, false)).toEqual({ mode: 'audit', fields: ['shot_type', 'subjects.count'] })
    expect(reviewPlan(notAudited, scored, null, false)).toBeNull()
    expect(reviewPlan(notAudited, scored, on, true)).toBeNull()
    expect(reviewPlan(notAudited, { status: 'none', reason: 'x' }, on, false)).toBeNull()
  })

  it('records as unlooked only the accepted fields saved with the model value; an audit as planned', () => {
    const plan = { mode: 'accepted' as const, fields: ['shot_type', 'subjects.count'] }
    expect(reviewRecord(plan, model, model)).toEqual(plan)
    expect(reviewRecord(plan, model, { ...model, shot_type: 'long_shot' })).toEqual({ mode: 'accepted', fields: ['subjects.count'] })
    const audit = { mode: 'audit' as const, fields: ['shot_type'] }
    expect(reviewRecord(audit, model, { ...model, shot_type: 'long_shot' })).toEqual(audit)
    expect(reviewRecord(null, model, model)).toBeUndefined()
  })
})
