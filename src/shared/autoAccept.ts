import { z } from 'zod'
import type { PrelabelConfidence } from './confidence'

/**
 * How a revision was reviewed when the project pre-accepts confident fields. 'accepted': `fields` started
 * accepted and were saved still holding the model's value, so nobody needed to look at them; 'audit': the clip
 * was drawn for full review, and `fields` are the ones that would have been pre-accepted.
 */
export const ReviewRecord = z.object({
  mode: z.enum(['accepted', 'audit']),
  fields: z.array(z.string().max(100)).max(200)
})
export type ReviewRecord = z.infer<typeof ReviewRecord>

/** Optional per project: fields scored at or above `above` start accepted, except on the `auditShare` of clips drawn for audit. */
export const AutoAccept = z.object({ above: z.number().min(0).max(1), auditShare: z.number().min(0).max(1) })
export type AutoAccept = z.infer<typeof AutoAccept>

/** A clip's fixed draw in [0, 1): a 32-bit integer hash of its id (splitmix32-style mixing), the same on every machine. */
export function auditDraw(clipId: number): number {
  let x = (clipId + 0x9e3779b9) | 0
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b)
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
  x ^= x >>> 16
  return (x >>> 0) / 2 ** 32
}

/** Whether the clip is in the audit share: stable per clip, and a larger share keeps every clip a smaller one had. */
export function isAuditClip(clipId: number, auditShare: number): boolean {
  return auditDraw(clipId) < auditShare
}

/** Paths the model scored at or above `above`; a free text also needs its least likely token there. */
export function confidentPaths(confidence: PrelabelConfidence | undefined, above: number): string[] {
  if (confidence?.status !== 'scored') return []
  return confidence.fields.filter((f) => f.p >= above && (f.kind !== 'text' || (f.min ?? f.p) >= above)).map((f) => f.path)
}
