import { z } from 'zod'

/** One generated token as the engine reported it. llama-server gives `top` before its grammar masks tokens. */
export const TokenLogprob = z.object({
  token: z.string(),
  logprob: z.number(),
  top: z.array(z.object({ token: z.string(), logprob: z.number() }))
})
export type TokenLogprob = z.infer<typeof TokenLogprob>

export const CONFIDENCE_KINDS = ['enum', 'types', 'text', 'count'] as const
export const ConfidenceKind = z.enum(CONFIDENCE_KINDS)

/** A run of low-probability text inside a free-text value: [start, end) in UTF-16 units of the parsed value. */
export const LowSpan = z.object({ start: z.number().int().min(0), end: z.number().int().min(0), p: z.number().min(0).max(1) })
export type LowSpan = z.infer<typeof LowSpan>

export const FieldConfidence = z.object({
  /** The caption's JSON path: shot_type, subjects[0].action, subjects[0].TYPES.type, or subjects.count. */
  path: z.string(),
  kind: ConfidenceKind,
  /**
   * The field's headline probability: the chosen option renormalised over the options the schema allows (enum),
   * the value's probability (types), the mean token probability (text), the number of subjects' probability (count).
   */
  p: z.number().min(0).max(1),
  /** The lowest token probability inside the value (text, types). */
  min: z.number().min(0).max(1).optional(),
  /** The renormalised distribution over the allowed options (enum). */
  options: z.record(z.string(), z.number()).optional(),
  /** Low-probability words of a free-text value. */
  spans: z.array(LowSpan).optional()
})
export type FieldConfidence = z.infer<typeof FieldConfidence>

/** Strips the subject index from a path: subjects[2].action -> subjects.action, the key the Library filters on. */
export function fieldKey(path: string): string {
  return path.replace(/\[\d+\]/g, '')
}

export const PrelabelConfidence = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('scored'),
    /** How many alternatives per token were asked for. */
    topK: z.number().int().min(0),
    fields: z.array(FieldConfidence),
    /** The lowest `p` over enum, types and count fields: the clip's "least confident first" key. Null if none scored. */
    min: z.number().min(0).max(1).nullable()
  }),
  /** The engine returned no log-probabilities (or the text could not be aligned): no confidence, nothing else lost. */
  z.object({ status: z.literal('none'), reason: z.string() })
])
export type PrelabelConfidence = z.infer<typeof PrelabelConfidence>
