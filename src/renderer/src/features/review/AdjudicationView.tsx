import { useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { OverlapVersions } from '../../../../shared/api/overlap'
import type { StructuralCaption } from '../../../../shared/caption'
import { errorMessage } from '../../api'
import { formatTimestamp, STATUS_LABELS } from '../../lib/format'
import { useProjectScope } from '../../lib/projectContext'
import { wordDiff } from '../../lib/wordDiff'
import { adjudicationRows, differingRows } from './adjudication'
import { CaptionForm } from './CaptionForm'
import { validateCaption } from './validation'
import './adjudication.css'

type Props = {
  versions: OverlapVersions
  annotator: string
  /** After the adjudication is saved: the clip now has an approved revision. */
  onSaved: () => void
}

/** B's text against A's, word by word. */
function Diff({ a, b }: { a: string; b: string }) {
  return (
    <>
      {wordDiff(a, b).map((part, i) =>
        part.kind === 'same' ? <span key={i}>{part.text}</span> : part.kind === 'added' ? <ins key={i}>{part.text}</ins> : <del key={i}>{part.text}</del>
      )}
    </>
  )
}

/**
 * The two blind versions side by side, field by field; differing fields are marked. Per field "Take A" / "Take B"
 * (or, with the row focused, the keys A and B; J and K move between differing rows), and the merged caption below
 * is edited as in Review. The merge starts from A, which already holds every field where the two agree.
 */
export function AdjudicationView({ versions, annotator, onSaved }: Props) {
  const scope = useProjectScope()
  const [a, b] = versions.versions.map((v) => v.caption)
  const [merged, setMerged] = useState<StructuralCaption>(a)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const rows = useMemo(() => adjudicationRows(a, b), [a, b])
  const differs = useMemo(() => differingRows(rows, a, b), [rows, a, b])
  const issues = useMemo(() => validateCaption(merged), [merged])
  const table = useRef<HTMLTableSectionElement>(null)
  const [nameA, nameB] = versions.versions.map((v) => v.name)

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number): void => {
    if (event.target !== event.currentTarget || event.ctrlKey || event.metaKey || event.altKey) return
    const key = event.key.toLowerCase()
    if (key === 'a' || key === 'b') setMerged(rows[index].take(merged, key === 'a' ? a : b))
    else if (key === 'j' || key === 'k') {
      const step = key === 'j' ? 1 : -1
      for (let i = index + step; i >= 0 && i < rows.length; i += step) {
        if (!differs.has(rows[i].key)) continue
        table.current?.querySelector<HTMLElement>(`[data-row="${rows[i].key}"]`)?.focus()
        break
      }
    } else return
    event.preventDefault()
  }

  const save = async (): Promise<void> => {
    const blocking = issues.filter((i) => i.blocking)
    if (blocking.length) return setError(`Cannot save yet: ${blocking.map((i) => i.message).join(' ')}`)
    setSaving(true)
    setError(null)
    try {
      await scope.request('overlap.adjudicate', { clipId: versions.clipId, caption: merged, annotator })
      onSaved()
    } catch (err) {
      setError(errorMessage(err))
      setSaving(false)
    }
  }

  return (
    <section className="adjudication" aria-label="Adjudication" data-testid="adjudication">
      <h3>Adjudicate: two blind versions</h3>
      <p className="muted">
        {differs.size} of {rows.length} fields differ. Focus a row: <kbd>A</kbd> / <kbd>B</kbd> take that version, <kbd>J</kbd> / <kbd>K</kbd> next or previous
        difference.
      </p>
      <table aria-label="The two versions">
        <thead>
          <tr>
            <th>Field</th>
            {versions.versions.map((v, i) => (
              <th key={v.personId}>
                {i === 0 ? 'A' : 'B'}: {v.name}{' '}
                <span className="muted">
                  ({STATUS_LABELS[v.status]}, {formatTimestamp(v.at)})
                </span>
              </th>
            ))}
            <th>Merged</th>
            <th />
          </tr>
        </thead>
        <tbody ref={table}>
          {rows.map((row, index) => {
            const differ = differs.has(row.key)
            const now = row.show(merged)
            return (
              <tr
                key={row.key}
                data-row={row.key}
                data-testid={`adjudicate-${row.key}`}
                data-differs={differ}
                className={differ ? 'differs' : undefined}
                tabIndex={0}
                aria-label={`${row.label}${differ ? ', differs' : ''}`}
                onKeyDown={(e) => onRowKey(e, index)}
              >
                <th scope="row">
                  {row.label} {differ && <span className="badge flagged">differs</span>}
                </th>
                <td className={now === row.show(a) ? 'taken' : undefined}>{row.show(a)}</td>
                <td className={now === row.show(b) ? 'taken' : undefined}>
                  {differ && !row.key.startsWith('subject') ? <Diff a={row.show(a)} b={row.show(b)} /> : row.show(b)}
                </td>
                <td data-testid={`merged-${row.key}`}>{now}</td>
                <td>
                  <button type="button" aria-label={`Take A (${nameA}) for ${row.label}`} onClick={() => setMerged(row.take(merged, a))}>
                    Take A
                  </button>
                  <button type="button" aria-label={`Take B (${nameB}) for ${row.label}`} onClick={() => setMerged(row.take(merged, b))}>
                    Take B
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <h4>Merged caption</h4>
      <CaptionForm caption={merged} model={versions.prelabel?.caption ?? null} marks={new Map()} issues={issues} suggestions={[]} onChange={setMerged} />
      {error && (
        <div role="alert" className="banner error">
          {error}
        </div>
      )}
      <button type="button" className="primary" disabled={saving || !annotator} onClick={() => void save()}>
        Save adjudication
      </button>
    </section>
  )
}
