import { useCallback, useState } from 'react'
import type { VisibilityState } from '@tanstack/react-table'
import { DEFAULT_HIDDEN } from './columns'

const KEY = 'studio.library.columns'

function read(): VisibilityState {
  try {
    const stored = JSON.parse(window.localStorage.getItem(KEY) ?? 'null') as unknown
    if (stored && typeof stored === 'object') return stored as VisibilityState
  } catch {
    // Unreadable storage: fall back to the defaults.
  }
  return Object.fromEntries(DEFAULT_HIDDEN.map((id) => [id, false]))
}

/** Which Library columns show, remembered in localStorage across sessions (react-table's VisibilityState). */
export function useColumnVisibility(): [VisibilityState, (id: string, visible: boolean) => void] {
  const [visibility, setVisibility] = useState(read)
  const setVisible = useCallback((id: string, visible: boolean) => {
    setVisibility((prev) => {
      const next = { ...prev, [id]: visible }
      try {
        window.localStorage.setItem(KEY, JSON.stringify(next))
      } catch {
        // Private mode or full storage: the choice lasts for this session only.
      }
      return next
    })
  }, [])
  return [visibility, setVisible]
}
