// Laying tokens over the text and finding the caption's values in it as the model wrote them.
import { describe, expect, it } from 'vitest'
import { alignTokens } from '../../src/main/confidence/align'
import { captionSpans } from '../../src/main/confidence/captionSpans'
import { decodeString, scanJson, type ArrayNode, type JsonNode, type ObjectNode, type StringNode } from '../../src/main/confidence/jsonSpans'
import { scoreCaption } from '../../src/main/confidence/score'
import { parseCaption } from '../../src/shared/parseCaption'
import { joined, scoredField, tok } from '../helpers/tokens'

const spansOf = (text: string) => captionSpans(text, parseCaption(text).caption)

describe('token alignment', () => {
  it('places each token over the text, allowing the whitespace llama-server trims from the message', () => {
    const tokens = [tok(' \n\t'), tok('{"shot_type":'), tok('"other"}'), tok('\n')]
    const al = alignTokens('{"shot_type":"other"}', tokens)
    expect(al?.starts).toEqual([-3, 0, 13, 21])
    expect(al?.ends).toEqual([0, 13, 21, 22])
    expect(scoreCaption('{"shot_type":"other"}', tokens, 5).status).toBe('scored')
  })

  it('allows a code fence llama-server strips from the message but keeps in its tokens', () => {
    const tokens = [tok('\n  ```'), tok('json {"'), tok('shot_type":"other"}'), tok('\n```\n')]
    const al = alignTokens('{"shot_type":"other"}', tokens)
    expect(al?.starts).toEqual([-11, -5, 2, 21])
    expect(alignTokens('{"shot_type":"other"} ok', tokens)).toBeNull()
  })

  it('gives a character whose UTF-8 bytes are split between tokens to the token that completes it', () => {
    // é is C3 A9: llama-server cuts C3 off the first token's text and shows A9 as U+FFFD in the next one.
    // 😀 is F0 9F 98 80 over three tokens: the cut start, a middle byte alone, the last byte with more text.
    const tokens = [tok('{"lighting":"caf', 0.9), tok('\ufffd sun ', 0.3), tok('\ufffd', 0.8), tok('\ufffd\ufffd glow"}', 0.4)]
    const raw = '{"lighting":"café sun 😀 glow"}'
    const al = alignTokens(raw, tokens)
    expect(al?.starts).toEqual([0, 16, 22, 22])
    expect(al?.ends).toEqual([16, 22, 24, 31])
    const field = scoredField(scoreCaption(raw, tokens, 5), 'lighting')
    // café: tokens 0.9 and 0.3 -> 0.3; sun: 0.3; 😀: the middle byte's token 0.8 and the completing 0.4 -> 0.4;
    // glow: 0.4. Mean over the four tokens (0.9+0.3+0.8+0.4)/4 = 0.6
    expect(field.p).toBeCloseTo(0.6, 12)
    expect(field.spans).toEqual([
      { start: 0, end: 4, p: expect.closeTo(0.3, 12) },
      { start: 5, end: 8, p: expect.closeTo(0.3, 12) },
      { start: 9, end: 11, p: expect.closeTo(0.4, 12) },
      { start: 12, end: 16, p: expect.closeTo(0.4, 12) }
    ])
    // tokens decoded one by one end with U+FFFD where llama-server cuts the first bytes off: the same places
    const decodedAlone = [tok('{"lighting":"caf\ufffd', 0.9), tok('\ufffd sun \ufffd\ufffd', 0.3), tok('\ufffd', 0.8), tok('\ufffd glow"}', 0.4)]
    expect(alignTokens(raw, decodedAlone)?.ends).toEqual([16, 22, 24, 31])
    // the split character itself is not in the token texts, but everything around it must match
    expect(alignTokens('{"lighting":"café moon 😀 glow"}', tokens)).toBeNull()
    expect(alignTokens('{"lighting":"café sun 😀😀 glow"}', tokens)).toBeNull()
  })

  it('refuses tokens that spell another text, and says so', () => {
    const tokens = [tok('{"shot_type":'), tok('"other"}')]
    expect(scoreCaption('{"shot_type": "other"}', tokens, 5)).toEqual({ status: 'none', reason: 'tokens do not reproduce the text' })
    expect(scoreCaption('x{"shot_type":"other"}', tokens, 5)).toEqual({ status: 'none', reason: 'tokens do not reproduce the text' })
    expect(scoreCaption('{"shot_type":"other"}', [], 5)).toEqual({ status: 'none', reason: 'the engine returned no token probabilities' })
  })

  it('says when the text holds no JSON object', () => {
    const tokens = [tok('no caption here')]
    expect(scoreCaption('no caption here', tokens, 5)).toEqual({ status: 'none', reason: 'the text holds no JSON object to align' })
  })
})

