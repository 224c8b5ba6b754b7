import { useCallback, useEffect, useRef, useState } from 'react'
import { TEXT_FIELDS, SUBJECT_TEXT_FIELDS, type StructuralCaption } from '../../../../shared/caption'
import type { ClipDetail, ClipStatus, Revision } from '../../../../shared/contract'
import { ApiError } from '../../../../shared/errors'
import { api, errorMessage, isConflict } from '../../api'
import { useProjectScope } from '../../lib/projectContext'
import type { ProjectScope, StoreKind } from '../../lib/projectScope'
import { changedPaths } from './captionChanges'
import { sameCaption, startingPoint, statusForSave, type CaptionOrigin } from './draft'
import { fetchDetail, forgetDetail, peekDetail } from './preload'
import { UndoHistory } from './undoHistory'

/** Autosave this long after the last change. */
const AUTOSAVE_MS = 1000

// Undo stacks live while the project is open, per clip, so coming back to a clip can still undo.
const HISTORIES: StoreKind<Map<number, UndoHistory<StructuralCaption>>> = { make: () => new Map() }
function historyOf(scope: ProjectScope, clipId: number): UndoHistory<StructuralCaption> {
  const histories = scope.store(HISTORIES)
  let h = histories.get(clipId)
  if (!h) histories.set(clipId, (h = new UndoHistory<StructuralCaption>()))
  return h
}

const TEXT_PATH = new RegExp(`^(${TEXT_FIELDS.join('|')}|subjects\\.\\d+\\.(${SUBJECT_TEXT_FIELDS.join('|')}|TYPES\\.type|TYPES\\.sub_type))$`)

/** Typing in one text field coalesces into one undo step; anything else is a step of its own. */
function undoKey(before: StructuralCaption, after: StructuralCaption): string | null {
  const paths = changedPaths(before, after)
  return paths.length === 1 && TEXT_PATH.test(paths[0]) ? paths[0] : null
}

export interface Conflict {
  message: string
  latestNumber: number | null
  /** What the refused save asked for, so Overwrite repeats it (an approve stays an approve). */
  status: ClipStatus
  flagReason?: string
}

interface Saved {
  number: number
  caption: StructuralCaption
  status: ClipStatus
}

/**
 * One clip under review: its detail, the caption draft with undo/redo, and saving. Every change
 * is saved as a revision AUTOSAVE_MS after the last one, and at once when the clip is left.
 * Saves run one at a time, each from the revision the previous one made; a revision saved
 * elsewhere meanwhile is a conflict, which stops autosave until the annotator picks Reload or Overwrite.
 */
