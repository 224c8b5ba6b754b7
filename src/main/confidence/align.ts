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

/**
 * Lays the tokens end to end over `raw`. llama-server trims whitespace around the message while its token
 * list keeps it, so the concatenation may carry extra whitespace at either end; anything else fails (null).
 */
export function alignTokens(raw: string, tokens: TokenLogprob[]): Alignment | null {
  const text = tokens.map((t) => t.token).join('')
  const lead = text.length - text.trimStart().length
  let offset = -1
  for (let at = 0; at <= lead && offset < 0; at++) {
    if (text.startsWith(raw, at) && text.slice(at + raw.length).trim() === '') offset = at
  }
  if (offset < 0) return null
  const starts: number[] = []
  const ends: number[] = []
  let at = -offset
  for (const t of tokens) {
    starts.push(at)
    at += t.token.length
    ends.push(at)
  }
  return { raw, tokens, starts, ends, probs: tokens.map((t) => probability(t.logprob)) }
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
