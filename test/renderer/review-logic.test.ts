import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { emptyCaption, emptySubject, type StructuralCaption, type Subject } from '../../src/shared/caption'
import { changedPaths, describeChanges } from '../../src/renderer/src/features/review/captionChanges'
import { duplicateSubject, moveSubject, setMainSubject } from '../../src/renderer/src/features/review/draft'
import { ENUM_LETTERS, optionForKey } from '../../src/renderer/src/features/review/enumKeys'
import { UndoHistory } from '../../src/renderer/src/features/review/undoHistory'
import { SHORTCUTS } from '../../src/renderer/src/features/review/shortcuts'
import { validateCaption } from '../../src/renderer/src/features/review/validation'
import { tokenize, wordDiff } from '../../src/renderer/src/lib/wordDiff'
import { ENUM_FIELDS, type EnumField } from '../../src/shared/caption'

const subject = (type: string, sub: string, extra: Partial<Subject> = {}): Subject => ({
  ...emptySubject(),
  TYPES: { type, sub_type: sub },
  appearance: `${sub} appearance`,
  ...extra
})
const caption = (extra: Partial<StructuralCaption> = {}): StructuralCaption => ({ ...emptyCaption(), ...extra })

describe('word diff', () => {
  it('keeps the text: joining either side gives it back', () => {
    const before = 'The camera  pans slowly to the left.'
    const after = 'The camera tilts slowly up, to the left!'
    const parts = wordDiff(before, after)
    expect(
      parts
        .filter((p) => p.kind !== 'added')
        .map((p) => p.text)
        .join('')
    ).toBe(before)
    expect(
      parts
        .filter((p) => p.kind !== 'removed')
        .map((p) => p.text)
        .join('')
    ).toBe(after)
    expect(tokenize('a  b\nc')).toEqual(['a', '  ', 'b', '\n', 'c'])
  })

  it('marks only the words that changed', () => {
    expect(wordDiff('soft warm light', 'soft cold light')).toEqual([
      { kind: 'same', text: 'soft ' },
      { kind: 'removed', text: 'warm' },
      { kind: 'added', text: 'cold' },
      { kind: 'same', text: ' light' }
    ])
    expect(wordDiff('a b c', 'a b c d')).toEqual([
      { kind: 'same', text: 'a b c' },
      { kind: 'added', text: ' d' }
    ])
    expect(wordDiff('', 'new')).toEqual([{ kind: 'added', text: 'new' }])
    expect(wordDiff('old', '')).toEqual([{ kind: 'removed', text: 'old' }])
    expect(wordDiff('same', 'same')).toEqual([{ kind: 'same', text: 'same' }])
  })

  it('reads a rewrite of neighbouring words as one replacement', () => {
    expect(wordDiff('x red car y', 'x blue bus y')).toEqual([
      { kind: 'same', text: 'x ' },
      { kind: 'removed', text: 'red car' },
      { kind: 'added', text: 'blue bus' },
      { kind: 'same', text: ' y' }
    ])
  })

  it('stays fast on long texts', () => {
    const long = Array.from({ length: 3000 }, (_, i) => `w${i}`).join(' ')
    const start = performance.now()
    const parts = wordDiff(long, long + ' end')
    expect(performance.now() - start).toBeLessThan(500)
    expect(
      parts
        .filter((p) => p.kind === 'removed')
        .map((p) => p.text)
        .join('') +
        parts
          .filter((p) => p.kind === 'same')
          .map((p) => p.text)
          .join('')
    ).toContain('w2999')
  })
})

describe('subject list edits', () => {
  const three = caption({ subjects: [subject('Human', 'Woman', { is_main_subject: true }), subject('Animal', 'Dog'), subject('Vehicles', 'Car')] })

  it('duplicates right after the original, never as a second main subject', () => {
    const out = duplicateSubject(three, 0)
    expect(out.subjects.map((s) => s.TYPES.sub_type)).toEqual(['Woman', 'Woman', 'Dog', 'Car'])
    expect(out.subjects.map((s) => s.is_main_subject)).toEqual([true, false, false, false])
    // A real copy: editing it leaves the original alone.
    expect(out.subjects[1].TYPES).not.toBe(out.subjects[0].TYPES)
  })

  it('moves up and down and ignores moves past either end', () => {
    expect(moveSubject(three, 2, -1).subjects.map((s) => s.TYPES.sub_type)).toEqual(['Woman', 'Car', 'Dog'])
    expect(moveSubject(three, 0, 1).subjects.map((s) => s.TYPES.sub_type)).toEqual(['Dog', 'Woman', 'Car'])
    expect(moveSubject(three, 0, -1)).toBe(three)
    expect(moveSubject(three, 2, 1)).toBe(three)
  })

  it('marks exactly one main subject', () => {
    expect(setMainSubject(three, 2).subjects.map((s) => s.is_main_subject)).toEqual([false, false, true])
  })
})

