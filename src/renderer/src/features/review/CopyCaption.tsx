import { useState } from 'react'
import { serializeCaption, type StructuralCaption } from '../../../../shared/caption'
import { errorMessage } from '../../api'

/** Copies the caption on screen as the model's JSON, e.g. to paste into a bug report or another tool. */
export function CopyCaption({ caption }: { caption: StructuralCaption }) {
  const [result, setResult] = useState<string | null>(null)

  async function copy(): Promise<void> {
    try {
      // a page served over plain http from another machine has no clipboard
      if (!navigator.clipboard) throw new Error('this page may not use the clipboard (it needs the desktop app, https or localhost)')
      await navigator.clipboard.writeText(serializeCaption(caption))
      setResult('Caption copied')
    } catch (err) {
      setResult(`Cannot copy: ${errorMessage(err)}`)
    }
  }

  return (
    <>
      <button type="button" onClick={() => void copy()} title="Copy the caption as JSON">
        Copy caption
      </button>
      {result && (
        <span className="muted" role="status" data-testid="copy-result">
          {result}
        </span>
      )}
    </>
  )
}
