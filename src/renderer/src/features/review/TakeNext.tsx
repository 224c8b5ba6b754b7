import { useEffect, useState } from 'react'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'

/** Review with no clip open, for a person of a team: N (or the button) takes the first clip of their queue. */
export function TakeNext({ onOpenClip }: { onOpenClip: (clipId: number) => void }) {
  const scope = useProjectScope()
  const [notice, setNotice] = useState<string | null>(null)
  const take = (): void => {
    setNotice(null)
    scope.request('queue.next', {}).then(
      (next) => (next ? onOpenClip(next.clipId) : setNotice('Every clip left is done or held by someone else.')),
      (err: unknown) => setNotice(`Cannot take the next clip: ${errorMessage(err)}`)
    )
  }
  // subscribed again each render, so the key always runs the current take
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'n' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement) return
      event.preventDefault()
      take()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })
  return (
    <>
      <button type="button" onClick={take}>
        Take the next clip <kbd aria-hidden="true">N</kbd>
      </button>
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
    </>
  )
}
