import { ENUM_FIELDS, TEXT_FIELDS, type EnumField } from '../../../../shared/caption'
import { FIELD_LABELS } from './captionChanges'
import { ConfidenceBadge, LowWords, markDescription } from './ConfidenceMark'
import { EnumSelect } from './EnumSelect'
import { FieldIssues } from './FieldIssues'
import { SubjectsEditor, type EditorProps } from './SubjectsEditor'
import { TextDiff } from './TextDiff'
import { issuesAt } from './validation'

const ENUMS = Object.keys(ENUM_FIELDS) as EnumField[]

/** Keys 1-6 jump to the six structural fields, in this order; 7 to the subjects. */
export const FIELD_KEYS = [...ENUMS, ...TEXT_FIELDS]

/** Every structural field: enums as one-key selects, free text with its diff against the model, then subjects. */
export function CaptionForm({ caption, model, marks, issues, suggestions, onChange }: EditorProps) {
  return (
    <div className="caption-form">
      <div className="enums">
        {ENUMS.map((field) => (
          <EnumSelect
            key={field}
            field={field}
            label={FIELD_LABELS[field]}
            jumpKey={String(FIELD_KEYS.indexOf(field) + 1)}
            value={caption[field]}
            model={model?.[field]}
            mark={marks.get(field)}
            onChange={(value) => onChange({ ...caption, [field]: value })}
          />
        ))}
      </div>
      {TEXT_FIELDS.map((field) => (
        <div key={field} className={marks.get(field)?.low ? 'field low-confidence' : 'field'}>
          <label htmlFor={field}>
            {FIELD_LABELS[field]} <kbd aria-hidden="true">{FIELD_KEYS.indexOf(field) + 1}</kbd>
            <ConfidenceBadge mark={marks.get(field)} name={field} />
          </label>
          <textarea
            id={field}
            aria-description={markDescription(marks.get(field))}
            value={caption[field]}
            onChange={(e) => onChange({ ...caption, [field]: e.target.value })}
          />
          <LowWords text={caption[field]} mark={marks.get(field)} testId={`low-words-${field}`} />
          <TextDiff model={model?.[field]} value={caption[field]} testId={`diff-${field}`} />
          <FieldIssues issues={issuesAt(issues, field)} />
        </div>
      ))}
      <SubjectsEditor caption={caption} model={model} marks={marks} issues={issues} suggestions={suggestions} onChange={onChange} />
    </div>
  )
}
