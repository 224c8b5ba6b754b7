import { useEffect, useRef, type KeyboardEvent } from 'react'
import { SUBJECT_TEXT_FIELDS, type StructuralCaption, type Subject } from '../../../../shared/caption'
import type { SubjectTypeSuggestion } from '../../../../shared/api/review'
import { addSubject, duplicateSubject, moveSubject, patchSubject, removeSubject, setMainSubject } from './draft'
import { ConfidenceBadge, LowWords, markDescription } from './ConfidenceMark'
import type { ConfidenceMarks } from './confidenceMarks'
import { FieldIssues } from './FieldIssues'
import { SubjectTypes } from './SubjectTypes'
import { TextDiff } from './TextDiff'
import { issuesAt, type CaptionIssue } from './validation'

/** What the caption editors take: the draft, the model's pre-label and the problems found in the draft. */
export type EditorProps = {
  caption: StructuralCaption
  /** The model's pre-label, for the diffs; null when the clip has none. */
  model: StructuralCaption | null
  /** Where the model was unsure, on fields that still hold its value. */
  marks: ConfidenceMarks
  issues: CaptionIssue[]
  suggestions: SubjectTypeSuggestion[]
  onChange: (caption: StructuralCaption) => void
}

const label = (field: string): string => field[0].toUpperCase() + field.slice(1)

/**
 * The ordered subjects list: add, duplicate, delete, reorder (buttons, or Alt+↑/↓ from inside a
 * subject), and one main subject. Controls are named "Subject N <field>".
 */
export function SubjectsEditor({ caption, model, marks, issues, suggestions, onChange }: EditorProps) {
  const patch = (index: number, value: Partial<Subject>): void => onChange(patchSubject(caption, index, value))
  // After a move, focus follows the subject to its new place.
  const refocus = useRef<string | null>(null)
  useEffect(() => {
    if (!refocus.current) return
    document.getElementById(refocus.current)?.focus()
    refocus.current = null
  })

  const move = (index: number, delta: number, focusId?: string): void => {
    const target = index + delta
    if (target < 0 || target >= caption.subjects.length) return
    refocus.current = focusId?.replace(/^subject-\d+-/, `subject-${target + 1}-`) ?? null
    onChange(moveSubject(caption, index, delta))
  }
  const onKeyDown =
    (index: number) =>
    (event: KeyboardEvent<HTMLFieldSetElement>): void => {
      if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return
      event.preventDefault()
      event.stopPropagation()
      move(index, event.key === 'ArrowUp' ? -1 : 1, (event.target as HTMLElement).id)
    }

  const listIssues = issuesAt(issues, 'subjects')
  return (
    <section className="subjects" aria-label="Subjects">
      <h3>
        Subjects <kbd aria-hidden="true">7</kbd>
        <ConfidenceBadge mark={marks.get('subjects.count')} name="subjects.count" />
      </h3>
      <FieldIssues issues={listIssues} id="subjects-issues" />
      {caption.subjects.length === 0 && <p className="muted">No subjects.</p>}
      {caption.subjects.map((subject, index) => {
        const n = index + 1
        const id = (field: string): string => `subject-${n}-${field}`
        const modelSubject = model?.subjects[index]
        const markOf = (field: string) => marks.get(`subjects[${index}].${field}`)
        return (
          <fieldset key={index} className={subject.is_main_subject ? 'subject main' : 'subject'} onKeyDown={onKeyDown(index)}>
            <legend>
              Subject {n}
              {subject.is_main_subject && <span className="badge main-badge">main</span>}
            </legend>
            <SubjectTypes
              n={n}
              types={subject.TYPES}
              suggestions={suggestions}
              marks={{ type: markOf('TYPES.type'), sub_type: markOf('TYPES.sub_type') }}
              issues={issues.filter((i) => i.path.startsWith(`subjects.${index}.TYPES`))}
              onChange={(TYPES) => patch(index, { TYPES })}
            />
            {SUBJECT_TEXT_FIELDS.map((field) => (
              <div key={field} className={markOf(field)?.low ? 'field low-confidence' : 'field'}>
                <label htmlFor={id(field)}>
                  {label(field)} <ConfidenceBadge mark={markOf(field)} name={id(field)} />
                </label>
                <textarea
                  id={id(field)}
                  aria-label={`Subject ${n} ${field}`}
                  aria-description={markDescription(markOf(field))}
                  value={subject[field]}
                  onChange={(e) => patch(index, { [field]: e.target.value })}
                />
                <LowWords text={subject[field]} mark={markOf(field)} testId={`low-words-${id(field)}`} />
                <TextDiff model={modelSubject?.[field]} value={subject[field]} testId={`diff-subject-${n}-${field}`} />
                <FieldIssues issues={issuesAt(issues, `subjects.${index}.${field}`)} />
              </div>
            ))}
            <div className="subject-actions" role="group" aria-label={`Subject ${n} tools`}>
              <button
                type="button"
                className="small"
                aria-pressed={subject.is_main_subject}
                aria-label={`Subject ${n} main subject`}
                onClick={() => onChange(setMainSubject(caption, index))}
              >
                {subject.is_main_subject ? '★ Main subject' : '☆ Make main'}
              </button>
              <button type="button" className="small" aria-label={`Move subject ${n} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                ↑
              </button>
              <button
                type="button"
                className="small"
                aria-label={`Move subject ${n} down`}
                disabled={index === caption.subjects.length - 1}
                onClick={() => move(index, 1)}
              >
                ↓
              </button>
              <button type="button" className="small" onClick={() => onChange(duplicateSubject(caption, index))}>
                Duplicate subject {n}
              </button>
              <button type="button" className="danger small" onClick={() => onChange(removeSubject(caption, index))}>
                Remove subject {n}
              </button>
            </div>
          </fieldset>
        )
      })}
      <button type="button" onClick={() => onChange(addSubject(caption))}>
        Add subject
      </button>
    </section>
  )
}
