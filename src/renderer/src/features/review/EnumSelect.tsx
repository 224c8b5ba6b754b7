import type { KeyboardEvent } from 'react'
import { ENUM_FIELDS, type EnumField } from '../../../../shared/caption'
import { humanize } from '../../lib/format'
import { ConfidenceBadge, markDescription } from './ConfidenceMark'
import type { FieldMark } from './confidenceMarks'
import { ENUM_LETTERS, optionForKey } from './enumKeys'

type Props = {
  field: EnumField
  label: string
  /** The key that jumps here from anywhere on the review screen. */
  jumpKey: string
  value: string
  model: string | undefined
  /** Set when the model was unsure of the value this field still holds. */
  mark?: FieldMark
  onChange: (value: string) => void
}

/**
 * One enum field. With the select focused, a digit picks the option at that place and a letter
 * picks the option with that letter (both shown on the options), so a value takes one key.
 */
export function EnumSelect({ field, label, jumpKey, value, model, mark, onChange }: Props) {
  const letters = ENUM_LETTERS[field] as Record<string, string>
  const onKeyDown = (event: KeyboardEvent<HTMLSelectElement>): void => {
    if (event.ctrlKey || event.metaKey || event.altKey) return
    const option = optionForKey(field, event.key)
    if (!option) return
    // Also keeps the browser's type-ahead and the screen's shortcuts from seeing the key.
    event.preventDefault()
    event.stopPropagation()
    if (option !== value) onChange(option)
  }
  return (
    <div className={mark?.low ? 'field enum-field low-confidence' : 'field enum-field'}>
      <label htmlFor={field}>
        {label}{' '}
        <kbd aria-hidden="true" title={`Press ${jumpKey} to come here`}>
          {jumpKey}
        </kbd>
        <ConfidenceBadge mark={mark} name={field} />
      </label>
      <select id={field} aria-description={markDescription(mark)} value={value} onChange={(e) => onChange(e.target.value)} onKeyDown={onKeyDown}>
        {ENUM_FIELDS[field].map((option, i) => (
          <option key={option} value={option}>
            {i + 1} · {humanize(option)} ({letters[option].toUpperCase()})
          </option>
        ))}
      </select>
      <p className="key-hint muted">
        Keys 1–{ENUM_FIELDS[field].length} or the letter in brackets
        {model !== undefined && model !== value && <span data-testid={`model-${field}`}> · model said {humanize(model)}</span>}
      </p>
    </div>
  )
}
