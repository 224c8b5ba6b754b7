import { useCallback, useEffect, useRef, useState } from 'react'
import { formatHash, parseHash, sameScreen, type Screen } from '../lib/screen'

/**
 * The current screen, mirrored in the URL hash. Moving away while `isDirty()` holds parks the
 * target in `pending` until the user confirms or cancels; back/forward are guarded the same way.
 */
export function useScreen(isDirty: () => boolean) {
  const [screen, setScreen] = useState<Screen>(() => parseHash(window.location.hash))
  const [pending, setPending] = useState<Screen | null>(null)
  const current = useRef(screen)

  const show = useCallback((next: Screen) => {
    current.current = next
    setScreen(next)
    setPending(null)
    const hash = formatHash(next)
    if (window.location.hash !== hash) window.location.hash = hash
  }, [])

  const request = useCallback(
    (next: Screen) => {
      if (sameScreen(next, current.current)) return
      if (isDirty()) {
        setPending(next)
        window.history.replaceState(null, '', formatHash(current.current))
        return
      }
      show(next)
    },
    [isDirty, show]
  )

  useEffect(() => {
    const onHash = (): void => request(parseHash(window.location.hash))
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [request])

  const confirm = useCallback(() => {
    if (pending) show(pending)
  }, [pending, show])
  const cancel = useCallback(() => setPending(null), [])

  return { screen, pending, request, confirm, cancel }
}
