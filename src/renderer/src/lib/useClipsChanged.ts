import { useEffect, useRef } from 'react'
import { useProjectScope } from './projectContext'

/**
 * Calls `onChange` after 'clips.changed' events, at most once per `waitMs` (an import emits
 * many events and each refresh is a round trip), with the ids changed meanwhile.
 */
export function useClipsChanged(onChange: (ids: number[] | 'all') => void, waitMs = 400): void {
  const project = useProjectScope()
  const latest = useRef(onChange)
  useEffect(() => {
    latest.current = onChange
  })
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    let changed: Set<number> | 'all' = new Set()
    const off = project.on('clips.changed', ({ ids }) => {
      if (ids === 'all') changed = 'all'
      else if (changed !== 'all') for (const id of ids) changed.add(id)
      timer ??= setTimeout(() => {
        timer = null
        const batch = changed === 'all' ? 'all' : [...changed]
        changed = new Set()
        latest.current(batch)
      }, waitMs)
    })
    return () => {
      off()
      if (timer) clearTimeout(timer)
    }
  }, [waitMs])
}
