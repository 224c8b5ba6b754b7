import { useCallback, useState } from 'react'

const KEY = 'studio.annotator'

function read(): string {
  try {
    return window.localStorage.getItem(KEY) ?? ''
  } catch {
    return ''
  }
}

/** The annotator's name, asked once and remembered in localStorage. */
export function useAnnotator(): [string, (name: string) => void] {
  const [name, setName] = useState(read)
  const save = useCallback((next: string) => {
    const trimmed = next.trim()
    window.localStorage.setItem(KEY, trimmed)
    setName(trimmed)
  }, [])
  return [name, save]
}
