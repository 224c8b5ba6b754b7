import { useEffect, useState } from 'react'
import { CLIP_STATUSES, type ClipStatus } from '../../../../shared/contract'
import { STATUS_LABELS } from '../../lib/format'

type Props = {
  status: ClipStatus | undefined
  search: string
  counts: Partial<Record<ClipStatus, number>>
  total: number | null
  onStatus: (status: ClipStatus | undefined) => void
  onSearch: (search: string) => void
}

/** Status filter with per-status counts, and a search box debounced into the query. */
export function FilterBar({ status, search, counts, total, onStatus, onSearch }: Props) {
  const [text, setText] = useState(search)
  useEffect(() => {
    if (text === search) return
    const timer = setTimeout(() => onSearch(text), 300)
    return () => clearTimeout(timer)
  }, [text, search, onSearch])

  const all = CLIP_STATUSES.reduce((sum, s) => sum + (counts[s] ?? 0), 0)
  return (
    <div className="filter-bar">
      <label htmlFor="status-filter">Status filter</label>
      <select
        id="status-filter"
        value={status ?? ''}
        onChange={(e) => onStatus((e.target.value || undefined) as ClipStatus | undefined)}
      >
        <option value="">All statuses ({all})</option>
        {CLIP_STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABELS[s]} ({counts[s] ?? 0})
          </option>
        ))}
      </select>
      <label htmlFor="clip-search">Search clips</label>
      <input id="clip-search" type="search" value={text} onChange={(e) => setText(e.target.value)} />
      <ul className="counts" aria-label="Clips per status" data-testid="status-counts">
        {CLIP_STATUSES.map((s) => (
          <li key={s} className={`badge ${s}`}>
            {STATUS_LABELS[s]} <strong>{counts[s] ?? 0}</strong>
          </li>
        ))}
      </ul>
      <span className="muted total">{total == null ? 'Loading…' : `${total} clips`}</span>
    </div>
  )
}
