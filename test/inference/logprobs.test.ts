// The engine's logprobs list read into tokens that spell the answer, on hand-built lists shaped like
// llama-server's (token text cut at a split UTF-8 character, bytes whole) and vLLM's (no bytes).
import { describe, expect, it } from 'vitest'
import { completionTokens } from '../../src/main/inference/logprobs'

const entry = (token: string, logprob: number, bytes?: number[], top: { token: string; logprob: number }[] = []) => ({
  token,
  logprob,
  ...(bytes ? { bytes } : {}),
  top_logprobs: top
})
const utf8 = (s: string) => [...Buffer.from(s, 'utf8')]

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
})
