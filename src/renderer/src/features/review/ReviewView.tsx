import { useEffect, type KeyboardEvent } from 'react'
import type { ClipStatus } from '../../../../shared/contract'
import { baseName, STATUS_LABELS } from '../../lib/format'
import { CaptionForm } from './CaptionForm'
import { ClipMedia } from './ClipMedia'
import { FusionPanel } from './FusionPanel'
import { statusForSave } from './draft'
import { PrelabelPanel } from './PrelabelPanel'
import { SaveBar } from './SaveBar'
import { useReview } from './useReview'

type Props = {
  clipId: number | null
  annotator: string
  onDirtyChange: (dirty: boolean) => void
  onOpenLibrary: () => void
}

export function ReviewView({ clipId, onOpenLibrary, ...rest }: Props) {
  if (clipId == null) {
    return (
      <div className="pad">
        <p className="muted">No clip selected.</p>
        <button type="button" onClick={onOpenLibrary}>
          Pick a clip in the Library
        </button>
      </div>
    )
  }
  return <ClipReview clipId={clipId} {...rest} />
}

function ClipReview({ clipId, annotator, onDirtyChange }: Omit<Props, 'onOpenLibrary'> & { clipId: number }) {
  const review = useReview(clipId)
  const { detail, draft, dirty } = review

  useEffect(() => {
    onDirtyChange(dirty)
    return () => onDirtyChange(false)
  }, [dirty, onDirtyChange])

  // The browser asks before a reload or close would drop unsaved edits.
  useEffect(() => {
    if (!dirty) return
    const warn = (event: BeforeUnloadEvent): void => event.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])

  if (review.loadError) {
    return (
      <div role="alert" className="banner error">
        Cannot load clip {clipId}: {review.loadError}
      </div>
    )
  }
  if (!detail || !draft) return <p className="muted pad">Loading clip…</p>

  const save = (status: ClipStatus): void => {
    if (annotator && !review.saving) void review.save(status, annotator)
  }
  const onKeyDown = (event: KeyboardEvent): void => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault()
      save(statusForSave(detail.clip.status))
    }
  }

  return (
    <div className="review">
      <div className="review-media">
        <h2 className="clip-title">
          <span data-testid="clip-name">{baseName(detail.clip.path)}</span>
          <span className={`badge ${detail.clip.status}`} data-testid="clip-status">
            {STATUS_LABELS[detail.clip.status]}
          </span>
        </h2>
        <ClipMedia clip={detail.clip} />
        <PrelabelPanel prelabel={detail.prelabel} />
      </div>
      <div className="review-editor" role="group" aria-label="Caption editor" onKeyDown={onKeyDown}>
        <SaveBar review={review} annotator={annotator} onSave={save} />
        <CaptionForm caption={draft} onChange={review.setDraft} />
        <FusionPanel clipId={clipId} annotator={annotator} />
      </div>
    </div>
  )
}
