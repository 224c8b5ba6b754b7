import type { LowSpan } from '../../shared/confidence'
import { overlapping, type Alignment } from './align'
import type { ValueSpan } from './captionSpans'

/** A word of free text whose least likely token is below this is reported as a low-probability span. */
export const LOW_WORD_P = 0.5

/** The tokens that wrote a string's text and its closing quote (deciding to stop is part of the value). */
export function valueTokens(al: Alignment, value: ValueSpan): number[] {
  return overlapping(al, value.node.start + 1, value.node.end)
}

/** TYPES: the probability of the whole value (product of its tokens) and its least likely token. */
export function typesScore(al: Alignment, value: ValueSpan): { p: number; min: number } {
  const probs = valueTokens(al, value).map((i) => al.probs[i])
  return { p: probs.reduce((a, b) => a * b, 1), min: Math.min(1, ...probs) }
}

/** Free text: the mean and lowest token probability, and the words (offsets into the parsed text) below LOW_WORD_P. */
export function textScore(al: Alignment, value: ValueSpan): { p: number; min: number; spans: LowSpan[] } {
  const probs = valueTokens(al, value).map((i) => al.probs[i])
  const p = probs.length ? probs.reduce((a, b) => a + b, 0) / probs.length : 1
  return { p, min: Math.min(1, ...probs), spans: lowWords(al, value) }
}

function lowWords(al: Alignment, value: ValueSpan): LowSpan[] {
  const { value: text, rawStarts, rawEnds } = value.decoded
  const spans: LowSpan[] = []
  for (const word of text.matchAll(/\S+/gu)) {
    const start = word.index
    const end = start + word[0].length
    const tokens = overlapping(al, rawStarts[start], rawEnds[end - 1])
    const p = Math.min(1, ...tokens.map((i) => al.probs[i]))
    if (p < LOW_WORD_P) spans.push({ start, end, p })
  }
  return spans
}
