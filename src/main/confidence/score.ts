import type { StructuralCaption } from '../../shared/caption'
import type { FieldConfidence, PrelabelConfidence, TokenLogprob } from '../../shared/confidence'
import { parseCaption } from '../../shared/parseCaption'
import { alignTokens, type Alignment } from './align'
import { captionSpans, type ValueSpan } from './captionSpans'
import { countProbability } from './countScore'
import { enumDistribution } from './enumScore'
import { textScore, typesScore } from './valueScore'

/**
 * Per-field confidence of one pre-label from the engine's tokens: `rawText` is the message as the engine
 * returned it, `tokens` its generated tokens with their top alternatives, `topK` how many were asked for.
 * `caption` is the parsed text, when the caller already has it. Fields whose value cannot be found in the text as the caption shows it are left out, not guessed.
 */
export function scoreCaption(
  rawText: string,
  tokens: TokenLogprob[],
  topK: number,
  caption: StructuralCaption = parseCaption(rawText).caption
): PrelabelConfidence {
  if (tokens.length === 0) return { status: 'none', reason: 'the engine returned no token probabilities' }
  const al = alignTokens(rawText, tokens)
  if (!al) return { status: 'none', reason: 'tokens do not reproduce the text' }
  const spans = captionSpans(rawText, caption)
  if (!spans) return { status: 'none', reason: 'the text holds no JSON object to align' }
  const fields = spans.values.map((value) => fieldScore(al, value, caption))
  const count = spans.subjects && countProbability(al, spans.subjects)
  if (count !== null) fields.push({ path: 'subjects.count', kind: 'count', p: count })
  const headline = fields.filter((f) => f.kind !== 'text').map((f) => f.p)
  return { status: 'scored', topK, fields, min: headline.length ? Math.min(...headline) : null }
}

function fieldScore(al: Alignment, value: ValueSpan, caption: StructuralCaption): FieldConfidence {
  if (value.field) {
    const options = enumDistribution(al, value.node, value.field)
    return { path: value.path, kind: 'enum', p: options[caption[value.field]] ?? 0, options }
  }
  if (value.kind === 'types') return { path: value.path, kind: 'types', ...typesScore(al, value) }
  return { path: value.path, kind: 'text', ...textScore(al, value) }
}
