import type { StructuralCaption } from '../../../../shared/caption'
import type { ClipDetail, ClipStatus, Revision } from '../../../../shared/contract'
import { sameCaption, startingPoint, statusForSave, type CaptionOrigin } from './draft'

export interface Conflict {
  message: string
  latestNumber: number | null
  /** What the refused save asked for, so Overwrite repeats it (an approve stays an approve). */
  status: ClipStatus
  flagReason?: string
}

/** The revision the draft is saved on top of. */
export interface Saved {
  number: number
  caption: StructuralCaption
  status: ClipStatus
}

/** One clip under review: what is shown, what is stored, and how the last save went. */
export interface ReviewState {
  detail: ClipDetail | null
  loadError: string | null
  origin: CaptionOrigin
  draft: StructuralCaption | null
  saved: Saved | null
  saving: boolean
  lastSaved: Revision | null
  saveError: string | null
  conflict: Conflict | null
}

export type ReviewEvent =
  /** The clip read from the host (first load or Reload): the draft starts again from it. */
  | { type: 'loaded'; detail: ClipDetail }
  | { type: 'loadFailed'; message: string }
  | { type: 'edited'; draft: StructuralCaption }
  | { type: 'saveStarted' }
  | { type: 'saved'; revision: Revision }
  /** Someone saved a newer revision: autosave stops until Reload or Overwrite. */
  | { type: 'saveRefused'; conflict: Conflict }
  | { type: 'saveFailed'; message: string }
  /** Overwrite: the draft goes on top of the newer revision. */
  | { type: 'overwriting'; latestNumber: number }
  | { type: 'reloadFailed'; message: string }

export function initialReview(detail: ClipDetail | null): ReviewState {
  const start = detail && startingPoint(detail)
  return {
    detail,
    loadError: null,
    origin: start?.origin ?? 'empty',
    draft: start?.caption ?? null,
    saved: detail && savedOf(detail),
    saving: false,
    lastSaved: null,
    saveError: null,
    conflict: null
  }
}

/** Pure: the state after one event. */
export function reviewReducer(state: ReviewState, event: ReviewEvent): ReviewState {
  switch (event.type) {
    case 'loaded': {
      const start = startingPoint(event.detail)
      const { detail } = event
      return { ...state, detail, loadError: null, origin: start.origin, draft: start.caption, saved: savedOf(detail), conflict: null, saveError: null }
    }
    case 'loadFailed':
      return { ...state, loadError: event.message }
    case 'edited':
      return { ...state, draft: event.draft }
    case 'saveStarted':
      return { ...state, saving: true, saveError: null }
    case 'saved': {
      const { revision } = event
      // The draft stays: edits typed while the save was in flight are saved next, from this revision.
      const detail = state.detail && { ...state.detail, revision, clip: { ...state.detail.clip, status: revision.status } }
      const saved = { number: revision.number, caption: revision.caption, status: revision.status }
      return { ...state, saving: false, saved, detail, origin: 'revision', lastSaved: revision }
    }
    case 'saveRefused':
      return { ...state, saving: false, conflict: event.conflict }
    case 'saveFailed':
      return { ...state, saving: false, saveError: event.message }
    case 'overwriting':
      return { ...state, conflict: null, saved: state.saved && { ...state.saved, number: event.latestNumber } }
    case 'reloadFailed':
      return { ...state, saveError: event.message }
  }
}

export function isDirty(state: ReviewState): boolean {
  return state.draft !== null && state.saved !== null && !sameCaption(state.draft, state.saved.caption)
}

/** What a save does now: nothing to store, refused (not loaded, conflict, no annotator), or send this. */
export type SavePlan = { kind: 'nothing' } | { kind: 'refused' } | { kind: 'send'; caption: StructuralCaption; status: ClipStatus; baseNumber: number }

/**
 * `status` null is an autosave: it stores edits only (opening a clip and moving on leaves its
 * status alone) and moves an unreviewed clip to in progress.
 */
export function planSave(state: ReviewState, status: ClipStatus | null, annotator: string): SavePlan {
  const { saved: base, draft: sent } = state
  if (!base || !sent || state.conflict || !annotator) return { kind: 'refused' }
  const unchanged = sameCaption(sent, base.caption)
  if (status === null && unchanged) return { kind: 'nothing' }
  const target = status ?? statusForSave(base.status)
  // Nothing new to store (a flag always is: its reason may be new).
  if (unchanged && target === base.status && target !== 'flagged') return { kind: 'nothing' }
  return { kind: 'send', caption: sent, status: target, baseNumber: base.number }
}

function savedOf(detail: ClipDetail): Saved {
  return {
    number: detail.revision?.number ?? 0,
    caption: startingPoint(detail).caption,
    status: detail.revision?.status ?? detail.clip.status
  }
}
