import { formatTimestamp, STATUS_LABELS } from '../../lib/format'
import { CopyCaption } from './CopyCaption'
import { FlagForm } from './FlagForm'
import type { Review } from './useReview'

type Props = {
  review: Review
  annotator: string
  /** Why the last action did not go through (blocking validation, no next clip...). */
  notice: string | null
  flagging: boolean
  /** The project's review stage is on and this is an annotator: done sends the clip to review. */
  sendsToReview: boolean
  onSaveNow: () => void
  onApprove: (next: boolean) => void
  onReject: () => void
  onFlag: () => void
  onFlagReason: (reason: string) => void
  onCancelFlag: () => void
  onNextUnreviewed: () => void
}

/** Where the caption came from, whether it is saved, the status actions, undo/redo, and conflicts. */
export function SaveBar(props: Props) {
  const { review, annotator, notice, flagging } = props
  const { detail, origin, dirty, saving, lastSaved, saveError, conflict, saved } = review
  if (!detail || !saved) return null
  const revision = detail.revision
  const disabled = saving || !annotator || conflict !== null
  const state = saving
    ? 'Saving…'
    : conflict
      ? 'Not saved'
      : dirty
        ? 'Unsaved changes: saving in a moment'
        : lastSaved
          ? `Saved revision #${lastSaved.number}`
          : origin === 'revision'
            ? 'All changes saved'
            : 'No changes yet'

  return (
    <div className="save-bar">
      <p className="origin" data-testid="caption-origin">
        {origin === 'revision' && revision && `Revision #${revision.number} by ${revision.annotator}, ${formatTimestamp(revision.createdAt)}`}
        {origin === 'prelabel' && `From the pre-label (${detail.prelabel?.source.label ?? 'unknown source'}), not yet saved`}
        {origin === 'empty' && 'No pre-label: starting from an empty caption'}
        {saved.status === 'flagged' && revision?.flagReason && <span data-testid="flag-reason"> · flagged: {revision.flagReason}</span>}
      </p>
      <div className="actions">
        <span className="save-state" role="status" data-testid="save-state">
          {state}
        </span>
        <button type="button" onClick={review.undo} disabled={!review.canUndo} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={review.redo} disabled={!review.canRedo} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
        <button type="button" disabled={disabled} onClick={props.onSaveNow} title="Save now (Ctrl+S)">
          Save
        </button>
        {review.draft && <CopyCaption caption={review.draft} />}
      </div>
      <div className="actions status-actions">
        <span className="muted">Status</span>
        <span className={`badge ${saved.status}`}>{STATUS_LABELS[saved.status]}</span>
        <span className="grow" />
        <button type="button" className="approve" disabled={disabled} onClick={() => props.onApprove(false)}>
          {props.sendsToReview ? 'Send to review' : 'Approve'}
        </button>
        <button type="button" className="approve" disabled={disabled} onClick={() => props.onApprove(true)} title="A">
          {props.sendsToReview ? 'Send to review and next' : 'Approve and next'} <kbd aria-hidden="true">A</kbd>
        </button>
        <button type="button" className="danger" disabled={disabled} onClick={props.onReject} title="R">
          Reject <kbd aria-hidden="true">R</kbd>
        </button>
        <button type="button" disabled={disabled} onClick={props.onFlag} title="F">
          Flag… <kbd aria-hidden="true">F</kbd>
        </button>
        <button type="button" disabled={saving} onClick={props.onNextUnreviewed} title="N">
          Next unreviewed <kbd aria-hidden="true">N</kbd>
        </button>
      </div>
      {flagging && <FlagForm initial={revision?.flagReason ?? ''} onFlag={props.onFlagReason} onCancel={props.onCancelFlag} />}
      {!annotator && <p className="banner info">Set your annotator name above to save.</p>}
      {notice && (
        <p role="alert" className="banner info" data-testid="review-notice">
          {notice}
        </p>
      )}
      {conflict && (
        <div role="alert" className="banner error" data-testid="conflict">
          <strong>Not saved: this clip changed elsewhere.</strong> {conflict.message} Autosave is paused. Reload shows the newer revision (your edits stay one
          Undo away); Overwrite saves your version on top of it.
          <div className="actions">
            <button type="button" onClick={() => void review.reload()}>
              Reload
            </button>
            <button type="button" className="danger" onClick={() => void review.overwrite()}>
              Overwrite
            </button>
          </div>
        </div>
      )}
      {saveError && (
        <div role="alert" className="banner error">
          Not saved: {saveError}
        </div>
      )}
    </div>
  )
}
