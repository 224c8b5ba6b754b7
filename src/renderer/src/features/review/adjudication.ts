import { ENUM_FIELDS, SUBJECT_TEXT_FIELDS, TEXT_FIELDS, type EnumField, type StructuralCaption, type Subject } from '../../../../shared/caption'
import { humanize } from '../../lib/format'
import { FIELD_LABELS } from './captionChanges'

/** One row of the side-by-side view: a field (or a whole subject) as each version has it, and how to take either into the merge. */
export interface AdjudicationRow {
  key: string
  label: string
  /** The field as a caption holds it, for display; '' for a subject a version lacks. */
  show: (caption: StructuralCaption) => string
  take: (merged: StructuralCaption, from: StructuralCaption) => StructuralCaption
}

const ENUMS = Object.keys(ENUM_FIELDS) as EnumField[]

const subjectText = (s: Subject | undefined): string =>
  s
    ? [
        [s.TYPES.type, s.TYPES.sub_type].filter(Boolean).join('/') || 'untyped',
        s.is_main_subject ? 'main subject' : '',
        ...SUBJECT_TEXT_FIELDS.map((f) => (s[f] ? `${FIELD_LABELS[f]}: ${s[f]}` : ''))
      ]
        .filter(Boolean)
        .join('\n')
    : ''

/** Puts `from`'s subject i in the merge (or drops the merge's subject i when `from` has none); one main subject stays. */
function takeSubject(merged: StructuralCaption, from: StructuralCaption, i: number): StructuralCaption {
  const subjects = [...merged.subjects]
  const taken = from.subjects[i]
  if (!taken) subjects.splice(i, 1)
  else if (i < subjects.length) subjects[i] = taken
  else subjects.push(taken)
  const main = taken?.is_main_subject ? Math.min(i, subjects.length - 1) : -1
  return { ...merged, subjects: main < 0 ? subjects : subjects.map((s, j) => ({ ...s, is_main_subject: j === main })) }
}

/** Every field of the caption, enums then texts, then each subject (as many as the longer version has). */
export function adjudicationRows(a: StructuralCaption, b: StructuralCaption): AdjudicationRow[] {
  const rows: AdjudicationRow[] = [
    ...ENUMS.map((f) => ({
      key: f,
      label: FIELD_LABELS[f],
      show: (c: StructuralCaption) => humanize(c[f]),
      take: (m: StructuralCaption, from: StructuralCaption) => ({ ...m, [f]: from[f] })
    })),
    ...TEXT_FIELDS.map((f) => ({
      key: f,
      label: FIELD_LABELS[f],
      show: (c: StructuralCaption) => c[f],
      take: (m: StructuralCaption, from: StructuralCaption) => ({ ...m, [f]: from[f] })
    }))
  ]
  for (let i = 0; i < Math.max(a.subjects.length, b.subjects.length); i++) {
    rows.push({ key: `subject-${i + 1}`, label: `Subject ${i + 1}`, show: (c) => subjectText(c.subjects[i]), take: (m, from) => takeSubject(m, from, i) })
  }
  return rows
}

/** The rows where the two versions differ. */
export function differingRows(rows: AdjudicationRow[], a: StructuralCaption, b: StructuralCaption): Set<string> {
  return new Set(rows.filter((r) => r.show(a) !== r.show(b)).map((r) => r.key))
}
