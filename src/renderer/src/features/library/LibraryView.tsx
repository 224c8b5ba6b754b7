import { useCallback, useState, type MutableRefObject } from 'react'
import type { ClipFilter } from '../../../../shared/contract'
import { PrelabelPanel } from '../jobs/PrelabelPanel'
import { BulkBar } from './BulkBar'
import { ClipTable } from './ClipTable'
import { HeldByProvider, useHeldBy } from './heldBy'
import { ColumnChooser } from './ColumnChooser'
import { FilterBar } from './FilterBar'
import { ImportPanel } from './ImportPanel'
import { QueueOrderButton } from './queueOrder'
import { useDropImport } from './useDropImport'
import { useImport } from './useImport'
import { hasFilter, useClipPages, type ListQuery } from './useClipPages'
import { useColumnVisibility } from './useColumnVisibility'
import { useLibraryFacts } from './useLibraryFacts'
import { useSelection } from './useSelection'

type Props = {
  query: ListQuery
  onQueryChange: (query: ListQuery) => void
  scrollMemory: MutableRefObject<number>
  onOpenClip: (clipId: number) => void
  /** Who is working: bulk status changes are saved as their revisions. */
  annotator: string
  /** The menu's Import Clips… is waiting for the Library. */
  menuImport: boolean
  onMenuImportSeen: () => void
}

export function LibraryView({ query, onQueryChange, scrollMemory, onOpenClip, annotator, menuImport, onMenuImportSeen }: Props) {
  const { total, error, rowAt, version, ensureRange, refresh } = useClipPages(query)
  const facts = useLibraryFacts(query)
  const selection = useSelection(query, rowAt)
  const [columnVisibility, setColumnVisible] = useColumnVisibility()
  const heldBy = useHeldBy()
  const [prelabelOpen, setPrelabelOpen] = useState(false)

  const onImported = useCallback(() => {
    refresh()
    facts.reload()
  }, [refresh, facts.reload])
  const importer = useImport(onImported)
  const drop = useDropImport(importer)
  const onFilter = useCallback((patch: ClipFilter) => onQueryChange({ ...query, ...patch }), [query, onQueryChange])
  const problem = error ?? facts.error ?? selection.error
  const filtered = hasFilter(query)

  return (
    <div className={drop.over ? 'library drop-target' : 'library'} data-testid="library" {...drop.handlers}>
      <ImportPanel importer={importer} menuImport={menuImport} onMenuImportSeen={onMenuImportSeen} />
      <details className="card prelabel-toggle" open={prelabelOpen} onToggle={(e) => setPrelabelOpen(e.currentTarget.open)}>
        <summary>Pre-label with SkyCaptioner-V1</summary>
        {prelabelOpen && <PrelabelPanel selected={[...selection.selected]} />}
      </details>
      <FilterBar query={query} counts={facts.counts} facets={facts.facets} total={total} onChange={onFilter} />
      <div className="row table-tools">
        <BulkBar
          selected={selection.selected}
          total={total}
          annotator={annotator}
          busy={selection.busy}
          onSelectAll={selection.selectAllMatching}
          onClear={selection.clear}
        />
        <QueueOrderButton query={query} />
        <ColumnChooser visibility={columnVisibility} onChange={setColumnVisible} />
      </div>
      {problem && (
        <div role="alert" className="banner error">
          Cannot list clips: {problem}
        </div>
      )}
      {total === 0 && <p className="muted pad">{filtered ? 'No clips match.' : 'No clips yet: import a folder or a CSV above.'}</p>}
      <HeldByProvider value={heldBy}>
        <ClipTable
          query={query}
          onSort={(sort, desc) => onQueryChange({ ...query, sort, desc })}
          total={total ?? 0}
          rowAt={rowAt}
          version={version}
          ensureRange={ensureRange}
          scrollMemory={scrollMemory}
          onOpen={onOpenClip}
          columnVisibility={columnVisibility}
          selected={selection.selected}
          onToggleSelect={selection.toggle}
          onExtendSelect={selection.extendTo}
          onSelectAll={selection.selectAllMatching}
        />
      </HeldByProvider>
    </div>
  )
}
