// PLACEHOLDER for 15-A2's aligner: replaced at merge
import type { PrelabelConfidence, TokenLogprob } from '../../shared/confidence'

/** Per-field confidence of a caption from the tokens that spell `rawText`. */
export function scoreCaption(rawText: string, tokens: TokenLogprob[], topK: number): PrelabelConfidence {
  if (tokens.length === 0) return { status: 'none', reason: `no tokens to score ${rawText.length} characters with` }
  return { status: 'scored', topK, fields: [], min: null }
}
