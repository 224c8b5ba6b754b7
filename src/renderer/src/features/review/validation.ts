import type { StructuralCaption } from '../../../../shared/caption'

export interface CaptionIssue {
  /** Field path as in changedPaths(): "subjects", "subjects.1.TYPES.type", ... */
  path: string
  message: string
  /** Blocking issues stop Approve; the others are hints. Drafts are autosaved either way. */
  blocking: boolean
}

// The original fusion step keeps `expression` only for these types (and not Human/Accessory).
const EXPRESSIVE = new Set(['human', 'animal'])

/** Problems an annotator should fix, shown next to the field they concern. */
export function validateCaption(caption: StructuralCaption): CaptionIssue[] {
  const issues: CaptionIssue[] = []
  const mains = caption.subjects.filter((s) => s.is_main_subject).length
  if (caption.subjects.length > 0 && mains !== 1) {
    issues.push({
      path: 'subjects',
      message:
        mains === 0
          ? 'No main subject: mark exactly one subject as the main subject.'
          : `${mains} subjects are marked main: exactly one subject must be the main subject.`,
      blocking: true
    })
  }
  caption.subjects.forEach((s, i) => {
    const at = `subjects.${i}`
    if (!s.TYPES.type.trim())
      issues.push({ path: `${at}.TYPES.type`, message: `Subject ${i + 1} needs a type (e.g. Human, Animal, Vehicles).`, blocking: true })
    if (!s.TYPES.sub_type.trim())
      issues.push({ path: `${at}.TYPES.sub_type`, message: `Subject ${i + 1} has no sub-type (e.g. Woman, Dog, Car).`, blocking: false })
    const type = s.TYPES.type.trim().toLowerCase()
    const expressive = EXPRESSIVE.has(type) && s.TYPES.sub_type.trim().toLowerCase() !== 'accessory'
    if (s.expression.trim() && type && !expressive) {
      issues.push({ path: `${at}.expression`, message: 'Expression is only for Human or Animal subjects; fusion drops it here.', blocking: false })
    }
    if (!s.appearance.trim() && !s.action.trim()) {
      issues.push({ path: `${at}.appearance`, message: `Subject ${i + 1} has neither appearance nor action.`, blocking: false })
    }
  })
  return issues
}

export function issuesAt(issues: CaptionIssue[], path: string): CaptionIssue[] {
  return issues.filter((i) => i.path === path)
}
