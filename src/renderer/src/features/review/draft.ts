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
