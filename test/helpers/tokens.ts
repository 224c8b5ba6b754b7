// Hand-built engine token streams for the confidence tests.
import type { FieldConfidence, PrelabelConfidence, TokenLogprob } from '../../src/shared/confidence'

/** One generated token with probability `p` and its top alternatives as {text: probability}. */
export function tok(token: string, p = 1, alternatives: Record<string, number> = {}): TokenLogprob {
  return { token, logprob: Math.log(p), top: Object.entries(alternatives).map(([t, q]) => ({ token: t, logprob: Math.log(q) })) }
}

export const joined = (tokens: TokenLogprob[]): string => tokens.map((t) => t.token).join('')

/** The scored field at `path`; fails the test when the scorer left it out. */
export function scoredField(confidence: PrelabelConfidence, path: string): FieldConfidence {
  if (confidence.status !== 'scored') throw new Error(`not scored: ${confidence.reason}`)
  const found = confidence.fields.find((f) => f.path === path)
  if (!found) throw new Error(`no score for ${path}; scored: ${confidence.fields.map((f) => f.path).join(', ')}`)
  return found
}
