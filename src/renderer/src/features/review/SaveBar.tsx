import type { ClipStatus } from '../../../../shared/contract'
import { statusForSave } from './draft'
import type { useReview } from './useReview'

type Props = {
  review: ReturnType<typeof useReview>
  annotator: string
  onSave: (status: ClipStatus) => void
}

function time(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}

/** Where the caption came from, whether it is saved, and the Save / Approve / Reject actions. */
export function SaveBar({ review, annotator, onSave }: Props) {
  const { detail, origin, dirty, saving, saved, saveError, conflict } = review
  if (!detail) return null
  const revision = detail.revision
  const disabled = saving || !annotator || conflict !== null

  return (
    <div className="save-bar">
      <p className="origin" data-testid="caption-origin">
        {origin === 'revision' && revision && `Revision #${revision.number} by ${revision.annotator}, ${time(revision.createdAt)}`}
        {origin === 'prelabel' && `From the pre-label (${detail.prelabel?.source.label ?? 'unknown source'}), not yet saved`}
        {origin === 'empty' && 'No pre-label: starting from an empty caption'}
      </p>
      <div className="actions">
        <span className="save-state" role="status" data-testid="save-state">
          {saving ? 'Saving…' : dirty ? 'Unsaved changes' : saved ? `Saved revision #${saved.number}` : ''}
        </span>
        <button type="button" disabled={disabled} onClick={() => onSave(statusForSave(detail.clip.status))}>
          Save
        </button>
        <button type="button" className="approve" disabled={disabled} onClick={() => onSave('approved')}>
          Approve
        </button>
        <button type="button" className="danger" disabled={disabled} onClick={() => onSave('rejected')}>
          Reject
        </button>
      </div>
      {!annotator && <p className="banner info">Set your annotator name above to save.</p>}
      {conflict && (
        <div role="alert" className="banner error" data-testid="conflict">
          <strong>Not saved: this clip changed elsewhere.</strong> {conflict} Reload replaces your edits here
          with the latest version.
          <button type="button" onClick={() => void review.reload()}>
            Reload
          </button>
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
