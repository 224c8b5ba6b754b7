import { useEffect, useState } from 'react'
import type { PrelabelConfidence } from '../../../../shared/confidence'
import type { ReviewSettings } from '../../../../shared/api/review'
import { percent } from './confidenceMarks'

type Props = {
  confidence: PrelabelConfidence | undefined
  settings: ReviewSettings
  onSave: (next: ReviewSettings) => Promise<string | null>
}

/** The pre-label's confidence in one line, and the project's threshold for marking unsure fields. */
export function ConfidenceSummary({ confidence, settings, onSave }: Props) {
  const [text, setText] = useState(String(Math.round(settings.markBelow * 100)))
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => setText(String(Math.round(settings.markBelow * 100))), [settings.markBelow])
  if (!confidence) return null
  if (confidence.status === 'none') return <p className="muted confidence-summary">No confidence: {confidence.reason}</p>

  const apply = async (): Promise<void> => {
    const value = Number(text)
    if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) return setProblem('Give a percentage from 0 to 100.')
    setProblem(await onSave({ ...settings, markBelow: value / 100 }))
  }
  return (
    <div className="confidence-summary" data-testid="confidence-summary">
      <span>Least sure field: {confidence.min === null ? '—' : percent(confidence.min)}</span>
      <label htmlFor="mark-below">Mark fields below</label>
      <input
        id="mark-below"
        type="number"
        min={0}
        max={100}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => void apply()}
        onKeyDown={(e) => e.key === 'Enter' && void apply()}
      />
      %
      {problem && (
        <span role="alert" className="field-issues blocking">
          {problem}
        </span>
      )}
    </div>
  )
}
