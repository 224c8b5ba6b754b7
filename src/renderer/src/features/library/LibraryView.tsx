import { useCallback, useEffect, useState, type MutableRefObject } from 'react'
import type { ClipStatus } from '../../../../shared/contract'
import { api, errorMessage } from '../../api'
import { useClipsChanged } from '../../lib/useClipsChanged'
import { ClipTable } from './ClipTable'
import { FilterBar } from './FilterBar'
import { ImportPanel } from './ImportPanel'
import { PrelabelPanel } from '../jobs/PrelabelPanel'
import { useClipPages, type ListQuery } from './useClipPages'

type Props = {
  query: ListQuery
  onQueryChange: (query: ListQuery) => void
  scrollMemory: MutableRefObject<number>
  onOpenClip: (clipId: number) => void
}

export function LibraryView({ query, onQueryChange, scrollMemory, onOpenClip }: Props) {
  const { total, error, rowAt, version, ensureRange, refresh } = useClipPages(query)
  const [counts, setCounts] = useState<Partial<Record<ClipStatus, number>>>({})
  const [countsError, setCountsError] = useState<string | null>(null)
  const [prelabelOpen, setPrelabelOpen] = useState(false)
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set())
  const toggleSelect = useCallback((clipId: number) => {
    setSelected((prev) => {
      const next = new Set(prev)
      if (!next.delete(clipId)) next.add(clipId)
      return next
    })
  }, [])

  const loadCounts = useCallback(() => {
    api.request('clips.counts', {}).then(
      (next) => {
        setCounts(next)
        setCountsError(null)
      },
      (err: unknown) => setCountsError(errorMessage(err))
    )
  }, [])
  useEffect(loadCounts, [loadCounts])
  useClipsChanged(loadCounts)

  const onImported = useCallback(() => {
    refresh()
    loadCounts()
  }, [refresh, loadCounts])
  const onSearch = useCallback((search: string) => onQueryChange({ ...query, search: search || undefined }), [query, onQueryChange])

  return (
    <div className="library">
      <ImportPanel onImported={onImported} />
      <details className="card prelabel-toggle" open={prelabelOpen} onToggle={(e) => setPrelabelOpen(e.currentTarget.open)}>
        <summary>Pre-label with SkyCaptioner-V1</summary>
        {prelabelOpen && <PrelabelPanel selected={[...selected]} />}
      </details>
      <FilterBar
        status={query.status}
        search={query.search ?? ''}
        counts={counts}
        total={total}
        onStatus={(status) => onQueryChange({ ...query, status })}
        onSearch={onSearch}
      />
      {(error || countsError) && (
        <div role="alert" className="banner error">
          Cannot list clips: {error ?? countsError}
        </div>
      )}
      {total === 0 && (
        <p className="muted pad">{query.status || query.search ? 'No clips match.' : 'No clips yet: import a folder or a CSV above.'}</p>
      )}
      <ClipTable
        query={query}
        onSort={(sort, desc) => onQueryChange({ ...query, sort, desc })}
        total={total ?? 0}
        rowAt={rowAt}
        version={version}
        ensureRange={ensureRange}
        scrollMemory={scrollMemory}
        onOpen={onOpenClip}
        selected={selected}
        onToggleSelect={toggleSelect}
      />
    </div>
  )
}
