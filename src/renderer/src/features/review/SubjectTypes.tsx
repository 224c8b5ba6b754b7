import type { Subject } from '../../../../shared/caption'
import type { SubjectTypeSuggestion } from '../../../../shared/api/review'
import { ConfidenceBadge, markDescription } from './ConfidenceMark'
import type { FieldMark } from './confidenceMarks'
import { FieldIssues } from './FieldIssues'
import type { CaptionIssue } from './validation'

type Props = {
  n: number
  types: Subject['TYPES']
  suggestions: SubjectTypeSuggestion[]
  marks: { type?: FieldMark; sub_type?: FieldMark }
  issues: CaptionIssue[]
  onChange: (types: Subject['TYPES']) => void
}

/** TYPES type and sub-type, with the values already used in the project as suggestions (most used first). */
export function SubjectTypes({ n, types, suggestions, marks, issues, onChange }: Props) {
  const typeNames = [...new Set(suggestions.map((s) => s.type))]
  // Sub-types seen with this type; every sub-type while the type is still empty.
  const wanted = types.type.trim().toLowerCase()
  const subTypes = [
    ...new Set(
      suggestions
        .filter((s) => !wanted || s.type.toLowerCase() === wanted)
        .map((s) => s.subType)
        .filter(Boolean)
    )
  ]
  const id = (field: string): string => `subject-${n}-${field}`
  return (
    <div className="subject-head">
      <label htmlFor={id('type')}>
        Type <ConfidenceBadge mark={marks.type} name={id('type')} />
      </label>
      <input
        id={id('type')}
        aria-label={`Subject ${n} type`}
        aria-description={markDescription(marks.type)}
        list={id('type-options')}
        autoComplete="off"
        value={types.type}
        onChange={(e) => onChange({ ...types, type: e.target.value })}
      />
      <datalist id={id('type-options')}>
        {typeNames.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <label htmlFor={id('sub_type')}>
        Sub-type <ConfidenceBadge mark={marks.sub_type} name={id('sub_type')} />
      </label>
      <input
        id={id('sub_type')}
        aria-label={`Subject ${n} sub-type`}
        aria-description={markDescription(marks.sub_type)}
        list={id('sub_type-options')}
        autoComplete="off"
        value={types.sub_type}
        onChange={(e) => onChange({ ...types, sub_type: e.target.value })}
      />
      <datalist id={id('sub_type-options')}>
        {subTypes.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <FieldIssues issues={issues} />
    </div>
  )
}
