import { useEffect, useState } from 'react'
import { errorMessage } from '../../api'
import { useCaller } from '../../lib/caller'
import { useProjectScope } from '../../lib/projectContext'

/** A person of a team with no clip open: N (or the button) takes the first clip of their queue. */
export function TakeFromQueue({ onOpenClip }: { onOpenClip: (clipId: number) => void }) {
  const scope = useProjectScope()
  const team = useCaller()?.kind === 'person'
  const [notice, setNotice] = useState<string | null>(null)
  const take = (): void => {
    scope.request('queue.next', {}).then(
      (lease) => (lease ? onOpenClip(lease.clipId) : setNotice('Every clip left is done or held by someone else.')),
      (err: unknown) => setNotice(`Cannot take a clip: ${errorMessage(err)}`)
    )
  }
  useEffect(() => {
    if (!team) return
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'n' || event.ctrlKey || event.metaKey || event.altKey || event.target instanceof HTMLInputElement) return
      event.preventDefault()
      take()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })
  if (!team) return null
  return (
    <p>
      <button type="button" onClick={take}>
        Take the next clip <kbd aria-hidden="true">N</kbd>
      </button>{' '}
      {notice && <span role="status">{notice}</span>}
    </p>
  )
}
