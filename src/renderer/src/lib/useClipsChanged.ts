import { useEffect, useRef } from 'react'
import { api } from '../api'

/**
 * Calls `onChange` after 'clips.changed' events, at most once per `waitMs`: an import emits
 * many events and each refresh is a round trip.
 */
export function useClipsChanged(onChange: () => void, waitMs = 400): void {
  const latest = useRef(onChange)
  useEffect(() => {
    latest.current = onChange
  })
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    const off = api.on('clips.changed', () => {
      timer ??= setTimeout(() => {
        timer = null
        latest.current()
      }, waitMs)
    })
    return () => {
      off()
      if (timer) clearTimeout(timer)
    }
  }, [waitMs])
}
