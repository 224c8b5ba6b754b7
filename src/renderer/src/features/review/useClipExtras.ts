import { useEffect, useState } from 'react'
import type { Revision } from '../../../../shared/contract'
import type { ClipFrames, NeighborOrder, SubjectTypeSuggestion } from '../../../../shared/api/review'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'
import type { StoreKind } from '../../lib/projectScope'
import { cachedFrames, loadFrames, preloadClip } from './preload'

/** Frame timing of a playable clip (from the project's cache when it was preloaded). */
export function useFrames(clipId: number, playable: boolean): ClipFrames | null {
  const scope = useProjectScope()
  const [frames, setFrames] = useState<ClipFrames | null>(() => cachedFrames(scope, clipId) ?? null)
  useEffect(() => {
    if (!playable || frames?.clipId === clipId) return
    let live = true
    loadFrames(scope, clipId).then(
      (loaded) => live && setFrames(loaded),
      (err: unknown) => live && setFrames({ clipId, times: [], end: 0, sampled: [], source: 'estimated', problem: errorMessage(err) })
    )
    return () => {
      live = false
    }
  }, [scope, clipId, playable, frames])
  return frames?.clipId === clipId ? frames : null
}

export interface Neighbors {
  next: number | null
  nextUnreviewed: number | null
}

/** Where "next" and "next unreviewed" lead in `order`, and preloading both so moving on is instant. */
export function useNeighbors(clipId: number, order: NeighborOrder): Neighbors | null {
  const scope = useProjectScope()
  const [neighbors, setNeighbors] = useState<Neighbors | null>(null)
  useEffect(() => {
    let live = true
    scope.request('clips.neighbors', { clipId, order }).then(
      (found) => {
        if (!live) return
        setNeighbors(found)
        if (found.next !== null) preloadClip(scope, found.next)
        if (found.nextUnreviewed !== null && found.nextUnreviewed !== found.next) preloadClip(scope, found.nextUnreviewed)
      },
      () => live && setNeighbors({ next: null, nextUnreviewed: null })
    )
    return () => {
      live = false
    }
  }, [scope, clipId, order])
  return neighbors
}

// The last answer, shown at once on the next clip of the same project.
const SUGGESTIONS: StoreKind<{ known: SubjectTypeSuggestion[] }> = { make: () => ({ known: [] }) }

/** TYPES values already used in the project; refreshed after each save (which may add one). */
export function useTypeSuggestions(refresh: unknown): SubjectTypeSuggestion[] {
  const scope = useProjectScope()
  const [suggestions, setSuggestions] = useState(() => scope.store(SUGGESTIONS).known)
  useEffect(() => {
    let live = true
    scope.request('captions.typeSuggestions', {}).then(
      (found) => {
        scope.store(SUGGESTIONS).known = found
        if (live) setSuggestions(found)
      },
      () => undefined
    )
    return () => {
      live = false
    }
  }, [scope, refresh])
  return suggestions
}

/** The clip's revisions, newest first, read again after each save; nothing is read while `savedNumber` is null (clip not loaded). */
export function useHistory(clipId: number, savedNumber: number | null): { revisions: Revision[] | null; error: string | null } {
  const [state, setState] = useState<{ revisions: Revision[] | null; error: string | null }>({ revisions: null, error: null })
  const scope = useProjectScope()
  useEffect(() => {
    if (savedNumber === null) return
    let live = true
    scope.request('captions.history', { clipId }).then(
      (revisions) => live && setState({ revisions, error: null }),
      (err: unknown) => live && setState((s) => ({ ...s, error: errorMessage(err) }))
    )
    return () => {
      live = false
    }
  }, [scope, clipId, savedNumber])
  return state
}
