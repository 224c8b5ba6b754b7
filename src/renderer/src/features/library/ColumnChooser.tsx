import type { VisibilityState } from '@tanstack/react-table'
import { OPTIONAL_COLUMNS } from './columns'

type Props = { visibility: VisibilityState; onChange: (id: string, visible: boolean) => void }

/** Checkboxes for the optional columns; the clip name always shows. */
export function ColumnChooser({ visibility, onChange }: Props) {
  return (
    <details className="column-chooser">
      <summary>Columns</summary>
      <fieldset aria-label="Visible columns">
        {OPTIONAL_COLUMNS.map(({ id, label }) => (
          <label key={id} className="check">
            <input
              type="checkbox"
              aria-label={`Show the ${label} column`}
              checked={visibility[id] !== false}
              onChange={(e) => onChange(id, e.target.checked)}
            />
            {label}
          </label>
        ))}
      </fieldset>
    </details>
  )
}
