import { useState, type FormEvent } from 'react'
import { TEXT_FIELDS } from '../../../../shared/caption'
import type { ClipDetail, ClipReview } from '../../../../shared/contract'
import { textChanged, wordDiff } from '../../lib/wordDiff'
import { describeChanges, FIELD_LABELS } from './captionChanges'

/** What the reviewer changed from the caption as sent: one line per field, and the words of each edited text. */
export function ReviewerChanges({ review }: { review: ClipReview }) {
  const [sent, decided] = [review.submittedCaption, review.decidedCaption]
  if (!decided) return null
  const lines = describeChanges({ caption: sent, status: 'returned' }, { caption: decided, status: 'returned' })
  return (
    <div data-testid="reviewer-changes">
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {TEXT_FIELDS.filter((f) => textChanged(sent[f], decided[f])).map((f) => (
        <p key={f} className="text-diff">
          <span className="muted">{FIELD_LABELS[f]}: </span>
          {wordDiff(sent[f], decided[f]).map((part, i) =>
            part.kind === 'same' ? <span key={i}>{part.text}</span> : part.kind === 'added' ? <ins key={i}>{part.text}</ins> : <del key={i}>{part.text}</del>
          )}
        </p>
      ))}
    </div>
  )
}

/** On a clip returned to its annotator: who returned it, their comment and what they changed. */
export function ReturnedBanner({ detail }: { detail: ClipDetail }) {
  const review = detail.review
  if (detail.clip.status !== 'returned' || review?.state !== 'returned') return null
  return (
    <div className="banner info review-returned" role="status" data-testid="returned-banner">
      <p>
        <strong>Returned by {review.reviewer ?? 'a reviewer'}:</strong> <span data-testid="return-comment">{review.comment}</span>
      </p>
      <ReviewerChanges review={review} />
      <p className="muted">Fix it, then press Send to review.</p>
    </div>
  )
}

type DecisionProps = {
  review: ClipReview
  busy: boolean
  onApprove: () => void
  onReturn: (comment: string) => void
}

/** A reviewer's choice on a clip in review: approve it as it now is, or return it with a comment (their edits go with either). */
export function ReviewDecision({ review, busy, onApprove, onReturn }: DecisionProps) {
  const [returning, setReturning] = useState(false)
  const [comment, setComment] = useState('')
  const send = (e: FormEvent): void => {
    e.preventDefault()
    if (comment.trim()) onReturn(comment.trim())
  }
  return (
    <div className="banner info review-decision" data-testid="review-decision">
      <p>
        In review: sent by {review.submittedBy} (revision #{review.submittedNumber}). Your edits are saved as you go and go with your decision.
      </p>
      <div className="actions">
        <button type="button" className="approve" disabled={busy} onClick={onApprove}>
          Approve review
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => setReturning(true)}>
          Return…
        </button>
      </div>
      {returning && (
        <form onSubmit={send} className="review-return">
          <label htmlFor="return-comment">What should {review.submittedBy} change?</label>
          <textarea id="return-comment" value={comment} maxLength={2000} rows={3} onChange={(e) => setComment(e.target.value)} autoFocus />
          <div className="actions">
            <button type="submit" disabled={busy || !comment.trim()}>
              Return to {review.submittedBy}
            </button>
            <button type="button" onClick={() => setReturning(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
