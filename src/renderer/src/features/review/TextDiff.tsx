import { memo } from 'react'
import { textChanged, wordDiff } from '../../lib/wordDiff'

type Props = { model: string | undefined; value: string; testId: string }

/** The word-level difference between the model's pre-label text and the current text; nothing when equal. Memoised: an edit re-diffs only its own field. */
export const TextDiff = memo(function TextDiff({ model, value, testId }: Props) {
  if (model === undefined || !textChanged(model, value)) return null
  return (
    <p className="text-diff" data-testid={testId}>
      <span className="muted">vs model: </span>
      {wordDiff(model, value).map((part, i) =>
        part.kind === 'same' ? <span key={i}>{part.text}</span> : part.kind === 'added' ? <ins key={i}>{part.text}</ins> : <del key={i}>{part.text}</del>
      )}
    </p>
  )
})
