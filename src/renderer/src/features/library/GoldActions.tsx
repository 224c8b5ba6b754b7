import { useState } from 'react'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'

type Props = { ids: number[]; onMessage: (message: { text: string; error: boolean }) => void }

/**
 * Puts the selected clips in the blind gold set (or takes them out). Done here, before anyone
 * opens them: Review then shows a gold clip without its pre-label, so its caption is unanchored.
 */
export function GoldActions({ ids, onMessage }: Props) {
  const project = useProjectScope()
  const [busy, setBusy] = useState(false)
  const mark = (gold: boolean) => {
    setBusy(true)
    project
      .request('gold.mark', { clipIds: ids, gold })
      .then(
        (set) => onMessage({ text: `${set.length.toLocaleString()} clip(s) in the gold set`, error: false }),
        (err: unknown) => onMessage({ text: errorMessage(err), error: true })
      )
      .finally(() => setBusy(false))
  }
  return (
    <>
      <button type="button" className="small" disabled={busy} onClick={() => mark(true)} title="Annotate from scratch in Review, with no pre-label shown">
        Add to gold set
      </button>
      <button type="button" className="small" disabled={busy} onClick={() => mark(false)}>
        Remove from gold set
      </button>
    </>
  )
}