describe('value spans', () => {
  it('records every value where it sits, quotes included', () => {
    const text = '{"a": [ {"b" : "x\\"y"}, 12 ], "c": true}'
    const of = (node: JsonNode) => text.slice(node.start, node.end ?? text.length)
    const root = scanJson(text, 0) as ObjectNode
    expect(root.entries.map((e) => [e.key, of(e.value)])).toEqual([
      ['a', '[ {"b" : "x\\"y"}, 12 ]'],
      ['c', 'true']
    ])
    const list = root.entries[0].value as ArrayNode
    expect(list.decisions.map((at) => text[at])).toEqual(['{', ',', ']'])
    const b = (list.items[0] as ObjectNode).entries[0].value as StringNode
    expect(of(b)).toBe('"x\\"y"')
    expect(decodeString(text, b)?.value).toBe('x"y')
  })

  it('finds the caption after prose that has braces of its own, as parseCaption does', () => {
    const text = 'Sure {not json} here: {"shot_type": "close_up", "lighting": "soft"} done'
    const spans = spansOf(text)
    expect(spans?.values.map((v) => [v.path, text.slice(v.node.start, v.node.end)])).toEqual([
      ['shot_type', '"close_up"'],
      ['lighting', '"soft"']
    ])
  })

  it('follows a key whose case the model changed, and leaves out values the caption does not show', () => {
    const text = '{"Shot_Type": "full_shot", "shot_angle": 3, "environment": ["a", "b"], "camera_motion": "pan"}'
    expect(spansOf(text)?.values.map((v) => v.path)).toEqual(['shot_type', 'camera_motion'])
  })

  it('keeps the last of two equal keys, the one JSON.parse keeps', () => {
    const text = '{"lighting": "first", "lighting": "second"}'
    const [value] = spansOf(text)?.values ?? []
    expect(value.decoded.value).toBe('second')
    expect(text.slice(value.node.start, value.node.end)).toBe('"second"')
  })

  it('numbers subjects as the caption does when the list holds something that is not an object', () => {
    const text = '{"subjects": ["stray", {"action": "runs"}]}'
    const spans = spansOf(text)
    expect(spans?.values.map((v) => [v.path, v.decoded.value])).toEqual([['subjects[0].action', 'runs']])
    // the caption dropped an item, so the number of subjects is not the list's: no count
    expect(spans?.subjects).toBeNull()
  })

  it('scores a value cut off by the token limit on what was written', () => {
    const tokens = [tok('{"shot_type":"other","lighting":"warm'), tok(' gol', 0.2)]
    const field = scoredField(scoreCaption(joined(tokens), tokens, 5), 'lighting')
    expect(parseCaption(joined(tokens)).caption.lighting).toBe('warm gol')
    // tokens `..."warm` (1) and ` gol` (0.2): mean 0.6; the word gol is low
    expect(field).toEqual({
      path: 'lighting',
      kind: 'text',
      p: expect.closeTo(0.6, 12),
      min: expect.closeTo(0.2, 12),
      spans: [{ start: 5, end: 8, p: expect.closeTo(0.2, 12) }]
    })
  })
})
