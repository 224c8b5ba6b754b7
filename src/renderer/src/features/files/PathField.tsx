import { useRef, useState } from 'react'
import type { PickRequest } from '../../../../shared/api/files'
import { errorMessage } from '../../api'
import type { PathPick } from './picks'
import { usePicker } from './usePicker'

type Props = {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  /** One button each, e.g. "Choose folder…" and "Choose CSV…". */
  picks: PathPick[]
}

/** A server path: typed (the host still checks it against its roots) or picked with a button. */
export function PathField({ id, label, value, onChange, placeholder, picks }: Props) {
  const { pick, dialog } = usePicker()
  const [error, setError] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)

  async function browse(request: PickRequest): Promise<void> {
    setError(null)
    try {
      const picked = await pick(request)
      if (picked !== null) onChange(picked)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      input.current?.focus()
    }
  }

  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input ref={input} id={id} className="grow" value={value} placeholder={placeholder} spellCheck={false} onChange={(e) => onChange(e.target.value)} />
      {picks.map(({ text, request }) => (
        <button key={text} type="button" className="small" onClick={() => void browse(request)}>
          {text}
        </button>
      ))}
      {error && (
        <span role="alert" className="error-text">
          {error}
        </span>
      )}
      {dialog}
    </>
  )
}
