import { useCallback, useEffect, useRef, useState } from 'react'
import type { ClipStatus, RouteOutput } from '../../../../shared/contract'
import { errorMessage } from '../../api'
import { useClipsChanged } from '../../lib/useClipsChanged'
import type { ListQuery } from './useClipPages'
import { useProjectScope } from '../../lib/projectContext'

type Counts = Partial<Record<ClipStatus, number>>
type Facets = RouteOutput<'clips.facets'>

/**
 * Clips per status under the current filters except status (so each figure is what picking that
 * status shows), and the annotator / pre-label source values for the filter menus. Both refresh
 * when clips change on the host.
 */
export function useLibraryFacts(query: ListQuery) {
  const project = useProjectScope()
  const [counts, setCounts] = useState<Counts>({})
  const [facets, setFacets] = useState<Facets>({ annotators: [], prelabelSources: [] })
  const [error, setError] = useState<string | null>(null)
  const { sort: _sort, desc: _desc, status: _status, ...filter } = query
  const filterKey = JSON.stringify(filter)
  const latest = useRef(0)

  const loadCounts = useCallback(() => {
    const ticket = ++latest.current
    project.request('clips.counts', JSON.parse(filterKey)).then(
      (next) => {
        if (ticket !== latest.current) return // an older filter answering late
        setCounts(next)
        setError(null)
      },
      (err: unknown) => ticket === latest.current && setError(errorMessage(err))
    )
  }, [filterKey])
  // The menus' values do not depend on the filter: read them only when clips change.
  const loadFacets = useCallback(() => {
    project.request('clips.facets', {}).then(setFacets, (err: unknown) => setError(errorMessage(err)))
  }, [])
  const load = useCallback(() => {
    loadCounts()
    loadFacets()
  }, [loadCounts, loadFacets])
  useEffect(loadCounts, [loadCounts])
  useEffect(loadFacets, [loadFacets])
  useClipsChanged(load)

  return { counts, facets, error, reload: load }
}
