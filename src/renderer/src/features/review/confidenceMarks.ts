import { confidentPaths, isAuditClip, type AutoAccept, type ReviewRecord } from '../../../../shared/autoAccept'
import type { StructuralCaption } from '../../../../shared/caption'
import type { FieldConfidence, LowSpan, PrelabelConfidence } from '../../../../shared/confidence'

/** A field the model was unsure of, or one it pre-accepted: its score, and the low words of a free-text value. */
export interface FieldMark {
  p: number
  /** The field itself scored below the threshold (a text may only have low words). */
  low: boolean
  /** Pre-accepted: confident enough that Approve needs no look at it. */
  accepted: boolean
  spans: LowSpan[]
}

/** Low-confidence marks by caption path (shot_type, subjects[0].action, subjects.count), for the draft on screen. */
export type ConfidenceMarks = Map<string, FieldMark>

export const percent = (p: number): string => `${Math.round(p * 100)}%`

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/** The caption's value at a confidence path, as text; undefined when the caption has no such place. */
export function valueAt(caption: StructuralCaption, path: string): string | undefined {
  if (path === 'subjects.count') return String(caption.subjects.length)
  const subject = /^subjects\[(\d+)\]\.(.+)$/.exec(path)
  if (!subject) return text((caption as unknown as Record<string, unknown>)[path])
  const s = caption.subjects[Number(subject[1])]
  if (!s) return undefined
  const key = subject[2]
  if (key === 'TYPES.type') return s.TYPES.type
  if (key === 'TYPES.sub_type') return s.TYPES.sub_type
  return text((s as unknown as Record<string, unknown>)[key])
}

/**
 * Marks for fields scored below `below` and for the pre-accepted `accepted` paths, kept only while the draft still
 * holds the pre-label's value there: the score is about the model's value, so once a human has changed the field it
 * has been looked at, and a text's word offsets would no longer point at the right words.
 */
export function confidenceMarks(
  confidence: PrelabelConfidence | undefined,
  model: StructuralCaption | null,
  draft: StructuralCaption,
  below: number,
  accepted: string[] = []
): ConfidenceMarks {
  const marks: ConfidenceMarks = new Map()
  if (confidence?.status !== 'scored' || !model) return marks
  for (const field of confidence.fields) {
    const value = valueAt(model, field.path)
    if (value === undefined || valueAt(draft, field.path) !== value) continue
    const spans = lowSpans(field, value, below)
    const isAccepted = accepted.includes(field.path)
    if (field.p < below || spans.length > 0 || isAccepted) marks.set(field.path, { p: field.p, low: field.p < below, accepted: isAccepted, spans })
  }
  return marks
}

function lowSpans(field: FieldConfidence, value: string, below: number): LowSpan[] {
  return (field.spans ?? []).filter((s) => s.p < below && s.start < s.end && s.end <= value.length).sort((a, b) => a.start - b.start)
}

/** A text cut at its low spans (overlaps dropped), for underlining. */
export function splitAtSpans(text: string, spans: LowSpan[]): { text: string; p: number | null }[] {
  const parts: { text: string; p: number | null }[] = []
  let at = 0
  for (const span of spans) {
    if (span.start < at) continue
    if (span.start > at) parts.push({ text: text.slice(at, span.start), p: null })
    parts.push({ text: text.slice(span.start, span.end), p: span.p })
    at = span.end
  }
  if (at < text.length) parts.push({ text: text.slice(at), p: null })
  return parts
}

/**
 * With auto-accept on, what this clip's review is: an audit (full review; `fields` would have been accepted) or
 * pre-accepted `fields`. Null when off, for a clip without a scored pre-label, or for a blind gold clip.
 */
export function reviewPlan(clipId: number, confidence: PrelabelConfidence | undefined, autoAccept: AutoAccept | null, gold: boolean): ReviewRecord | null {
  if (!autoAccept || gold || confidence?.status !== 'scored') return null
  const fields = confidentPaths(confidence, autoAccept.above)
  return { mode: isAuditClip(clipId, autoAccept.auditShare) ? 'audit' : 'accepted', fields }
}

/** What a save records: for pre-accepted clips, only the fields still holding the model's value went unlooked. */
export function reviewRecord(plan: ReviewRecord | null, model: StructuralCaption | null, saved: StructuralCaption): ReviewRecord | undefined {
  if (!plan) return undefined
  if (plan.mode === 'audit' || !model) return plan
  return { mode: 'accepted', fields: plan.fields.filter((path) => valueAt(model, path) !== undefined && valueAt(saved, path) === valueAt(model, path)) }
}
