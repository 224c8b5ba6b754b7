import { useEffect, useRef, useState } from 'react'
import { ENUM_FIELDS } from '../../../../shared/caption'
import { CLIP_STATUSES, CONFIDENCE_FIELDS, DISAGREE_FIELDS, type ClipFilter, type ClipStatus, type ConfidenceField } from '../../../../shared/contract'
import { humanize, STATUS_LABELS } from '../../lib/format'
import { hasFilter, type ListQuery } from './useClipPages'

type Props = {
  query: ListQuery
  counts: Partial<Record<ClipStatus, number>>
  facets: { annotators: string[]; prelabelSources: string[] }
  total: number | null
  onChange: (patch: ClipFilter) => void
}

// Select values for "none" (null in the filter) and "any" (no filter); real values never look like these.
const NONE = '\u0000none'
const fromSelect = (value: string): string | null | undefined => (value === '' ? undefined : value === NONE ? null : value)
const toSelect = (value: string | null | undefined): string => (value === undefined ? '' : value === null ? NONE : value)

const ENUM_FILTERS = [
  { key: 'shotType', field: 'shot_type', label: 'Shot type' },
  { key: 'shotAngle', field: 'shot_angle', label: 'Shot angle' },
  { key: 'shotPosition', field: 'shot_position', label: 'Shot position' }
] as const

/** Every Library filter, and the per-status counts (which also pick the status). */
export function FilterBar({ query, counts, facets, total, onChange }: Props) {
  const active = hasFilter(query)
  const all = CLIP_STATUSES.reduce((sum, s) => sum + (counts[s] ?? 0), 0)
  const select = (label: string, id: string, value: string, options: [string, string][], set: (v: string) => void) => (
    <span className="filter" key={id}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}>
        <option value="">Any</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </span>
  )

  return (
    <div className="filter-bar">
      <div className="row">
        <DebouncedSearch
          id="clip-search"
          label="Search clips"
          placeholder="Path or file name"
          value={query.search ?? ''}
          onSearch={(search) => onChange({ search })}
        />
        <DebouncedSearch
          id="caption-search"
          label="Search captions"
          placeholder="Words in the caption"
          value={query.text ?? ''}
          onSearch={(text) => onChange({ text })}
        />
        {active && (
          <button type="button" className="small" onClick={() => onChange(CLEARED)}>
            Clear filters
          </button>
        )}
        <span className="muted total" data-testid="clip-total">
          {total == null ? 'Loading…' : `${total.toLocaleString()} clips`}
        </span>
      </div>
      <div className="row">
        {select(
          `Status filter`,
          'status-filter',
          query.status ?? '',
          CLIP_STATUSES.map((s) => [s, `${STATUS_LABELS[s]} (${counts[s] ?? 0})`]),
          (v) => onChange({ status: (v || undefined) as ClipStatus | undefined })
        )}
        {ENUM_FILTERS.map(({ key, field, label }) =>
          select(
            label,
            `filter-${key}`,
            query[key] ?? '',
            ENUM_FIELDS[field].map((v) => [v, humanize(v)]),
            (v) => onChange({ [key]: v || undefined })
          )
        )}
        {select(
          'Annotator',
          'filter-annotator',
          toSelect(query.annotator),
          [[NONE, 'No revision yet'], ...facets.annotators.map((a): [string, string] => [a, a])],
          (v) => onChange({ annotator: fromSelect(v) })
        )}
        {select(
          'Pre-label source',
          'filter-prelabel',
          toSelect(query.prelabelSource),
          [[NONE, 'No pre-label'], ...facets.prelabelSources.map((s): [string, string] => [s, s])],
          (v) => onChange({ prelabelSource: fromSelect(v) })
        )}
        {select(
          'Human and model disagree on',
          'filter-disagree',
          query.disagree ?? '',
          [['any', 'any field'], ...DISAGREE_FIELDS.map((f): [string, string] => [f, humanize(f)])],
          (v) => onChange({ disagree: (v || undefined) as ClipFilter['disagree'] })
        )}
        <LowConfidenceFilter value={query.lowConfidence} onChange={(lowConfidence) => onChange({ lowConfidence })} />
      </div>
      <ul className="counts" aria-label="Clips per status" data-testid="status-counts" title="Under the other filters">
        <li>
          <button type="button" className="badge" aria-pressed={query.status === undefined} onClick={() => onChange({ status: undefined })}>
            All <strong>{all.toLocaleString()}</strong>
          </button>
        </li>
        {CLIP_STATUSES.map((s) => (
          <li key={s}>
            <button
              type="button"
              className={`badge ${s}`}
              aria-pressed={query.status === s}
              onClick={() => onChange({ status: query.status === s ? undefined : s })}
            >
              {STATUS_LABELS[s]} <strong>{(counts[s] ?? 0).toLocaleString()}</strong>
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}

const CLEARED: ClipFilter = {
  status: undefined,
  shotType: undefined,
  shotAngle: undefined,
  shotPosition: undefined,
  annotator: undefined,
  prelabelSource: undefined,
  disagree: undefined,
  search: undefined,
  text: undefined,
  lowConfidence: undefined
}

type LowConfidence = ClipFilter['lowConfidence']

/** "Model confidence below x% on field f": the field picks it on, the percentage applies when the box is left. */
function LowConfidenceFilter({ value, onChange }: { value: LowConfidence; onChange: (value: LowConfidence) => void }) {
  const [percent, setPercent] = useState(String(Math.round((value?.below ?? 0.6) * 100)))
  useEffect(() => {
    if (value) setPercent(String(Math.round(value.below * 100)))
  }, [value])
  const below = (): number => Math.min(100, Math.max(0, Number(percent) || 0)) / 100
  return (
    <span className="filter">
      <label htmlFor="filter-confidence">Model unsure of</label>
      <select
        id="filter-confidence"
        value={value?.field ?? ''}
        onChange={(e) => onChange(e.target.value ? { field: e.target.value as ConfidenceField, below: below() } : undefined)}
      >
        <option value="">Any</option>
        {CONFIDENCE_FIELDS.map((f) => (
          <option key={f} value={f}>
            {humanize(f.replace(/^subjects\.(TYPES\.)?/, 'subject '))}
          </option>
        ))}
      </select>
      <label htmlFor="filter-confidence-below">below</label>
      <input
        id="filter-confidence-below"
        type="number"
        min={0}
        max={100}
        className="percent"
        value={percent}
        onChange={(e) => setPercent(e.target.value)}
        onBlur={() => value && below() !== value.below && onChange({ ...value, below: below() })}
      />
      %
    </span>
  )
}

type SearchProps = { id: string; label: string; placeholder: string; value: string; onSearch: (value: string | undefined) => void }

/** A search box that applies what is typed after a pause, not on every key. */
function DebouncedSearch({ id, label, placeholder, value, onSearch }: SearchProps) {
  const [text, setText] = useState(value)
  const latest = useRef(onSearch)
  useEffect(() => {
    latest.current = onSearch
  })
  // A cleared filter (or one set elsewhere) shows here too.
  useEffect(() => setText(value), [value])
  useEffect(() => {
    if (text.trim() === value.trim()) return
    const timer = setTimeout(() => latest.current(text.trim() ? text : undefined), 300)
    return () => clearTimeout(timer)
  }, [text, value])
  return (
    <span className="filter">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" placeholder={placeholder} value={text} onChange={(e) => setText(e.target.value)} />
    </span>
  )
}
