import { z } from 'zod'
import type { TokenLogprob } from '../../shared/confidence'
import { resolveSplitCharacters } from './splitCharacters'

const Alternative = z.object({ token: z.string(), logprob: z.number(), bytes: z.array(z.number().int().min(0).max(255)).nullable().optional() })
const Logprobs = z.object({ content: z.array(Alternative.extend({ top_logprobs: z.array(Alternative).default([]) })).nullable() })
type Entry = z.infer<typeof Logprobs>['content'] & {}

/** The generated tokens, each with its text cut so that together they spell the answer; or why there are none. */
export type CompletionTokens = { tokens: TokenLogprob[] } | { tokens: null; reason: string }

/**
 * The tokens of `choices[0].logprobs.content`, made to spell `content` exactly. Their texts come
 * from their bytes where the engine gives them (llama-server cuts a token that ends inside a UTF-8
 * character from its `token`), each character going to the token that completes it. vLLM prints
 * such a token's text, and its bytes, as U+FFFD: those are read from the answer (splitCharacters.ts). llama-server
 * also trims whitespace and a code fence around the answer that the tokens still hold: tokens wholly outside it
 * are dropped and the ones across its edges cut.
 */
export function completionTokens(logprobs: unknown, content: string): CompletionTokens {
  if (logprobs === undefined || logprobs === null) return { tokens: null, reason: 'the endpoint returned no log-probabilities' }
  const parsed = Logprobs.safeParse(logprobs)
  if (!parsed.success) return { tokens: null, reason: 'the endpoint returned log-probabilities in an unknown form' }
  const entries = parsed.data.content ?? []
  if (entries.length === 0) return { tokens: null, reason: 'the endpoint returned an empty list of log-probabilities' }
  const texts = tokenTexts(entries)
  const resolved = texts.some((t) => t.includes('\uFFFD')) ? resolveSplitCharacters(texts, content, { before: BEFORE, after: AFTER }) : texts
  return resolved ? fitToContent(entries, resolved, content) : { tokens: null, reason: NOT_SPELLED }
}

function tokenTexts(entries: Entry): string[] {
  if (!entries.every((e) => Array.isArray(e.bytes))) return entries.map((e) => e.token)
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  return entries.map((e, i) => decoder.decode(Uint8Array.from(e.bytes ?? []), { stream: i < entries.length - 1 }))
}

const NOT_SPELLED = 'the tokens the endpoint returned do not spell its answer'

/**
 * What the engine may leave out of the answer: whitespace it trimmed, a character cut off by the token
 * limit, and a Markdown code fence (```json ... ```) llama-server strips from a schema-constrained answer.
 */
const BEFORE = /^[\s\uFFFD]*(?:```[\w-]*[\s\uFFFD]*)?$/
const AFTER = /^[\s\uFFFD]*(?:```[\s\uFFFD]*)?$/

function fitToContent(entries: Entry, texts: string[], content: string): CompletionTokens {
  const full = texts.join('')
  const start = full.indexOf(content)
  const end = start + content.length
  if (content === '' || start < 0 || !BEFORE.test(full.slice(0, start)) || !AFTER.test(full.slice(end))) {
    return { tokens: null, reason: NOT_SPELLED }
  }
  const tokens: TokenLogprob[] = []
  let at = 0
  entries.forEach((e, i) => {
    const from = at
    at += texts[i].length
    const token = texts[i].slice(Math.max(0, start - from), Math.max(0, end - from))
    const inside = token !== '' || (texts[i] === '' && from >= start && from < end)
    if (inside) tokens.push({ token, logprob: e.logprob, top: e.top_logprobs.map((a) => ({ token: a.token, logprob: a.logprob })) })
  })
  return { tokens }
}
