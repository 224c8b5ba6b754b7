import { useCallback, useEffect, useRef, useState } from 'react'
import { TEXT_FIELDS, SUBJECT_TEXT_FIELDS, type StructuralCaption } from '../../../../shared/caption'
import type { ReviewRecord } from '../../../../shared/autoAccept'
import type { ClipStatus } from '../../../../shared/contract'
import { ApiError } from '../../../../shared/errors'
import { errorMessage, isConflict } from '../../api'
import { useProjectScope } from '../../lib/projectContext'
import type { ProjectScope, StoreKind } from '../../lib/projectScope'
import { changedPaths } from './captionChanges'
import { sameCaption, startingPoint } from './draft'
import { fetchDetail, forgetDetail, peekDetail } from './preload'
import { initialReview, isDirty, planSave, reviewReducer, type ReviewEvent, type ReviewState } from './saveChain'
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

export type { Conflict } from './saveChain'

/**
 * One clip under review: its detail, the caption draft with undo/redo, and saving. Every change
 * is saved as a revision AUTOSAVE_MS after the last one, and at once when the clip is left.
 * Saves run one at a time, each from the revision the previous one made; a revision saved
 * elsewhere meanwhile is a conflict, which stops autosave until the annotator picks Reload or Overwrite.
 * The state moves by reviewReducer (saveChain.ts); this hook does the requests and the timing.
 */
export function useReview(clipId: number, annotator: string, recordFor?: (saved: StructuralCaption) => ReviewRecord | undefined) {
  const scope = useProjectScope()
  const [initial] = useState(() => peekDetail(scope, clipId) ?? null)
  const [state, setState] = useState(() => initialReview(initial))
  // Saves read the latest state when they run, not when they were scheduled: the reducer's
  // result is kept here at once, before React renders it.
  const stateRef = useRef<ReviewState>(state)
  const dispatch = useCallback((event: ReviewEvent) => setState((stateRef.current = reviewReducer(stateRef.current, event))), [])
  const annotatorRef = useRef(annotator)
  // Read when a save runs: the plan arrives with the clip and the project's settings.
  const recordRef = useRef(recordFor)
  recordRef.current = recordFor
  const chain = useRef<Promise<unknown>>(Promise.resolve())
  annotatorRef.current = annotator
  const undo = historyOf(scope, clipId)

  const load = useCallback(async () => {
    try {
      dispatch({ type: 'loaded', detail: await fetchDetail(scope, clipId) })
    } catch (err) {
      dispatch({ type: 'loadFailed', message: errorMessage(err) })
    }
  }, [scope, clipId, dispatch])
  useEffect(() => {
    if (initial) forgetDetail(scope, clipId)
    else void load()
  }, [initial, load, scope, clipId])

  const setDraft = useCallback(
    (next: StructuralCaption) => {
      const current = stateRef.current.draft
      if (!current || sameCaption(current, next)) return
      undo.record(current, undoKey(current, next), Date.now())
      dispatch({ type: 'edited', draft: next })
    },
    [undo, dispatch]
  )

  const runSave = useCallback(
    async (status: ClipStatus | null, flagReason?: string): Promise<boolean> => {
      // A closed project's edits must not be saved: the host may have another project open by now.
      if (scope.closed) return false
      const plan = planSave(stateRef.current, status, annotatorRef.current)
      if (plan.kind !== 'send') return plan.kind === 'nothing'
      dispatch({ type: 'saveStarted' })
      try {
        const { caption, status: target, baseNumber } = plan
        const review = recordRef.current?.(caption)
        const revision = await scope.request('captions.save', {
          clipId,
          caption,
          status: target,
          annotator: annotatorRef.current,
          baseNumber,
          flagReason,
          review
        })
        dispatch({ type: 'saved', revision })
        return true
      } catch (err) {
        const details = err instanceof ApiError ? (err.details as { latestNumber?: number; heldBy?: string | null } | undefined) : undefined
        // a clip another person holds is no newer revision: Reload or Overwrite cannot help, the message names the holder
        const held = details !== undefined && 'heldBy' in details
        if (isConflict(err) && !held) {
          dispatch({
            type: 'saveRefused',
            conflict: { message: errorMessage(err), latestNumber: details?.latestNumber ?? null, status: plan.status, flagReason }
          })
        } else dispatch({ type: 'saveFailed', message: errorMessage(err) })
        return false
      }
    },
    [scope, clipId, dispatch]
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

  const { draft, conflict } = state
  const dirty = isDirty(state)

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
      const current = stateRef.current.draft
      if (!current) return
      const next = direction === 'undo' ? undo.undo(current) : undo.redo(current)
      // The history changes only with the draft, so this render shows canUndo/canRedo too.
      if (next) dispatch({ type: 'edited', draft: next })
    },
    [undo, dispatch]
  )

  /** Takes the newer revision from the host; the edits shown until now stay one undo away. */
  const reload = useCallback(async () => {
    const mine = stateRef.current.draft
    try {
      const fresh = await scope.request('clips.get', { id: clipId })
      if (mine && !sameCaption(mine, startingPoint(fresh).caption)) undo.record(mine, null, Date.now())
      dispatch({ type: 'loaded', detail: fresh })
    } catch (err) {
      dispatch({ type: 'reloadFailed', message: errorMessage(err) })
    }
  }, [clipId, undo, dispatch])

  /** Saves this draft over the newer revision: a new revision on top of it, nothing is deleted. */
  const overwrite = useCallback(async () => {
    const refused = stateRef.current.conflict
    if (!refused) return false
    const latest = refused.latestNumber ?? (await scope.request('clips.get', { id: clipId })).revision?.number ?? 0
    dispatch({ type: 'overwriting', latestNumber: latest })
    return save(refused.status, refused.flagReason)
  }, [clipId, save, dispatch])

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
    ...state,
    setDraft,
    dirty,
    save,
    reload,
    overwrite,
    restore,
    undo: () => applyUndo('undo'),
    redo: () => applyUndo('redo'),
    canUndo: undo.canUndo,
    canRedo: undo.canRedo
  }
}

export type Review = ReturnType<typeof useReview>
