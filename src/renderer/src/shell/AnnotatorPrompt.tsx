import { useState, type FormEvent } from 'react'

type Props = { initial: string; onSave: (name: string) => void; onCancel?: () => void }

/** Inline prompt for the annotator's name; shown until one is set. */
export function AnnotatorPrompt({ initial, onSave, onCancel }: Props) {
  const [name, setName] = useState(initial)
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (name.trim()) onSave(name)
  }
  return (
    <form className="banner info annotator-prompt" onSubmit={submit}>
      <span>Who is annotating? Your name is stored with every revision.</span>
      <label htmlFor="annotator-name">Annotator name</label>
      <input id="annotator-name" value={name} maxLength={100} autoComplete="name" onChange={(e) => setName(e.target.value)} />
      <button type="submit" disabled={!name.trim()}>
        Set name
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </form>
  )
}
