import { ENUM_FIELDS, TEXT_FIELDS, type EnumField, type StructuralCaption, type TextField } from '../../../../shared/caption'
import { humanize } from '../../lib/format'
import { SubjectsEditor } from './SubjectsEditor'

type Props = { caption: StructuralCaption; onChange: (caption: StructuralCaption) => void }

const LABELS: Record<EnumField | TextField, string> = {
  shot_type: 'Shot type',
  shot_angle: 'Shot angle',
  shot_position: 'Shot position',
  camera_motion: 'Camera motion',
  environment: 'Environment',
  lighting: 'Lighting'
}

const ENUMS = Object.keys(ENUM_FIELDS) as EnumField[]

/** Every structural field of the caption: enums as selects, free text as text areas, then subjects. */
export function CaptionForm({ caption, onChange }: Props) {
  return (
    <div className="caption-form">
      <div className="enums">
        {ENUMS.map((field) => (
          <div key={field} className="field">
            <label htmlFor={field}>{LABELS[field]}</label>
            <select
              id={field}
              value={caption[field]}
              onChange={(e) => onChange({ ...caption, [field]: e.target.value })}
            >
              {ENUM_FIELDS[field].map((option) => (
                <option key={option} value={option}>
                  {humanize(option)}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      {TEXT_FIELDS.map((field) => (
        <div key={field} className="field">
          <label htmlFor={field}>{LABELS[field]}</label>
          <textarea
            id={field}
            value={caption[field]}
            onChange={(e) => onChange({ ...caption, [field]: e.target.value })}
          />
        </div>
      ))}
      <SubjectsEditor caption={caption} onChange={onChange} />
    </div>
  )
}
