import { useEffect, useRef } from 'react'

type Props = { onDiscard: () => void; onKeep: () => void }

/** Asks before leaving a clip with unsaved edits. */
export function DiscardDialog({ onDiscard, onKeep }: Props) {
  const keep = useRef<HTMLButtonElement>(null)
  useEffect(() => keep.current?.focus(), [])
  return (
    <div className="overlay">
      <div role="alertdialog" aria-modal="true" aria-labelledby="discard-title" className="dialog" onKeyDown={(e) => e.key === 'Escape' && onKeep()}>
        <h2 id="discard-title">Unsaved changes</h2>
        <p>This clip has edits that are not saved. Leave and discard them?</p>
        <div className="actions">
          <button ref={keep} type="button" onClick={onKeep}>
            Keep editing
          </button>
          <button type="button" className="danger" onClick={onDiscard}>
            Discard changes
          </button>
        </div>
      </div>
    </div>
  )
}
