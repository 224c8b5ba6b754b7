import { SUBJECT_TEXT_FIELDS, type StructuralCaption, type Subject } from '../../../../shared/caption'
import { addSubject, patchSubject, removeSubject } from './draft'

type Props = { caption: StructuralCaption; onChange: (caption: StructuralCaption) => void }

/** The variable-length subjects list; controls are named "Subject N <field>". */
export function SubjectsEditor({ caption, onChange }: Props) {
  const patch = (index: number, value: Partial<Subject>): void => onChange(patchSubject(caption, index, value))
  return (
    <section className="subjects" aria-label="Subjects">
      <h3>Subjects</h3>
      {caption.subjects.length === 0 && <p className="muted">No subjects.</p>}
      {caption.subjects.map((subject, index) => {
        const n = index + 1
        const id = (field: string): string => `subject-${n}-${field}`
        return (
          <fieldset key={index} className="subject">
            <legend>Subject {n}</legend>
            <div className="subject-head">
              <label htmlFor={id('type')}>Type</label>
              <input
                id={id('type')}
                aria-label={`Subject ${n} type`}
                value={subject.TYPES.type}
                onChange={(e) => patch(index, { TYPES: { ...subject.TYPES, type: e.target.value } })}
              />
              <label htmlFor={id('sub_type')}>Sub-type</label>
              <input
                id={id('sub_type')}
                aria-label={`Subject ${n} sub-type`}
                value={subject.TYPES.sub_type}
                onChange={(e) => patch(index, { TYPES: { ...subject.TYPES, sub_type: e.target.value } })}
              />
              <label className="check">
                <input
                  type="checkbox"
                  aria-label={`Subject ${n} main subject`}
                  checked={subject.is_main_subject}
                  onChange={(e) => patch(index, { is_main_subject: e.target.checked })}
                />
                Main subject
              </label>
              <button type="button" className="danger small" onClick={() => onChange(removeSubject(caption, index))}>
                Remove subject {n}
              </button>
            </div>
            {SUBJECT_TEXT_FIELDS.map((field) => (
              <div key={field} className="field">
                <label htmlFor={id(field)}>{field[0].toUpperCase() + field.slice(1)}</label>
                <textarea
                  id={id(field)}
                  aria-label={`Subject ${n} ${field}`}
                  value={subject[field]}
                  onChange={(e) => patch(index, { [field]: e.target.value })}
                />
              </div>
            ))}
          </fieldset>
        )
      })}
      <button type="button" onClick={() => onChange(addSubject(caption))}>
        Add subject
      </button>
    </section>
  )
}
