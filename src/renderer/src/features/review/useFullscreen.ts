import { useEffect, useState, type RefObject } from 'react'

/** Full screen for one element (the player with its controls); Esc or the toggle leaves it. */
export function useFullscreen(target: RefObject<HTMLElement | null>) {
  const [on, setOn] = useState(false)
  useEffect(() => {
    const changed = (): void => setOn(document.fullscreenElement !== null && document.fullscreenElement === target.current)
    document.addEventListener('fullscreenchange', changed)
    return () => document.removeEventListener('fullscreenchange', changed)
  }, [target])
  const toggle = (): void => {
    if (document.fullscreenElement) void document.exitFullscreen()
    else void target.current?.requestFullscreen().catch((err: unknown) => console.warn('full screen refused:', err))
  }
  return { on, toggle }
}
