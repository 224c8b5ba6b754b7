import { useEffect, useRef, useState, type FormEvent } from 'react'

type Props = { initial: string; onFlag: (reason: string) => void; onCancel: () => void }

/** Asks why the clip is flagged; the reason is stored with the revision. */
export function FlagForm({ initial, onFlag, onCancel }: Props) {
  const [reason, setReason] = useState(initial)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (reason.trim()) onFlag(reason.trim())
  }
  return (
    <form className="flag-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), e.stopPropagation(), onCancel())}>
      <label htmlFor="flag-reason">Flag reason</label>
      <input
        ref={input}
        id="flag-reason"
        value={reason}
        maxLength={500}
        placeholder="What is wrong with this clip?"
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" disabled={!reason.trim()}>
        Flag clip
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  )
}
