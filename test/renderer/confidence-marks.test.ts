import { describe, expect, it } from 'vitest'
import { emptyCaption, emptySubject, type StructuralCaption } from '../../src/shared/caption'
import type { PrelabelConfidence } from '../../src/shared/confidence'
import { confidenceMarks, splitAtSpans, valueAt } from '../../src/renderer/src/features/review/confidenceMarks'

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
    expect(marks.get('shot_type')).toEqual({ p: 0.41, low: true, spans: [] })
    // the text itself is sure (0.9): only its word is marked
    expect(marks.get('lighting')).toEqual({ p: 0.9, low: false, spans: [{ start: 5, end: 11, p: 0.2 }] })
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
})
