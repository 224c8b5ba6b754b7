import { useCallback, useEffect, useRef, useState } from 'react'
import type { ClipFilter, ClipRow, SORT_COLUMNS } from '../../../../shared/contract'
import { errorMessage } from '../../api'
import { useClipsChanged } from '../../lib/useClipsChanged'
import { PAGE_SIZE, pagesFor } from './pages'
import { useProjectScope } from '../../lib/projectContext'

export type SortColumn = (typeof SORT_COLUMNS)[number]
/** What the Library shows: the filters plus the sort (paging is this hook's). */
export type ListQuery = ClipFilter & { sort: SortColumn; desc: boolean }

/** Whether any filter is set (sorting is not a filter). */
export function hasFilter(query: ListQuery): boolean {
  return Object.entries(query).some(([k, v]) => k !== 'sort' && k !== 'desc' && v !== undefined)
}

/**
 * Rows of `clips.list` fetched page by page as they scroll into view, so a 100k-clip project
 * never loads more than the pages around the viewport. A new query starts over; a change on
 * the host refetches the visible pages while the old rows stay on screen.
 */
export function useClipPages(query: ListQuery) {
  const project = useProjectScope()
  const [total, setTotal] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const pages = useRef(new Map<number, ClipRow[]>())
  const inFlight = useRef(new Set<string>())
  const generation = useRef(0)
  const visible = useRef<[number, number]>([0, 0])
  const queryRef = useRef(query)

  const fetchPage = useCallback(async (page: number) => {
    const gen = generation.current
    const key = `${gen}:${page}`
    if (inFlight.current.has(key)) return
    inFlight.current.add(key)
    try {
      const result = await project.request('clips.list', { ...queryRef.current, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
      if (gen !== generation.current) return
      pages.current.set(page, result.rows)
      setTotal(result.total)
      setError(null)
      setVersion((v) => v + 1)
    } catch (err) {
      if (gen === generation.current) setError(errorMessage(err))
    } finally {
      inFlight.current.delete(key)
    }
  }, [])

  const ensureRange = useCallback(
    (first: number, last: number) => {
      visible.current = [first, last]
      for (const page of pagesFor(first, last)) if (!pages.current.has(page)) void fetchPage(page)
    },
    [fetchPage]
  )

  /** Starts a new generation; `keepVisible` keeps the on-screen rows until fresh ones arrive. */
  const restart = useCallback(
    (keepVisible: boolean) => {
      generation.current++
      const wanted = pagesFor(...visible.current)
      const kept = new Map<number, ClipRow[]>()
      if (keepVisible) for (const page of wanted) if (pages.current.has(page)) kept.set(page, pages.current.get(page)!)
      pages.current = kept
      if (!keepVisible) setTotal(null)
      for (const page of wanted.length ? wanted : [0]) void fetchPage(page)
    },
    [fetchPage]
  )

  const queryKey = JSON.stringify(query)
  useEffect(() => {
    queryRef.current = query
    visible.current = [0, 0]
    restart(false)
  }, [queryKey, restart]) // queryKey stands for the query's contents

  const refresh = useCallback(() => restart(true), [restart])
  useClipsChanged(refresh)

  /** `version` changes whenever a page arrives, so callers can memoize on it. */
  const rowAt = (index: number): ClipRow | undefined => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE]

  return { total, error, rowAt, version, ensureRange, refresh }
}
