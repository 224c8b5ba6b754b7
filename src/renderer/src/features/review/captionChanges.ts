import { ENUM_FIELDS, SUBJECT_TEXT_FIELDS, TEXT_FIELDS, type EnumField, type StructuralCaption, type Subject } from '../../../../shared/caption'
import type { ClipStatus } from '../../../../shared/contract'
import { humanize, STATUS_LABELS } from '../../lib/format'

export const FIELD_LABELS: Record<string, string> = {
  shot_type: 'Shot type',
  shot_angle: 'Shot angle',
  shot_position: 'Shot position',
  camera_motion: 'Camera motion',
  environment: 'Environment',
  lighting: 'Lighting',
  appearance: 'appearance',
  action: 'action',
  expression: 'expression',
  position: 'position'
}

const ENUMS = Object.keys(ENUM_FIELDS) as EnumField[]

/** Paths of the fields that differ, e.g. "shot_type", "subjects.0.action", "subjects" (count). */
export function changedPaths(a: StructuralCaption, b: StructuralCaption): string[] {
  const paths: string[] = []
  for (const f of [...ENUMS, ...TEXT_FIELDS]) if (a[f] !== b[f]) paths.push(f)
  if (a.subjects.length !== b.subjects.length) paths.push('subjects')
  const shared = Math.min(a.subjects.length, b.subjects.length)
  for (let i = 0; i < shared; i++) {
    const [x, y] = [a.subjects[i], b.subjects[i]]
    for (const f of SUBJECT_TEXT_FIELDS) if (x[f] !== y[f]) paths.push(`subjects.${i}.${f}`)
    if (x.TYPES.type !== y.TYPES.type) paths.push(`subjects.${i}.TYPES.type`)
    if (x.TYPES.sub_type !== y.TYPES.sub_type) paths.push(`subjects.${i}.TYPES.sub_type`)
    if (x.is_main_subject !== y.is_main_subject) paths.push(`subjects.${i}.is_main_subject`)
  }
  return paths
}

const typeName = (s: Subject): string => [s.TYPES.type, s.TYPES.sub_type].filter(Boolean).join('/') || 'untyped'
const mainIndexes = (c: StructuralCaption): string => c.subjects.flatMap((s, i) => (s.is_main_subject ? [String(i + 1)] : [])).join(', ') || 'none'

export interface RevisionState {
  caption: StructuralCaption
  status: ClipStatus
  flagReason?: string | null
}

/**
 * What changed from one revision to the next, one line per field, for the history panel.
 * Enum, type and status changes show both values; free text says which field was edited.
 */
export function describeChanges(before: RevisionState | null, after: RevisionState): string[] {
  const lines: string[] = []
  if (!before || before.status !== after.status) {
    lines.push(before ? `Status: ${STATUS_LABELS[before.status]} → ${STATUS_LABELS[after.status]}` : `Status: ${STATUS_LABELS[after.status]}`)
  }
  if (after.status === 'flagged' && after.flagReason && (before?.flagReason !== after.flagReason || before.status !== 'flagged')) {
    lines.push(`Flag reason: ${after.flagReason}`)
  }
  if (!before) return lines
  const [a, b] = [before.caption, after.caption]
  for (const f of ENUMS) if (a[f] !== b[f]) lines.push(`${FIELD_LABELS[f]}: ${humanize(a[f])} → ${humanize(b[f])}`)
  for (const f of TEXT_FIELDS) if (a[f] !== b[f]) lines.push(`${FIELD_LABELS[f]} edited`)
  if (a.subjects.length !== b.subjects.length) lines.push(`Subjects: ${a.subjects.length} → ${b.subjects.length}`)
  const shared = Math.min(a.subjects.length, b.subjects.length)
  for (let i = 0; i < shared; i++) {
    const [x, y] = [a.subjects[i], b.subjects[i]]
    if (typeName(x) !== typeName(y)) lines.push(`Subject ${i + 1} type: ${typeName(x)} → ${typeName(y)}`)
    const edited = SUBJECT_TEXT_FIELDS.filter((f) => x[f] !== y[f]).map((f) => FIELD_LABELS[f])
    if (edited.length) lines.push(`Subject ${i + 1} ${edited.join(', ')} edited`)
  }
  if (mainIndexes(a) !== mainIndexes(b)) lines.push(`Main subject: ${mainIndexes(a)} → ${mainIndexes(b)}`)
  if (lines.length === 0) lines.push('No changes')
  return lines
}