export function useReview(clipId: number, annotator: string) {
  const scope = useProjectScope()
  const [initial] = useState(() => peekDetail(scope, clipId) ?? null)
  const [detail, setDetail] = useState<ClipDetail | null>(initial)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [origin, setOrigin] = useState<CaptionOrigin>(() => (initial ? startingPoint(initial).origin : 'empty'))
  const [draft, setDraftState] = useState<StructuralCaption | null>(() => (initial ? startingPoint(initial).caption : null))
  const [saved, setSaved] = useState<Saved | null>(() => (initial ? savedOf(initial) : null))
  const [saving, setSaving] = useState(false)
  const [lastSaved, setLastSaved] = useState<Revision | null>(null)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [conflict, setConflict] = useState<Conflict | null>(null)
  const [undoVersion, setUndoVersion] = useState(0)

  // Saves read the latest values when they run, not when they were scheduled.
  const draftRef = useRef(draft)
  const savedRef = useRef(saved)
  const conflictRef = useRef(conflict)
  const annotatorRef = useRef(annotator)
  const chain = useRef<Promise<unknown>>(Promise.resolve())
  draftRef.current = draft
  savedRef.current = saved
  conflictRef.current = conflict
  annotatorRef.current = annotator
  const undo = historyOf(scope, clipId)

  const show = useCallback((next: ClipDetail) => {
    const start = startingPoint(next)
    setDetail(next)
    setOrigin(start.origin)
    setSaved((savedRef.current = savedOf(next)))
    setDraftState((draftRef.current = start.caption))
    setConflict((conflictRef.current = null))
    setSaveError(null)
  }, [])

  const load = useCallback(async () => {
    setLoadError(null)
    try {
      show(await fetchDetail(scope, clipId))
    } catch (err) {
      setLoadError(errorMessage(err))
    }
  }, [scope, clipId, show])
  useEffect(() => {
    if (initial) forgetDetail(scope, clipId)
    else void load()
  }, [initial, load, scope, clipId])

  const setDraft = useCallback(
    (next: StructuralCaption) => {
      const current = draftRef.current
      if (!current || sameCaption(current, next)) return
      undo.record(current, undoKey(current, next), Date.now())
      setDraftState((draftRef.current = next))
      setUndoVersion((v) => v + 1)
    },
    [undo]
  )

  const runSave = useCallback(
    async (status: ClipStatus | null, flagReason?: string): Promise<boolean> => {
      const base = savedRef.current
      const sent = draftRef.current
      // A closed project's edits must not be saved: the host may have another project open by now.
      if (!base || !sent || conflictRef.current || !annotatorRef.current || scope.closed) return false
      const unchanged = sameCaption(sent, base.caption)
      // An autosave stores edits only: opening a clip and moving on leaves its status alone.
      if (status === null && unchanged) return true
      const target = status ?? statusForSave(base.status)
      // Nothing new to store (a flag always is: its reason may be new).
      if (unchanged && target === base.status && target !== 'flagged') return true
      setSaving(true)
      setSaveError(null)
      try {
        const revision = await api.request('captions.save', {
          clipId,
          caption: sent,
          status: target,
          annotator: annotatorRef.current,
          baseNumber: base.number,
          flagReason
        })
        setSaved((savedRef.current = { number: revision.number, caption: revision.caption, status: revision.status }))
        setDetail((d) => d && { ...d, revision, clip: { ...d.clip, status: revision.status } })
        setOrigin('revision')
        setLastSaved(revision)
        return true
      } catch (err) {
        if (isConflict(err)) {
          const details = err instanceof ApiError ? (err.details as { latestNumber?: number } | undefined) : undefined
          setConflict((conflictRef.current = { message: errorMessage(err), latestNumber: details?.latestNumber ?? null, status: target, flagReason }))
        } else setSaveError(errorMessage(err))
        return false
      } finally {
        setSaving(false)
      }
    },
    [scope, clipId]
  )

  /**
   * Queues a save after any in flight; true once the draft is stored (or nothing needed storing).
   * `status` null: an autosave that keeps the status (an unreviewed clip becomes in progress).
   */
  const save = useCallback(
    (status: ClipStatus | null = null, flagReason?: string): Promise<boolean> => {
      const next = chain.current.then(() => runSave(status, flagReason))
      chain.current = next.catch(() => undefined)
      return next
    },
    [runSave]
  )

  const dirty = draft !== null && saved !== null && !sameCaption(draft, saved.caption)

  // Debounced autosave; paused while a conflict waits for the annotator.
  useEffect(() => {
    if (!dirty || conflict || !annotator) return
    const timer = setTimeout(() => void save(), AUTOSAVE_MS)
    return () => clearTimeout(timer)
  }, [draft, dirty, conflict, annotator, save])

  // Leaving the clip (or the page) saves what is pending right away.
  const saveRef = useRef(save)
  saveRef.current = save
  useEffect(() => () => void saveRef.current(), [])
  useEffect(() => {
    if (!dirty) return
    const flush = (event: BeforeUnloadEvent): void => {
      void saveRef.current()
      event.preventDefault()
    }
    window.addEventListener('beforeunload', flush)
    return () => window.removeEventListener('beforeunload', flush)
  }, [dirty])

  const applyUndo = useCallback(
    (direction: 'undo' | 'redo') => {
      const current = draftRef.current
      if (!current) return
      const next = direction === 'undo' ? undo.undo(current) : undo.redo(current)
      if (next) setDraftState((draftRef.current = next))
      setUndoVersion((v) => v + 1)
    },
    [undo]
  )

  /** Takes the newer revision from the host; the edits shown until now stay one undo away. */
  const reload = useCallback(async () => {
    const mine = draftRef.current
    try {
      const fresh = await api.request('clips.get', { id: clipId })
      show(fresh)
      if (mine && !sameCaption(mine, startingPoint(fresh).caption)) undo.record(mine, null, Date.now())
      setUndoVersion((v) => v + 1)
    } catch (err) {
      setSaveError(errorMessage(err))
    }
  }, [clipId, show, undo])

  /** Saves this draft over the newer revision: a new revision on top of it, nothing is deleted. */
  const overwrite = useCallback(async () => {
    const refused = conflictRef.current
    if (!refused) return false
    const latest = refused.latestNumber ?? (await api.request('clips.get', { id: clipId })).revision?.number ?? 0
    const base = savedRef.current
    if (base) setSaved((savedRef.current = { ...base, number: latest }))
    setConflict((conflictRef.current = null))
    return save(refused.status, refused.flagReason)
  }, [clipId, save])

  /** Puts an older caption back as the draft and saves it as a new revision. */
  const restore = useCallback(
    (caption: StructuralCaption) => {
      setDraft(caption)
      return save(null)
    },
    [setDraft, save]
  )

  return {
    clipId,
    detail,
    loadError,
    origin,
    draft,
    setDraft,
    dirty,
    saving,
    saved,
    lastSaved,
    saveError,
    conflict,
    save,
    reload,
    overwrite,
    restore,
    undo: () => applyUndo('undo'),
    redo: () => applyUndo('redo'),
    canUndo: undoVersion >= 0 && undo.canUndo,
    canRedo: undoVersion >= 0 && undo.canRedo
  }
}

export type Review = ReturnType<typeof useReview>

function savedOf(detail: ClipDetail): Saved {
  return {
    number: detail.revision?.number ?? 0,
    caption: startingPoint(detail).caption,
    status: detail.revision?.status ?? detail.clip.status
  }
}
