import { useCallback, useEffect, useState } from 'react'
import type { StructuralCaption } from '../../../../shared/caption'
import type { ClipDetail, ClipStatus, Revision } from '../../../../shared/contract'
import { api, errorMessage, isConflict } from '../../api'
import { sameCaption, startingPoint, type CaptionOrigin } from './draft'

/** One clip under review: its detail, the caption draft, and saving with conflict detection. */
export function useReview(clipId: number) {
  const [detail, setDetail] = useState<ClipDetail | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [origin, setOrigin] = useState<CaptionOrigin>('empty')
  const [base, setBase] = useState<StructuralCaption | null>(null)
  const [draft, setDraft] = useState<StructuralCaption | null>(null)
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState<Revision | null>(null)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [conflict, setConflict] = useState<string | null>(null)

  const load = useCallback(async () => {
    setLoadError(null)
    try {
      const next = await api.request('clips.get', { id: clipId })
      const start = startingPoint(next)
      setDetail(next)
      setOrigin(start.origin)
      setBase(start.caption)
      setDraft(start.caption)
      setSaved(null)
      setSaveError(null)
      setConflict(null)
    } catch (err) {
      setLoadError(errorMessage(err))
    }
  }, [clipId])
  useEffect(() => void load(), [load])

  const save = useCallback(
    async (status: ClipStatus, annotator: string) => {
      if (!detail || !draft) return
      const sent = draft
      setSaving(true)
      setSaveError(null)
      try {
        const revision = await api.request('captions.save', {
          clipId,
          caption: sent,
          status,
          annotator,
          baseNumber: detail.revision?.number ?? 0
        })
        setDetail({ ...detail, revision, clip: { ...detail.clip, status: revision.status } })
        setOrigin('revision')
        setBase(revision.caption)
        // Edits made while the request was in flight stay in the draft (and keep it dirty).
        setDraft((current) => (current === sent ? revision.caption : current))
        setSaved(revision)
      } catch (err) {
        if (isConflict(err)) setConflict(errorMessage(err))
        else setSaveError(errorMessage(err))
      } finally {
        setSaving(false)
      }
    },
    [clipId, detail, draft]
  )

  const dirty = draft !== null && base !== null && !sameCaption(draft, base)
  return { detail, loadError, origin, draft, setDraft, dirty, saving, saved, saveError, conflict, save, reload: load }
}
