import { percent, splitAtSpans, type FieldMark } from './confidenceMarks'

/** What a screen reader hears on a marked control, and what hovering the mark shows. */
export function markDescription(mark: FieldMark | undefined): string | undefined {
  return mark?.low ? `The model was unsure of this value: ${percent(mark.p)} confidence` : undefined
}

/** "Unsure" beside a field's label, with the model's confidence on hover; "accepted" on a pre-accepted one. */
export function ConfidenceBadge({ mark, name }: { mark: FieldMark | undefined; name: string }) {
  if (mark?.accepted) {
    const why = `Pre-accepted: the model was ${percent(mark.p)} sure. Approve needs no look; change it if it is wrong.`
    return (
      <span className="accepted-badge" data-testid={`accepted-${name}`} title={why} aria-label={why}>
        ✓ accepted
      </span>
    )
  }
  if (!mark?.low) return null
  return (
    <span className="confidence-badge" data-testid={`unsure-${name}`} data-p={mark.p} title={markDescription(mark)}>
      unsure
    </span>
  )
}

/** The pre-label's text with its low-probability words underlined, each with its probability on hover. */
export function LowWords({ text, mark, testId }: { text: string; mark: FieldMark | undefined; testId: string }) {
  if (!mark || mark.spans.length === 0) return null
  return (
    <p className="low-words" data-testid={testId}>
      <span className="muted">unsure words: </span>
      {splitAtSpans(text, mark.spans).map((part, i) =>
        part.p === null ? (
          <span key={i}>{part.text}</span>
        ) : (
          <u key={i} className="low-word" title={`${percent(part.p)} likely`} aria-description={`${percent(part.p)} likely`}>
            {part.text}
          </u>
        )
      )}
    </p>
  )
}
