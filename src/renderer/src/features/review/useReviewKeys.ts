import { useEffect, useRef } from 'react'
import type { PlaybackControls } from './usePlayback'

export interface ReviewActions {
  undo(): void
  redo(): void
  saveNow(): void
  approveAndNext(): void
  nextUnreviewed(): void
  reject(): void
  flag(): void
  toggleSheet(): void
  /** Keys 1-7: the six structural fields, then the first subject. */
  focusField(index: number): void
  focusHistory(): void
  /** Where focus goes when a field is left with Esc. */
  focusRoot(): void
}

/** Fields where keys are text (or pick an option), not shortcuts. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'button', 'submit', 'reset'].includes(target.type)
}

/**
 * The review screen's keyboard: one listener on the window, so shortcuts work wherever focus is,
 * except while typing (Esc leaves the field first). Controls that own a key (a focused button's
 * Space, the scrub bar's arrows, a shot field's digits) keep it.
 */
export function useReviewKeys(player: { current: PlaybackControls | null }, actions: ReviewActions, enabled: boolean): void {
  const latest = useRef(actions)
  latest.current = actions
  useEffect(() => {
    if (!enabled) return
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return
      const a = latest.current
      const p = player.current
      const target = event.target as HTMLElement | null
      const typing = isTextEntry(target)
      const mod = event.ctrlKey || event.metaKey
      const key = event.key

      if (key === 'Escape' && typing) {
        target?.blur()
        a.focusRoot()
        return event.preventDefault()
      }
      if (mod && !event.altKey) {
        const lower = key.toLowerCase()
        if (lower === 's') return (event.preventDefault(), a.saveNow())
        if (typing) return
        if (lower === 'z' && !event.shiftKey) return (event.preventDefault(), a.undo())
        if ((lower === 'z' && event.shiftKey) || lower === 'y') return (event.preventDefault(), a.redo())
        return
      }
      if (typing || event.altKey || mod) return
      const isButton = target instanceof HTMLButtonElement || (target instanceof HTMLInputElement && target.type !== 'range')
      if (isButton && (key === ' ' || key === 'Enter')) return
      if (target instanceof HTMLInputElement && target.type === 'range' && /^(Arrow|Home|End|Page)/.test(key)) return

      const handled = ((): boolean => {
        switch (key) {
          case ' ':
          case 'k':
            p?.toggle()
            return true
          case ',':
            p?.step(-1)
            return true
          case '.':
            p?.step(1)
            return true
          case 'ArrowLeft':
            if (event.shiftKey) p?.step(-10)
            else p?.seekBy(-1)
            return true
          case 'ArrowRight':
            if (event.shiftKey) p?.step(10)
            else p?.seekBy(1)
            return true
          case 'Home':
            p?.seekFrame(0)
            return true
          case 'End':
            p?.seekFrame(Number.MAX_SAFE_INTEGER)
            return true
          case '[':
            p?.changeRate(-1)
            return true
          case ']':
            p?.changeRate(1)
            return true
          case 'l':
            p?.toggleLoop()
            return true
          case 'a':
            a.approveAndNext()
            return true
          case 'n':
            a.nextUnreviewed()
            return true
          case 'r':
            a.reject()
            return true
          case 'f':
            a.flag()
            return true
          case 'h':
            a.focusHistory()
            return true
          case '?':
            a.toggleSheet()
            return true
        }
        if (/^[1-7]$/.test(key)) {
          a.focusField(Number(key) - 1)
          return true
        }
        return false
      })()
      if (handled) event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [player, enabled])
}
