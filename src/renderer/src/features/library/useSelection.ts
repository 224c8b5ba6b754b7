import { useCallback, useEffect, useRef, useState } from 'react'
import type { ClipRow } from '../../../../shared/contract'
import { errorMessage } from '../../api'
import type { ListQuery } from './useClipPages'
import { useProjectScope } from '../../lib/projectContext'

/**
 * Selected clip ids. A click toggles one row and sets the anchor; a shift-click sets every row
 * from the anchor to it like the anchor; "all matching" asks the host for the filter's ids. Rows
 * not loaded yet come from `clips.ids`, so a range can span pages never scrolled past. A new
 * filter clears the selection, so a bulk change never touches clips out of view.
 */
export function useSelection(query: ListQuery, rowAt: (index: number) => ClipRow | undefined) {
  const project = useProjectScope()
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set())
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const anchor = useRef<{ index: number; select: boolean } | null>(null)
  const { sort, desc, ...filter } = query
  const filterKey = JSON.stringify(filter)
  const generation = useRef(0)

  useEffect(() => {
    generation.current++
    anchor.current = null
    setSelected(new Set())
  }, [filterKey])
  // Row indices change with the sort; the ids stay selected.
  useEffect(() => {
    anchor.current = null
  }, [sort, desc])

  const toggle = useCallback((index: number, clipId: number) => {
    setSelected((prev) => {
      const next = new Set(prev)
      const select = !next.delete(clipId)
      if (select) next.add(clipId)
      anchor.current = { index, select }
      return next
    })
  }, [])

  /** Ids of rows first..last of the current list, from loaded pages when possible. */
  const idsBetween = useCallback(
    async (first: number, last: number): Promise<number[]> => {
      const loaded: number[] = []
      for (let i = first; i <= last; i++) {
        const row = rowAt(i)
        if (!row) return project.request('clips.ids', { ...JSON.parse(filterKey), sort, desc, offset: first, limit: last - first + 1 })
        loaded.push(row.id)
      }
      return loaded
    },
    [rowAt, filterKey, sort, desc]
  )

  const apply = useCallback(async (load: () => Promise<number[]>, select: boolean, replace: boolean) => {
    const gen = generation.current
    setBusy(true)
    try {
      const ids = await load()
      if (gen !== generation.current) return
      setSelected((prev) => {
        const next = new Set(replace ? [] : prev)
        for (const id of ids) {
          if (select) next.add(id)
          else next.delete(id)
        }
        return next
      })
      setError(null)
    } catch (err) {
      if (gen === generation.current) setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }, [])

  /** Shift-click: rows from the anchor to `index` take the anchor's state (selected if no anchor). */
  const extendTo = useCallback(
    (index: number, clipId: number) => {
      const from = anchor.current
      if (!from) return toggle(index, clipId)
      void apply(() => idsBetween(Math.min(from.index, index), Math.max(from.index, index)), from.select, false)
    },
    [apply, idsBetween, toggle]
  )

  const selectAllMatching = useCallback(() => {
    anchor.current = null
    void apply(() => project.request('clips.ids', { ...JSON.parse(filterKey), sort, desc }), true, true)
  }, [apply, filterKey, sort, desc])

  const clear = useCallback(() => {
    anchor.current = null
    setSelected(new Set())
  }, [])

  return { selected, toggle, extendTo, selectAllMatching, clear, busy, error }
}
