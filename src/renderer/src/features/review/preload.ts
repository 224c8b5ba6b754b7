import type { ClipDetail } from '../../../../shared/contract'
import type { ClipFrames } from '../../../../shared/api/review'
import type { ProjectScope, StoreKind } from '../../lib/projectScope'
import { preloadVideo } from './videoPool'

interface Preloads {
  details: Map<number, ClipDetail>
  pending: Map<number, Promise<ClipDetail>>
  // Frame timing depends only on the clip file: kept while the project is open (a few KB per clip).
  frames: Map<number, ClipFrames>
  stopListening: () => void
}
const MAX_FRAMES = 200

/**
 * Data of the clips the annotator will open next, fetched while they work on the current one,
 * kept per project (see projectScope.tsx). A preloaded detail is handed out once (then the clip
 * is read fresh again); a clip changed on the host meanwhile is dropped, and any edit still goes
 * through the revision-number check.
 */
const preloads = (scope: ProjectScope): StoreKind<Preloads> => ({
  make: () => {
    const details = new Map<number, ClipDetail>()
    const stopListening = scope.on('clips.changed', ({ ids }) => {
      if (ids === 'all') details.clear()
      else for (const id of ids) details.delete(id)
    })
    return { details, pending: new Map(), frames: new Map(), stopListening }
  },
  close: (store) => store.stopListening()
})
// one kind per scope (the kind object is the store's key), made when the scope first needs it
const kinds = new WeakMap<ProjectScope, StoreKind<Preloads>>()
function stored(scope: ProjectScope): Preloads {
  let kind = kinds.get(scope)
  if (!kind) kinds.set(scope, (kind = preloads(scope)))
  return scope.store(kind)
}

/** Starts fetching a clip's detail, frame timing and video; safe to call repeatedly. */
export function preloadClip(scope: ProjectScope, clipId: number): void {
  void loadDetail(scope, clipId).then(
    (detail) => {
      if (detail.clip.importError || scope.closed) return
      preloadVideo(scope, clipId)
      // One thumbnail makes the host extract all 16 (one ffmpeg run), so the filmstrip is ready too.
      new Image().src = scope.filmstripUrl(clipId, 0)
    },
    () => undefined
  )
  void loadFrames(scope, clipId).catch(() => undefined)
}

function loadDetail(scope: ProjectScope, clipId: number): Promise<ClipDetail> {
  const { details, pending } = stored(scope)
  const ready = details.get(clipId)
  if (ready) return Promise.resolve(ready)
  let request = pending.get(clipId)
  if (!request) {
    request = scope.request('clips.get', { id: clipId }).finally(() => pending.delete(clipId))
    request.then(
      (detail) => details.set(clipId, detail),
      () => undefined
    )
    pending.set(clipId, request)
  }
  return request
}

/** A preloaded detail, or undefined when none has arrived. Pure, so a render may call it. */
export function peekDetail(scope: ProjectScope, clipId: number): ClipDetail | undefined {
  return stored(scope).details.get(clipId)
}

/** Drops a preloaded detail once used: the next visit reads the clip fresh. */
export function forgetDetail(scope: ProjectScope, clipId: number): void {
  stored(scope).details.delete(clipId)
}

function takeDetail(scope: ProjectScope, clipId: number): ClipDetail | undefined {
  const detail = peekDetail(scope, clipId)
  forgetDetail(scope, clipId)
  return detail
}

/** The detail: preloaded if possible, else fetched now (joining a preload in flight). */
export function fetchDetail(scope: ProjectScope, clipId: number): Promise<ClipDetail> {
  const ready = takeDetail(scope, clipId)
  if (ready) return Promise.resolve(ready)
  const inFlight = stored(scope).pending.get(clipId)
  const fresh = (): Promise<ClipDetail> => scope.request('clips.get', { id: clipId })
  return inFlight ? inFlight.then(() => takeDetail(scope, clipId) ?? fresh()) : fresh()
}

export function cachedFrames(scope: ProjectScope, clipId: number): ClipFrames | undefined {
  return stored(scope).frames.get(clipId)
}

export async function loadFrames(scope: ProjectScope, clipId: number): Promise<ClipFrames> {
  const known = cachedFrames(scope, clipId)
  if (known) return known
  const loaded = await scope.request('media.frames', { clipId })
  // An estimate (ffprobe failed) is not kept: the next visit tries again.
  if (loaded.source === 'ffprobe') {
    const { frames } = stored(scope)
    frames.set(clipId, loaded)
    if (frames.size > MAX_FRAMES) frames.delete(frames.keys().next().value as number)
  }
  return loaded
}