describe('validation', () => {
  it('asks for exactly one main subject, with a message that says what is wrong', () => {
    const none = validateCaption(caption({ subjects: [subject('Human', 'Man'), subject('Animal', 'Cat')] }))
    expect(none).toContainEqual({ path: 'subjects', message: expect.stringMatching(/No main subject/), blocking: true })
    const two = validateCaption(
      caption({ subjects: [subject('Human', 'Man', { is_main_subject: true }), subject('Animal', 'Cat', { is_main_subject: true })] })
    )
    expect(two.find((i) => i.path === 'subjects')?.message).toMatch(/2 subjects are marked main/)
    expect(validateCaption(caption())).toEqual([])
    expect(validateCaption(caption({ subjects: [subject('Human', 'Man', { is_main_subject: true })] }))).toEqual([])
  })

  it('flags a missing type (blocking), a missing sub-type and misplaced expression (hints)', () => {
    const issues = validateCaption(caption({ subjects: [subject('', '', { is_main_subject: true }), subject('Vehicles', 'Car', { expression: 'happy' })] }))
    expect(issues.map((i) => [i.path, i.blocking])).toEqual([
      ['subjects.0.TYPES.type', true],
      ['subjects.0.TYPES.sub_type', false],
      ['subjects.1.expression', false]
    ])
  })
})

describe('revision change summaries', () => {
  const before = caption({ shot_type: 'close_up', lighting: 'soft', subjects: [subject('Human', 'Woman', { is_main_subject: true })] })

  it('lists enum values, edited text fields, subject changes and status', () => {
    const after = {
      ...before,
      shot_type: 'medium_shot' as const,
      lighting: 'hard',
      subjects: [subject('Human', 'Man', { action: 'walks' }), subject('Animal', 'Dog', { is_main_subject: true })]
    }
    expect(describeChanges({ caption: before, status: 'in_progress' }, { caption: after, status: 'approved' })).toEqual([
      'Status: In progress → Approved',
      'Shot type: close up → medium shot',
      'Lighting edited',
      'Subjects: 1 → 2',
      'Subject 1 type: Human/Woman → Human/Man',
      'Subject 1 appearance, action edited',
      'Main subject: 1 → 2'
    ])
    expect(changedPaths(before, after)).toEqual([
      'shot_type',
      'lighting',
      'subjects',
      'subjects.0.appearance',
      'subjects.0.action',
      'subjects.0.TYPES.sub_type',
      'subjects.0.is_main_subject'
    ])
  })

  it('starts the first revision with its status and shows flag reasons', () => {
    expect(describeChanges(null, { caption: before, status: 'in_progress' })).toEqual(['Status: In progress'])
    expect(describeChanges({ caption: before, status: 'in_progress' }, { caption: before, status: 'flagged', flagReason: 'blurry' })).toEqual([
      'Status: In progress → Flagged',
      'Flag reason: blurry'
    ])
    expect(describeChanges({ caption: before, status: 'approved' }, { caption: before, status: 'approved' })).toEqual(['No changes'])
  })
})

describe('undo history', () => {
  it('undoes and redoes whole states', () => {
    const h = new UndoHistory<string>()
    h.record('a', null, 0)
    h.record('b', null, 10)
    expect(h.undo('c')).toBe('b')
    expect(h.undo('b')).toBe('a')
    expect(h.undo('a')).toBeNull()
    expect(h.redo('a')).toBe('b')
    expect(h.redo('b')).toBe('c')
    expect(h.canRedo).toBe(false)
  })

  it('treats a burst of typing in one field as one step, and a new change clears redo', () => {
    const h = new UndoHistory<string>(1000)
    h.record('', 'lighting', 0)
    h.record('s', 'lighting', 300)
    h.record('so', 'lighting', 600)
    h.record('sof', 'environment', 700)
    expect(h.undo('soft')).toBe('sof')
    expect(h.undo('sof')).toBe('')
    h.record('x', 'lighting', 5000)
    expect(h.canRedo).toBe(false)
    // A pause longer than the window starts a new step.
    h.record('y', 'lighting', 7000)
    expect(h.undo('z')).toBe('y')
  })
})

describe('enum keys', () => {
  it('gives every option a distinct letter within its field', () => {
    for (const field of Object.keys(ENUM_FIELDS) as EnumField[]) {
      const letters = Object.values(ENUM_LETTERS[field])
      expect(new Set(letters).size, field).toBe(ENUM_FIELDS[field].length)
      for (const option of ENUM_FIELDS[field]) expect(optionForKey(field, (ENUM_LETTERS[field] as Record<string, string>)[option])).toBe(option)
    }
  })
  it('picks options by number and letter, case-insensitive', () => {
    expect(optionForKey('shot_type', '4')).toBe('close_up')
    expect(optionForKey('shot_type', 'M')).toBe('medium_shot')
    expect(optionForKey('shot_position', '9')).toBe('other')
    expect(optionForKey('shot_angle', '5')).toBeNull()
    expect(optionForKey('shot_angle', 'z')).toBeNull()
  })
})

describe('shortcut list', () => {
  it('README.md lists every shortcut the ? sheet shows', () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8').replace(/`/g, '')
    for (const [keys, action] of SHORTCUTS.flatMap((g) => g.items))
      expect(readme, keys).toContain(`| ${keys} | ${action.replace(/this sheet/, 'the shortcut sheet')} |`)
  })
})
