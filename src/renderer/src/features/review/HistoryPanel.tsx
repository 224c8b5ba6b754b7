import { forwardRef } from 'react'
import type { StructuralCaption } from '../../../../shared/caption'
import type { Prelabel, Revision } from '../../../../shared/contract'
import { formatTimestamp } from '../../lib/format'
import { describeChanges } from './captionChanges'

type Props = {
  /** Newest first. */
  revisions: Revision[] | null
  error: string | null
  prelabel: Prelabel | null
  disabled: boolean
  onRestore: (caption: StructuralCaption, number: number) => void
}

/** Every revision of the clip: who, when, what changed from the one before; any older one can be restored. */
export const HistoryPanel = forwardRef<HTMLElement, Props>(function HistoryPanel({ revisions, error, prelabel, disabled, onRestore }, ref) {
  return (
    <section className="history" aria-label="History" tabIndex={-1} ref={ref}>
      <h3>
        History <kbd aria-hidden="true">H</kbd>
      </h3>
      {error && <p className="error-text">Cannot load the history: {error}</p>}
      {revisions && revisions.length === 0 && <p className="muted">No revisions yet: the first change is saved as revision #1.</p>}
      <ol className="revisions" data-testid="history">
        {revisions?.map((revision, i) => {
          const before = revisions[i + 1] ?? null
          // The first revision is compared with the pre-label it started from.
          const changes = before
            ? describeChanges(before, revision)
            : [
                ...describeChanges(null, revision),
                ...(prelabel ? describeChanges({ caption: prelabel.caption, status: revision.status }, revision) : [])
              ].filter((line) => line !== 'No changes')
          return (
            <li key={revision.id} data-testid={`revision-${revision.number}`}>
              <div className="revision-head">
                <strong>#{revision.number}</strong> <span>{revision.annotator}</span>{' '}
                <time className="muted" dateTime={revision.createdAt}>
                  {formatTimestamp(revision.createdAt)}
                </time>
                {i > 0 && (
                  <button
                    type="button"
                    className="small"
                    disabled={disabled}
                    aria-label={`Restore revision ${revision.number}`}
                    onClick={() => onRestore(revision.caption, revision.number)}
                  >
                    Restore
                  </button>
                )}
              </div>
              <ul className="changes">
                {changes.map((line, k) => (
                  <li key={k}>{line}</li>
                ))}
                {revision.status === 'flagged' && revision.flagReason && <li>Flag reason: {revision.flagReason}</li>}
              </ul>
            </li>
          )
        })}
      </ol>
    </section>
  )
})
