import { useEffect, useState } from 'react'
import type { PrelabelConfidence } from '../../../../shared/confidence'
import type { ReviewSettings } from '../../../../shared/api/review'
import { percent } from './confidenceMarks'

type Props = {
  confidence: PrelabelConfidence | undefined
  settings: ReviewSettings
  onSave: (next: ReviewSettings) => Promise<string | null>
}

const asPercent = (p: number): string => String(Math.round(p * 100))
/** A typed percentage as a probability, or null when it is not a number from 0 to 100. */
function fromPercent(text: string): number | null {
  const value = Number(text)
  return text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100 ? null : value / 100
}

/** The pre-label's confidence in one line, and the project's settings: when to mark a field, and auto-accept. */
export function ConfidenceSummary({ confidence, settings, onSave }: Props) {
  const [markBelow, setMarkBelow] = useState(asPercent(settings.markBelow))
  const [acceptOn, setAcceptOn] = useState(settings.autoAccept !== null)
  const [above, setAbove] = useState(asPercent(settings.autoAccept?.above ?? 0.95))
  const [audit, setAudit] = useState(asPercent(settings.autoAccept?.auditShare ?? 0.1))
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    setMarkBelow(asPercent(settings.markBelow))
    setAcceptOn(settings.autoAccept !== null)
    if (settings.autoAccept) {
      setAbove(asPercent(settings.autoAccept.above))
      setAudit(asPercent(settings.autoAccept.auditShare))
    }
  }, [settings])
  if (!confidence) return null
  if (confidence.status === 'none') return <p className="muted confidence-summary">No confidence: {confidence.reason}</p>

  const save = async (): Promise<void> => {
    const mark = fromPercent(markBelow)
    const accept = fromPercent(above)
    const share = fromPercent(audit)
    if (mark === null || (acceptOn && (accept === null || share === null))) return setProblem('Give percentages from 0 to 100.')
    setProblem(await onSave({ markBelow: mark, autoAccept: acceptOn ? { above: accept!, auditShare: share! } : null }))
  }
  const number = (id: string, value: string, set: (v: string) => void, disabled = false) => (
    <input id={id} type="number" min={0} max={100} value={value} disabled={disabled} onChange={(e) => set(e.target.value)} />
  )
  return (
    <form
      className="confidence-summary"
      data-testid="confidence-summary"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <span>Least sure field: {confidence.min === null ? '—' : percent(confidence.min)}</span>
      <details>
        <summary>Confidence settings</summary>
        <label htmlFor="mark-below">Mark fields below</label> {number('mark-below', markBelow, setMarkBelow)} %
        <label>
          <input type="checkbox" checked={acceptOn} onChange={(e) => setAcceptOn(e.target.checked)} /> Pre-accept confident fields
        </label>
        <label htmlFor="accept-above">at or above</label> {number('accept-above', above, setAbove, !acceptOn)} %
        <label htmlFor="audit-share">audit (full review of)</label> {number('audit-share', audit, setAudit, !acceptOn)} % of clips
        <button type="submit" className="small">
          Save for this project
        </button>
      </details>
      {problem && (
        <span role="alert" className="field-issues blocking">
          {problem}
        </span>
      )}
    </form>
  )
}
