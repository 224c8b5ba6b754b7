import type { ClipDetail } from '../../../../shared/contract'
import type { ClipFrames } from '../../../../shared/reviewRoutes'
import { api } from '../../api'
import { preloadVideo } from './videoPool'

/**
 * Data of the clips the annotator will open next, fetched while they work on the current one.
 * A preloaded detail is handed out once (then the clip is read fresh again); a clip changed on
 * the host meanwhile is dropped, and any edit still goes through the revision-number check.
 */
const details = new Map<number, ClipDetail>()
const pending = new Map<number, Promise<ClipDetail>>()
// Frame timing depends only on the clip file: keep it for the session (a few KB per clip).
const frames = new Map<number, ClipFrames>()
const MAX_FRAMES = 200

api.on('clips.changed', ({ ids }) => {
  if (ids === 'all') details.clear()
  else for (const id of ids) details.delete(id)
})

/** Starts fetching a clip's detail, frame timing and video; safe to call repeatedly. */
export function preloadClip(clipId: number): void {
  void loadDetail(clipId).then((detail) => {
    if (detail.clip.importError) return
    preloadVideo(clipId, api.mediaUrl(clipId))
    // One thumbnail makes the host extract all 16 (one ffmpeg run), so the filmstrip is ready too.
    new Image().src = api.filmstripUrl(clipId, 0)
  }, () => undefined)
  void loadFrames(clipId).catch(() => undefined)
}

function loadDetail(clipId: number): Promise<ClipDetail> {
  const ready = details.get(clipId)
  if (ready) return Promise.resolve(ready)
  let request = pending.get(clipId)
  if (!request) {
    request = api.request('clips.get', { id: clipId }).finally(() => pending.delete(clipId))
    request.then((detail) => details.set(clipId, detail), () => undefined)
    pending.set(clipId, request)
  }
  return request
}

/** A preloaded detail, or undefined when none has arrived. Pure, so a render may call it. */
export function peekDetail(clipId: number): ClipDetail | undefined {
  return details.get(clipId)
}

/** Drops a preloaded detail once used: the next visit reads the clip fresh. */
export function forgetDetail(clipId: number): void {
  details.delete(clipId)
}

function takeDetail(clipId: number): ClipDetail | undefined {
  const detail = details.get(clipId)
  details.delete(clipId)
  return detail
}

/** The detail: preloaded if possible, else fetched now (joining a preload in flight). */
export function fetchDetail(clipId: number): Promise<ClipDetail> {
  const ready = takeDetail(clipId)
  if (ready) return Promise.resolve(ready)
  const inFlight = pending.get(clipId)
  return inFlight ? inFlight.then(() => takeDetail(clipId) ?? api.request('clips.get', { id: clipId })) : api.request('clips.get', { id: clipId })
}

export function cachedFrames(clipId: number): ClipFrames | undefined {
  return frames.get(clipId)
}

export async function loadFrames(clipId: number): Promise<ClipFrames> {
  const known = frames.get(clipId)
  if (known) return known
  const loaded = await api.request('media.frames', { clipId })
  // An estimate (ffprobe failed) is not kept: the next visit tries again.
  if (loaded.source === 'ffprobe') {
    frames.set(clipId, loaded)
    if (frames.size > MAX_FRAMES) frames.delete(frames.keys().next().value as number)
  }
  return loaded
}
