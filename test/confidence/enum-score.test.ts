// Enum fields: the chosen option renormalised over the schema's options, worked out by hand.
import { describe, expect, it } from 'vitest'
import { scoreCaption } from '../../src/main/confidence/score'
import { joined, scoredField, tok } from '../helpers/tokens'

const score = (tokens: ReturnType<typeof tok>[]) => scoreCaption(joined(tokens), tokens, 5)

describe('enum confidence', () => {
  it('renormalises over the allowed options at the token where they diverge, dropping masked alternatives', () => {
    const tokens = [
      tok('{"subjects":[],"shot_type'),
      // straddles the key's closing quote, the colon and the value's opening quote
      tok('":"medium', 0.6, { '":"close': 0.2, '":"med': 0.05, '":"Medium': 0.1, '": "': 0.05 }),
      tok('_shot', 0.9),
      tok('"}')
    ]
    const field = scoredField(score(tokens), 'shot_type')
    // medium_shot 0.6 (its path up to the last divergence; `_shot` is forced afterwards), close_up 0.2;
    // `":"med` is another spelling of the chosen option, `"Medium` no option allows (the grammar masks it),
    // `": "` writes only whitespace: all three drop out. The listed tokens hold 0.6+0.2+0.05+0.1+0.05 = 1,
    // so the four options missing from the list get 0. medium_shot = 0.6/0.8 = 0.75, close_up = 0.25.
    expect(field.kind).toBe('enum')
    expect(field.p).toBeCloseTo(0.75, 12)
    expect(field.options).toEqual({
      long_shot: 0,
      full_shot: 0,
      medium_shot: expect.closeTo(0.75, 12),
      close_up: expect.closeTo(0.25, 12),
      extreme_close_up: 0,
      other: 0
    })
  })

  it('gives options missing from top_logprobs the most they could have had', () => {
    const tokens = [tok('{"shot_type":"'), tok('medium', 0.6, { close: 0.2 }), tok('_shot"}')]
    const field = scoredField(score(tokens), 'shot_type')
    // listed: 0.6 + 0.2 = 0.8, 0.2 left over; four options missing, each at most min(0.2 lowest listed,
    // 0.2 / 4) = 0.05. Total 0.6 + 0.2 + 4 * 0.05 = 1.0, so the scores are the raw figures.
    expect(field.p).toBeCloseTo(0.6, 12)
    expect(field.options?.close_up).toBeCloseTo(0.2, 12)
    for (const o of ['long_shot', 'full_shot', 'extreme_close_up', 'other']) expect(field.options?.[o]).toBeCloseTo(0.05, 12)
  })

  it('follows a multi-token option through each point where another option leaves its path', () => {
    const tokens = [
      tok('{"shot_position":"'),
      tok('over', 0.5, { front: 0.3, o: 0.1, over: 0.5 }),
      tok('head', 0.4, { _the: 0.3, look: 0.2, heads: 0.1 }),
      tok('_view', 0.8),
      tok('"}')
    ]
    const options = scoredField(score(tokens), 'shot_position').options ?? {}
    // `over`: front_view, back_view, side_view, point_of_view, aerial_view and other leave the path.
    //   front 0.3 -> front_view. `o` spells other, over_the_shoulder, overhead_view, overlooking_view: shared
    //   four ways, other gets 0.1/4 = 0.025 (the three others are still on the path). Listed 0.5+0.3+0.1 = 0.9,
    //   0.1 left: the 4 missing (back, side, point, aerial) get min(0.1, 0.1/4) = 0.025 each.
    // `head` (after `over` at 0.5): `_the` 0.3 -> over_the_shoulder 0.5*0.3 = 0.15, `look` 0.2 -> overlooking_view
    //   0.5*0.2 = 0.1; `heads` spells no option (masked). overhead_view = 0.5*0.4 = 0.2 (`_view` is forced).
    // Total 0.2 + 0.3 + 0.025 + 4*0.025 + 0.15 + 0.1 = 0.875.
    expect(options.overhead_view).toBeCloseTo(0.2 / 0.875, 12)
    expect(options.front_view).toBeCloseTo(0.3 / 0.875, 12)
    expect(options.over_the_shoulder).toBeCloseTo(0.15 / 0.875, 12)
    expect(options.overlooking_view).toBeCloseTo(0.1 / 0.875, 12)
    for (const o of ['other', 'back_view', 'side_view', 'point_of_view', 'aerial_view']) expect(options[o]).toBeCloseTo(0.025 / 0.875, 12)
    expect(Object.values(options).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })

  it('scores the option the caption shows when the model wrote an alias outside the schema', () => {
    const tokens = [tok('{"shot_angle":"'), tok('eyelevel', 0.7, { eye: 0.2, high: 0.1 }), tok('"}')]
    const field = scoredField(score(tokens), 'shot_angle')
    // parseCaption reads "eyelevel" as eye_level. Every option leaves the written path at `eyelevel`:
    // eye_level 0.2, high_angle 0.1, the rest 0 (nothing left over: 0.7+0.2+0.1 = 1). eye_level = 0.2/0.3.
    expect(field.p).toBeCloseTo(2 / 3, 12)
    expect(field.options?.high_angle).toBeCloseTo(1 / 3, 12)
  })

  it('makes the enum the clip minimum when it is the least sure headline field', () => {
    const tokens = [tok('{"subjects":[],"shot_type":"'), tok('medium', 0.6, { close: 0.2 }), tok('_shot","lighting":"'), tok('dim', 0.01), tok('"}')]
    const confidence = score(tokens)
    // lighting is free text (mean 0.01): it does not count for the minimum; subjects.count is 1 (no alternative)
    expect(confidence.status === 'scored' && confidence.min).toBeCloseTo(0.6, 12)
  })
})
