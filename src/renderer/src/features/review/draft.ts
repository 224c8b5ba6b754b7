import { emptyCaption, emptySubject, serializeCaption, type StructuralCaption, type Subject } from '../../../../shared/caption'
import type { ClipDetail, ClipStatus } from '../../../../shared/contract'

/** Pure edits of a caption draft; each returns a new caption so history can be layered on later. */
export function patchSubject(caption: StructuralCaption, index: number, patch: Partial<Subject>): StructuralCaption {
  return { ...caption, subjects: caption.subjects.map((s, i) => (i === index ? { ...s, ...patch } : s)) }
}

/** The first subject added to an empty list is the main one. */
export function addSubject(caption: StructuralCaption): StructuralCaption {
  const subject = { ...emptySubject(), is_main_subject: caption.subjects.length === 0 }
  return { ...caption, subjects: [...caption.subjects, subject] }
}

export function removeSubject(caption: StructuralCaption, index: number): StructuralCaption {
  return { ...caption, subjects: caption.subjects.filter((_, i) => i !== index) }
}

/** A copy placed right after the original; never a second main subject. */
export function duplicateSubject(caption: StructuralCaption, index: number): StructuralCaption {
  const source = caption.subjects[index]
  if (!source) return caption
  const copy = { ...source, TYPES: { ...source.TYPES }, is_main_subject: false }
  return { ...caption, subjects: [...caption.subjects.slice(0, index + 1), copy, ...caption.subjects.slice(index + 1)] }
}

/** Moves a subject by `delta` places (order matters: the original lists the main subject first). */
export function moveSubject(caption: StructuralCaption, index: number, delta: number): StructuralCaption {
  const target = index + delta
  if (!caption.subjects[index] || target < 0 || target >= caption.subjects.length) return caption
  const subjects = [...caption.subjects]
  const [moved] = subjects.splice(index, 1)
  subjects.splice(target, 0, moved)
  return { ...caption, subjects }
}

/** Makes one subject the main one and every other not: exactly one main subject. */
export function setMainSubject(caption: StructuralCaption, index: number): StructuralCaption {
  return { ...caption, subjects: caption.subjects.map((s, i) => ({ ...s, is_main_subject: i === index })) }
}

export function sameCaption(a: StructuralCaption, b: StructuralCaption): boolean {
  return serializeCaption(a) === serializeCaption(b)
}

export type CaptionOrigin = 'revision' | 'prelabel' | 'empty'

/** What the editor starts from: the latest revision, else the pre-label, else an empty caption. */
export function startingPoint(detail: ClipDetail): { caption: StructuralCaption; origin: CaptionOrigin } {
  if (detail.revision) return { caption: detail.revision.caption, origin: 'revision' }
  if (detail.prelabel) return { caption: detail.prelabel.caption, origin: 'prelabel' }
  return { caption: emptyCaption(), origin: 'empty' }
}

/** Plain Save keeps a decided status and moves an untouched clip to in_progress. */
export function statusForSave(current: ClipStatus): ClipStatus {
  return current === 'unreviewed' ? 'in_progress' : current
}
