// The engine's logprobs list read into tokens that spell the answer, on hand-built lists shaped like
// llama-server's (token text cut at a split UTF-8 character, bytes whole) and vLLM's (each token
// decoded alone, a split character's pieces printed as U+FFFD with the bytes of U+FFFD, or no bytes).
import { describe, expect, it } from 'vitest'
import { completionTokens } from '../../src/main/inference/logprobs'

const entry = (token: string, logprob: number, bytes?: number[], top: { token: string; logprob: number }[] = []) => ({
  token,
  logprob,
  ...(bytes ? { bytes } : {}),
  top_logprobs: top
})
const utf8 = (s: string) => [...Buffer.from(s, 'utf8')]
/** Tokens from byte pieces as vLLM's serving_chat writes them: each piece decoded alone (lossy), bytes = that text in UTF-8. */
const vllm = (pieces: (string | number[])[], logprob = -0.5) =>
  pieces.map((piece, i) => {
    const token = typeof piece === 'string' ? piece : new TextDecoder().decode(Uint8Array.from(piece))
    return entry(token, logprob - i / 100, utf8(token))
  })
const texts = (got: ReturnType<typeof completionTokens>) => got.tokens?.map((t) => t.token)

describe('completionTokens', () => {
  it('gives a character split across tokens to the token that completes it, from the bytes', () => {
    const e = utf8('é') // 0xc3 0xa9, one byte per token
    const lp = {
      content: [
        entry('{"a":"', -0.1, utf8('{"a":"'), [
          { token: '{"a":"', logprob: -0.1 },
          { token: '{"b', logprob: -2.5 }
        ]),
        entry('', -0.7, [e[0]]),
        entry('', -0.2, [e[1]]),
        entry('"}', -0.01, utf8('"}'))
      ]
    }
    const got = completionTokens(lp, '{"a":"é"}')
    expect(got.tokens?.map((t) => t.token)).toEqual(['{"a":"', '', 'é', '"}'])
    expect(got.tokens?.map((t) => t.logprob)).toEqual([-0.1, -0.7, -0.2, -0.01])
    expect(got.tokens?.[0].top).toEqual([
      { token: '{"a":"', logprob: -0.1 },
      { token: '{"b', logprob: -2.5 }
    ])
  })

  it('drops the whitespace tokens llama-server trims from the answer, and cuts the ones across its edges', () => {
    const lp = { content: [entry('\n', -9), entry('\t {', -8), entry('}', -0.5), entry(' \n', -3)] }
    const got = completionTokens(lp, '{}')
    expect(got.tokens?.map((t) => [t.token, t.logprob])).toEqual([
      ['{', -8],
      ['}', -0.5]
    ])
  })

  it('drops a Markdown code fence llama-server strips from a schema-constrained answer (seen with the tiny model)', () => {
    const lp = { content: [entry('\n ```', -4), entry('json', -3), entry('{"a":', -0.2), entry('1}', -0.1), entry('\n```', -2)] }
    const got = completionTokens(lp, '{"a":1}')
    expect(got.tokens?.map((t) => [t.token, t.logprob])).toEqual([
      ['{"a":', -0.2],
      ['1}', -0.1]
    ])
    // a fence is only allowed around the answer, not text
    expect(completionTokens({ content: [entry('```json note', -1), entry('{}', -1)] }, '{}').tokens).toBeNull()
  })

  it('takes the token texts as given when the engine sends no bytes (vLLM)', () => {
    const got = completionTokens({ content: [entry('{"', -1), entry('x"}', -2)] }, '{"x"}')
    expect(got.tokens?.map((t) => t.token).join('')).toBe('{"x"}')
  })

  it('gives a reason, never tokens, when there are none or they do not spell the answer', () => {
    expect(completionTokens(undefined, '{}')).toEqual({ tokens: null, reason: 'the endpoint returned no log-probabilities' })
    expect(completionTokens({ content: null }, '{}')).toEqual({ tokens: null, reason: 'the endpoint returned an empty list of log-probabilities' })
    expect(completionTokens({ content: [{ token: 1 }] }, '{}')).toEqual({ tokens: null, reason: 'the endpoint returned log-probabilities in an unknown form' })
    const wrong = { tokens: null, reason: 'the tokens the endpoint returned do not spell its answer' }
    expect(completionTokens({ content: [entry('{', -1), entry('x', -1), entry('}', -1)] }, '{}')).toEqual(wrong)
    expect(completionTokens({ content: [entry('a{', -1), entry('}', -1)] }, '{}')).toEqual(wrong)
  })

  it('gives an emoji whose 4 bytes fall in 4 tokens to the last of them, from llama-server bytes', () => {
    const [a, b, c, d] = utf8('🌇')
    const lp = {
      content: [entry('{"a":"', -0.1, utf8('{"a":"')), entry('', -1, [a]), entry('', -2, [b]), entry('', -3, [c]), entry('"}', -4, [d, ...utf8('"}')])]
    }
    expect(texts(completionTokens(lp, '{"a":"🌇"}'))).toEqual(['{"a":"', '', '', '', '🌇"}'])
  })

  describe('vLLM: U+FFFD for the pieces of a split character', () => {
    const e = utf8('é')
    it('reads é split over two tokens, with the ASCII after it, as the token that completes it', () => {
      const lp = { content: vllm(['{"a":"caf', [e[0]], [e[1], ...utf8('"}')]]) }
      expect(lp.content.map((t) => t.token)).toEqual(['{"a":"caf', '\uFFFD', '\uFFFD"}'])
      expect(lp.content[1].bytes).toEqual([0xef, 0xbf, 0xbd])
      const got = completionTokens(lp, '{"a":"café"}')
      expect(texts(got)).toEqual(['{"a":"caf', '', 'é"}'])
      expect(got.tokens?.map((t) => t.logprob)).toEqual([-0.5, -0.51, -0.52])
    })

    it('reads an emoji over 3 and over 4 tokens, and ü in a token with the start of the emoji', () => {
      const sun = utf8('🌇')
      const three = { content: vllm(['{"a":"', sun.slice(0, 2), [sun[2]], [sun[3], ...utf8('"}')]]) }
      expect(texts(completionTokens(three, '{"a":"🌇"}'))).toEqual(['{"a":"', '', '', '🌇"}'])
      const four = { content: vllm(['{"a":"', [sun[0]], [sun[1]], [sun[2]], [sun[3]], '"}']) }
      expect(texts(completionTokens(four, '{"a":"🌇"}'))).toEqual(['{"a":"', '', '', '', '🌇', '"}'])
      const u = utf8('ü')
      const mixed = { content: vllm(['{"a":"Z', [u[0]], [u[1], ...utf8('rich '), sun[0]], sun.slice(1), '"}']) }
      expect(texts(completionTokens(mixed, '{"a":"Zürich 🌇"}'))).toEqual(['{"a":"Z', '', 'ürich ', '🌇', '"}'])
    })

    it('gives each of two dashes in a row to the token that completes it', () => {
      const dash = utf8('—') // 3 bytes
      const lp = { content: vllm(['{"a":"x', [dash[0]], [dash[1], dash[2], dash[0]], [dash[1]], [dash[2], ...utf8('y"}')]]) }
      // 1 + 3 + 1 + 1 replacement characters for 2 characters
      expect(lp.content.map((t) => t.token).join('')).toBe('{"a":"x\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDy"}')
      expect(texts(completionTokens(lp, '{"a":"x——y"}'))).toEqual(['{"a":"x', '', '—', '', '—y"}'])
    })

    it('reads the shape of a vLLM that corrects tokens from their context: "" for the first piece, U+FFFD left where text follows', () => {
      const lp = { content: [entry('{"a":"caf', -1), entry('', -2, []), entry('\uFFFD"}', -3)] }
      expect(texts(completionTokens(lp, '{"a":"café"}'))).toEqual(['{"a":"caf', '', 'é"}'])
      // and without bytes at all (other OpenAI-compatible servers)
      const bare = { content: [entry('{"a":"', -1), entry('\uFFFD', -2), entry('\uFFFD\uFFFD', -3), entry('"}', -4)] }
      expect(texts(completionTokens(bare, '{"a":"é"}'))).toEqual(['{"a":"', '', 'é', '"}'])
    })

    it('still refuses tokens that do not spell the answer', () => {
      const wrong = { tokens: null, reason: 'the tokens the endpoint returned do not spell its answer' }
      // U+FFFD never stands for ASCII text
      expect(completionTokens({ content: vllm(['{"a":"', [e[0]], [e[1], ...utf8('"}')]]) }, '{"a":"xy"}')).toEqual(wrong)
      // nor for nothing
      expect(completionTokens({ content: vllm(['{"a":"', [e[0]], [e[1], ...utf8('"}')]]) }, '{"a":""}')).toEqual(wrong)
      // a wrong token elsewhere is still wrong
      expect(completionTokens({ content: vllm(['{"b":"', [e[0]], [e[1], ...utf8('"}')]]) }, '{"a":"é"}')).toEqual(wrong)
      // ASCII after the run must be there in the answer
      expect(completionTokens({ content: vllm(['{"a":"', [e[0]], [e[1], ...utf8('x"}')]]) }, '{"a":"é"}')).toEqual(wrong)
    })
  })
})
