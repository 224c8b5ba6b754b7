import type { TokenLogprob } from '../../shared/confidence'

/** Where each generated token sits in the caption text, in UTF-16 offsets of that text. */
export interface Alignment {
  raw: string
  tokens: TokenLogprob[]
  /** Token i covers [starts[i], ends[i]) of `raw`; tokens in whitespace the engine trimmed fall outside it. */
  starts: number[]
  ends: number[]
  /** exp(logprob) of each generated token. */
  probs: number[]
}

export const probability = (logprob: number): number => (Number.isFinite(logprob) ? Math.min(1, Math.exp(logprob)) : 0)

const REPLACEMENT = '\ufffd'
const leadingWs = (text: string) => text.length - text.trimStart().length
const trailingWs = (text: string) => text.length - text.trimEnd().length
const OPENING_FENCE = /^\s*(?:```[\w-]*)?\s*/
const CLOSING_FENCE = /\s*(?:```)?\s*$/

/**
 * Lays the tokens end to end over `raw`. llama-server trims whitespace and a Markdown code fence
 * (```json) around the message while its token list keeps them, so the tokens may carry those at either
 * end; anything else fails (null).
 */
export function alignTokens(raw: string, tokens: TokenLogprob[]): Alignment | null {
  const text = tokens.map((t) => t.token).join('')
  const befores = new Set(['', text.slice(0, Math.max(0, leadingWs(text) - leadingWs(raw))), OPENING_FENCE.exec(text)?.[0] ?? ''])
  const afters = new Set(['', text.slice(text.length - Math.max(0, trailingWs(text) - trailingWs(raw))), CLOSING_FENCE.exec(text)?.[0] ?? ''])
  for (const before of befores) {
    for (const after of afters) {
      const expected = before + raw + after
      const placed = text === expected ? laidEndToEnd(tokens) : acrossSplitCharacters(expected, tokens)
      if (!placed) continue
      const shift = (at: number) => at - before.length
      return { raw, tokens, starts: placed.starts.map(shift), ends: placed.ends.map(shift), probs: tokens.map((t) => probability(t.logprob)) }
    }
  }
  return null
}

function laidEndToEnd(tokens: TokenLogprob[]): { starts: number[]; ends: number[] } {
  const starts: number[] = []
  const ends: number[] = []
  let at = 0
  for (const t of tokens) {
    starts.push(at)
    at += t.token.length
    ends.push(at)
  }
  return { starts, ends }
}

/**
 * A character whose UTF-8 bytes are split between tokens is not in any token's text: llama-server cuts
 * the partial bytes off one token (decoding each token alone ends it with U+FFFD instead) and the next
 * begins with U+FFFD for the rest. The character goes to the
 * token that completes it; a token made only of its middle bytes covers it too, without moving on. Which
 * character it was cannot be checked (its bytes are in no token's text); everything around it is.
 */
function acrossSplitCharacters(expected: string, tokens: TokenLogprob[]): { starts: number[]; ends: number[] } | null {
  const starts: number[] = []
  const ends: number[] = []
  let at = 0
  for (const [n, t] of tokens.entries()) {
    starts.push(at)
    if (expected.startsWith(t.token, at)) {
      at += t.token.length
      ends.push(at)
      continue
    }
    // continuation bytes of a character begun before; then (decoded token by token) the first bytes of one the next token completes
    const rest = t.token.replace(/^\ufffd+/u, '')
    const body = rest.replace(/\ufffd+$/u, '')
    if ((rest === t.token && body === rest) || at >= expected.length) return null
    let from = at
    if (rest !== t.token) {
      const width = (expected.codePointAt(at) ?? 0) > 0xffff ? 2 : 1
      if (rest === '' && tokens[n + 1]?.token.startsWith(REPLACEMENT)) {
        ends.push(at + width) // the next token completes the character
        continue
      }
      from = at + width
    }
    if (!expected.startsWith(body, from)) return null
    at = from + body.length
    ends.push(at)
  }
  return at === expected.length ? { starts, ends } : null
}

/** Indexes of the tokens that overlap [from, to) of the text, in order. */
export function overlapping(al: Alignment, from: number, to: number): number[] {
  const found: number[] = []
  for (let i = 0; i < al.starts.length; i++) if (al.starts[i] < to && al.ends[i] > from) found.push(i)
  return found
}

/** The token that holds the character at `at`, or -1. */
export function tokenAt(al: Alignment, at: number): number {
  return al.starts.findIndex((s, i) => s <= at && at < al.ends[i])
}

/**
 * The most each of `count` continuations missing from token i's top_logprobs could have had between them
 * shared equally: none exceeds the lowest listed alternative, and together they fit in the mass the listed
 * tokens (and the chosen one) leave over.
 */
export function unlistedShare(al: Alignment, i: number, count: number): number {
  const token = al.tokens[i]
  const listed = new Map(token.top.map((t) => [t.token, probability(t.logprob)]))
  listed.set(token.token, al.probs[i])
  const left = Math.max(0, 1 - [...listed.values()].reduce((a, b) => a + b, 0))
  const lowest = token.top.length ? Math.min(...token.top.map((t) => probability(t.logprob))) : 1
  return Math.min(lowest, left / count)
}
