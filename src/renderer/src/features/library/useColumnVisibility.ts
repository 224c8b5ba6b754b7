import { useCallback, useState } from 'react'
import type { VisibilityState } from '@tanstack/react-table'
import { DEFAULT_HIDDEN } from './columns'
import { loadSaved, save } from '../../lib/storage'

const KEY = 'studio.library.columns'

function read(): VisibilityState {
  return loadSaved<VisibilityState>(KEY, Object.fromEntries(DEFAULT_HIDDEN.map((id) => [id, false])))
}

/** Which Library columns show, remembered in localStorage across sessions (react-table's VisibilityState). */
export function useColumnVisibility(): [VisibilityState, (id: string, visible: boolean) => void] {
  const [visibility, setVisibility] = useState(read)
  const setVisible = useCallback((id: string, visible: boolean) => {
    setVisibility((prev) => {
      const next = { ...prev, [id]: visible }
      save(KEY, next)
      return next
    })
  }, [])
  return [visibility, setVisible]
}
