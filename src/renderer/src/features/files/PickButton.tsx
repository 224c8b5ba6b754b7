import { useRef, useState } from 'react'
import type { PickRequest } from '../../../../shared/api/files'
import { errorMessage } from '../../api'
import { usePicker } from './usePicker'

type Props = { text: string; request: PickRequest; onPick: (path: string) => void }

/** Picks a server path for the text box beside it (which still takes a typed path; the host checks either against its roots). */
export function PickButton({ text, request, onPick }: Props) {
  const { pick, dialog } = usePicker()
  const [error, setError] = useState<string | null>(null)
  const button = useRef<HTMLButtonElement>(null)

  async function browse(): Promise<void> {
    setError(null)
    try {
      const picked = await pick(request)
      if (picked !== null) onPick(picked)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      // a closed dialog gives focus back to what opened it
      button.current?.focus()
    }
  }

  return (
    <>
      <button ref={button} type="button" className="small" onClick={() => void browse()}>
        {text}
      </button>
      {error && (
        <span role="alert" className="error-text">
          {error}
        </span>
      )}
      {dialog}
    </>
  )
}
