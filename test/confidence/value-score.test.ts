// TYPES, free text and the number of subjects, on hand-built token streams with the arithmetic written out.
import { describe, expect, it } from 'vitest'
import { parseCaption } from '../../src/shared/parseCaption'
import { LOW_WORD_P } from '../../src/main/confidence/valueScore'
import { scoreCaption } from '../../src/main/confidence/score'
import { joined, scoredField, tok } from '../helpers/tokens'

const score = (tokens: ReturnType<typeof tok>[]) => scoreCaption(joined(tokens), tokens, 5)

describe('TYPES confidence', () => {
  it('is the product of the value tokens, with a token that closes one value and opens the next counted once', () => {
    const tokens = [
      tok('{"subjects":[{"TYPES":{"type":"'),
      tok('Hum', 0.8),
      tok('an', 0.5),
      tok('","sub_type":"', 0.9),
      tok('Woman', 0.7),
      tok('"}', 0.95),
      tok('}]}')
    ]
    const confidence = score(tokens)
    // type: Hum, an and the token holding its closing quote: 0.8 * 0.5 * 0.9 = 0.36, lowest 0.5
    expect(scoredField(confidence, 'subjects[0].TYPES.type')).toEqual({ path: 'subjects[0].TYPES.type', kind: 'types', p: expect.closeTo(0.36, 12), min: 0.5 })
    // sub_type: `","sub_type":"` ends at its opening quote, so only Woman and `"}`: 0.7 * 0.95 = 0.665
    expect(scoredField(confidence, 'subjects[0].TYPES.sub_type').p).toBeCloseTo(0.665, 12)
    expect(scoredField(confidence, 'subjects[0].TYPES.sub_type').min).toBeCloseTo(0.7, 12)
  })
})

describe('free-text confidence', () => {
  it('gives the mean and lowest token probability and the low words at offsets of the parsed text, escapes and all', () => {
    const tokens = [tok('{"environment":"a', 0.9), tok(' \\"big', 0.3), tok('\\" caf', 0.8), tok('\\u00e9', 0.4), tok('\\n', 0.95), tok('room"}', 0.6)]
    const raw = joined(tokens)
    const environment = parseCaption(raw).caption.environment
    expect(environment).toBe('a "big" café\nroom')
    const field = scoredField(score(tokens), 'environment')
    // six tokens touch the value: mean (0.9+0.3+0.8+0.4+0.95+0.6)/6 = 3.95/6, lowest 0.3
    expect(field.p).toBeCloseTo(3.95 / 6, 12)
    expect(field.min).toBeCloseTo(0.3, 12)
    // words: `a` (0.9), `"big"` (tokens 0.3 and 0.8 -> 0.3), `café` (0.8 and 0.4 -> 0.4), `room` (0.6): below 0.5, two
    expect(LOW_WORD_P).toBe(0.5)
    expect(field.spans).toEqual([
      { start: 2, end: 7, p: expect.closeTo(0.3, 12) },
      { start: 8, end: 12, p: expect.closeTo(0.4, 12) }
    ])
    expect(field.spans?.map((s) => environment.slice(s.start, s.end))).toEqual(['"big"', 'café'])
  })

  it('maps a surrogate pair written as two escapes to two units of the parsed text', () => {
    const tokens = [tok('{"lighting":"sun '), tok('\\ud83d', 0.2), tok('\\ude00', 0.9), tok(' glow"}')]
    const field = scoredField(score(tokens), 'lighting')
    const lighting = parseCaption(joined(tokens)).caption.lighting
    expect(lighting).toBe('sun 😀 glow')
    // the emoji is the word at [4, 6): its tokens 0.2 and 0.9
    expect(field.spans).toEqual([{ start: 4, end: 6, p: expect.closeTo(0.2, 12) }])
    expect(lighting.slice(4, 6)).toBe('😀')
  })
})

describe('subjects count confidence', () => {
  it('0 subjects: the one decision, close vs open', () => {
    const tokens = [tok('{"subjects":'), tok('[]', 0.8, { '[{': 0.15, '[\n': 0.05 }), tok('}')]
    // `[\n` decides nothing yet (whitespace): close 0.8 / (0.8 + 0.15)
    expect(scoredField(score(tokens), 'subjects.count')).toEqual({ path: 'subjects.count', kind: 'count', p: expect.closeTo(0.8 / 0.95, 12) })
  })

  it('1 subject: open, then close', () => {
    const tokens = [tok('{"subjects":'), tok('[{', 0.9, { '[]': 0.06, '[': 0.04 }), tok('}]', 0.7, { '},': 0.2, '}': 0.1 }), tok('}')]
    // open 0.9 / (0.9 + 0.06); after the subject, `}]` vs `},` (`}` alone decides nothing): 0.7 / 0.9
    expect(scoredField(score(tokens), 'subjects.count').p).toBeCloseTo((0.9 / 0.96) * (0.7 / 0.9), 12)
  })

  it('3 subjects: open, another, another, close, across whitespace tokens', () => {
    const tokens = [
      tok('{"subjects":['),
      tok('{', 0.8, { ']': 0.2 }),
      tok('}'),
      tok(',', 0.6, { ']': 0.3, '\n': 0.1 }),
      tok('{}'),
      tok(',{', 0.5, { ']': 0.25, ']}': 0.25 }),
      tok('}'),
      tok('\n'),
      tok(']', 0.9, { ',': 0.1 }),
      tok('}')
    ]
    const confidence = score(tokens)
    expect(parseCaption(joined(tokens)).caption.subjects).toHaveLength(3)
    // 0.8 * (0.6 / 0.9) * (0.5 / 1.0) * (0.9 / 1.0) = 0.24
    expect(scoredField(confidence, 'subjects.count').p).toBeCloseTo(0.24, 12)
    expect(confidence.status === 'scored' && confidence.min).toBeCloseTo(0.24, 12)
  })

  it('is left out while the list never closed (the text stopped inside it)', () => {
    const tokens = [tok('{"subjects":[{"TYPES":{"type":"'), tok('Hum', 0.8), tok('an","sub_type":"Wo', 0.5)]
    const confidence = score(tokens)
    expect(confidence.status === 'scored' && confidence.fields.map((f) => f.path)).toEqual(['subjects[0].TYPES.type', 'subjects[0].TYPES.sub_type'])
  })
})
