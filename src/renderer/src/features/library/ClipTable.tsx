import { useEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent, type MutableRefObject } from 'react'
import { flexRender, getCoreRowModel, useReactTable, type SortingState, type VisibilityState } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { ClipRow } from '../../../../shared/contract'
import { columns } from './columns'
import type { ListQuery, SortColumn } from './useClipPages'

const ROW_HEIGHT = 34

type Props = {
  query: ListQuery
  onSort: (sort: SortColumn, desc: boolean) => void
  total: number
  rowAt: (index: number) => ClipRow | undefined
  /** Changes when new rows arrive. */
  version: number
  ensureRange: (first: number, last: number) => void
  scrollMemory: MutableRefObject<number>
  onOpen: (clipId: number) => void
  columnVisibility: VisibilityState
  selected: ReadonlySet<number>
  /** Row `index` (clip `clipId`) alone: click on its checkbox, Ctrl/Cmd-click, Space. */
  onToggleSelect: (index: number, clipId: number) => void
  /** From the last toggled row to this one: Shift with any of the above. */
  onExtendSelect: (index: number, clipId: number) => void
  onSelectAll: () => void
}

/**
 * Virtualized clip table. Only the rows in view are handed to react-table, which renders
 * headers and cells; sorting is done by the host (manualSorting).
 */
export function ClipTable(props: Props) {
  const { query, onSort, total, rowAt, version, ensureRange, scrollMemory, onOpen, columnVisibility, selected } = props
  const { onToggleSelect, onExtendSelect, onSelectAll } = props
  const scroller = useRef<HTMLDivElement>(null)
  const [focused, setFocused] = useState(0)
  const moved = useRef(false)

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    useFlushSync: false
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? -1
  useEffect(() => ensureRange(first, last), [first, last, ensureRange])

  // Back from Review: return to where the user was once rows exist to scroll to.
  const restored = useRef(false)
  useEffect(() => {
    if (restored.current || total === 0) return
    restored.current = true
    if (scrollMemory.current > 0) virtualizer.scrollToOffset(scrollMemory.current)
  }, [total, virtualizer, scrollMemory])

  // A new sort or filter starts at the top.
  const queryKey = JSON.stringify(query)
  const shownKey = useRef(queryKey)
  useEffect(() => {
    if (shownKey.current === queryKey) return
    shownKey.current = queryKey
    setFocused(0)
    virtualizer.scrollToOffset(0)
  }, [queryKey, virtualizer])

  // react-table recomputes its row model whenever `data` changes identity: keep it stable.
  // The rows in view depend only on the range and on which pages have arrived (`version`).
  const visibleRows = useMemo(() => items.map((item) => rowAt(item.index)), [first, last, version])
  const data = useMemo(() => visibleRows.filter((row): row is ClipRow => row !== undefined), [visibleRows])
  const sorting: SortingState = query.sort === 'id' ? [] : [{ id: query.sort, desc: query.desc }]
  const table = useReactTable({
    data,
    columns,
    getRowId: (row) => String(row.id),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableMultiSort: false,
    sortDescFirst: false,
    // No client-side paging or expansion: these resets would only cause extra renders.
    autoResetPageIndex: false,
    autoResetExpanded: false,
    state: { sorting, columnVisibility },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater
      onSort((next[0]?.id as SortColumn | undefined) ?? 'id', next[0]?.desc ?? false)
    }
  })
  const rowsById = table.getRowModel().rowsById
  // The grid's tracks follow the visible columns (the chooser can hide any but the name).
  const gridColumns = ['36px', ...table.getVisibleLeafColumns().map((c) => c.columnDef.meta?.width ?? '120px')].join(' ')
  // The row reached by Tab: the focused one if rendered, else the first in view.
  const tabbable = items.some((item) => item.index === focused) ? focused : first

  // Keep keyboard focus on the focused row after it scrolls into view.
  useEffect(() => {
    if (!moved.current) return
    moved.current = false
    scroller.current?.querySelector<HTMLElement>(`[data-index="${focused}"]`)?.focus()
  })

  const move = (index: number): void => {
    const next = Math.max(0, Math.min(total - 1, index))
    moved.current = true
    setFocused(next)
    virtualizer.scrollToIndex(next)
  }
  const onKeyDown = (event: KeyboardEvent, index: number, row: ClipRow | undefined): void => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1)
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: total - 1
    }
    if (event.key === 'Enter' && row) onOpen(row.id)
    else if (event.key === ' ' && row) (event.shiftKey ? onExtendSelect : onToggleSelect)(index, row.id)
    else if (event.key === 'a' && (event.ctrlKey || event.metaKey)) onSelectAll()
    else if (event.key in moves) move(moves[event.key])
    else return
    event.preventDefault()
  }

  const onRowClick = (event: MouseEvent, index: number, clipId: number): void => {
    if (event.shiftKey) onExtendSelect(index, clipId)
    else if (event.ctrlKey || event.metaKey) onToggleSelect(index, clipId)
    else onOpen(clipId)
  }

  return (
    <div className="clip-table" role="table" aria-label="Clips" aria-rowcount={total + 1} style={{ '--cols': gridColumns } as CSSProperties}>
      {table.getHeaderGroups().map((group) => (
        <div key={group.id} role="row" aria-rowindex={1} className="tr thead">
          <div role="columnheader" className="th select" aria-label="Selected">
            {selected.size > 0 ? selected.size.toLocaleString() : ''}
          </div>
          {group.headers.map((header) => {
            const sorted = header.column.getIsSorted()
            return (
              <div key={header.id} role="columnheader" className="th" aria-sort={sorted ? (sorted === 'desc' ? 'descending' : 'ascending') : 'none'}>
                {header.column.getCanSort() ? (
                  <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                    {flexRender(header.column.columnDef.header, header.getContext())}
                    <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                  </button>
                ) : (
                  flexRender(header.column.columnDef.header, header.getContext())
                )}
              </div>
            )
          })}
        </div>
      ))}
      <div ref={scroller} className="tbody" role="rowgroup" onScroll={(e) => (scrollMemory.current = e.currentTarget.scrollTop)}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item, i) => {
            const clip = visibleRows[i]
            const row = clip && rowsById[String(clip.id)]
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                data-index={item.index}
                tabIndex={item.index === tabbable ? 0 : -1}
                aria-selected={clip ? selected.has(clip.id) : false}
                className={`tr${clip?.importError ? ' has-error' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={(e) => {
                  setFocused(item.index)
                  if (clip) onRowClick(e, item.index, clip.id)
                }}
                onKeyDown={(e) => onKeyDown(e, item.index, clip)}
              >
                <div role="cell" className="td select" onClick={(e) => e.stopPropagation()}>
                  {clip && (
                    <input
                      type="checkbox"
                      tabIndex={-1}
                      aria-label={`Select ${clip.name}`}
                      checked={selected.has(clip.id)}
                      // onClick, not onChange: it carries the Shift key. The checked state is ours.
                      readOnly
                      onClick={(e) => (e.shiftKey ? onExtendSelect : onToggleSelect)(item.index, clip.id)}
                    />
                  )}
                </div>
                {row ? (
                  row.getVisibleCells().map((cell) => (
                    <div key={cell.id} role="cell" className={`td col-${cell.column.id}`}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </div>
                  ))
                ) : (
                  <div role="cell" className="td loading">
                    Loading…
                  </div>
                )}
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
