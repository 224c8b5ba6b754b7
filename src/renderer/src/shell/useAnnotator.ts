import { useCallback, useState } from 'react'
import { readSaved, save } from '../lib/storage'

const KEY = 'studio.annotator'

/** The annotator's name, asked once and remembered in localStorage. */
export function useAnnotator(): [string, (name: string) => void] {
  const [name, setName] = useState(() => readSaved(KEY) ?? '')
  const setAnnotator = useCallback((next: string) => {
    const trimmed = next.trim()
    save(KEY, trimmed)
    setName(trimmed)
  }, [])
  return [name, setAnnotator]
}
