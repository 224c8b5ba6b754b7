import type { ProjectScope, StoreKind } from '../../lib/projectScope'

/**
 * <video> elements made ahead of time for the clips the annotator will open next, one pool per
 * project (see projectScope.tsx). The player adopts the element itself rather than a new one with
 * the same URL: its data and first decoded frame are already there, so the next clip shows at
 * once (a new element would fetch again, since clips are served with no-cache).
 */
const POOL: StoreKind<Map<number, HTMLVideoElement>> = {
  make: () => new Map(),
  close: (waiting) => {
    for (const video of waiting.values()) releaseVideo(video)
    waiting.clear()
  }
}
// Two neighbours (next, next unreviewed) plus the clip just left.
const MAX_WAITING = 3

function makeVideo(src: string): HTMLVideoElement {
  const video = document.createElement('video')
  video.preload = 'auto'
  video.playsInline = true
  video.src = src
  return video
}

/** Starts loading a clip's video in the background (a no-op when already waiting or the project is closed). */
export function preloadVideo(scope: ProjectScope, clipId: number): void {
  const waiting = scope.store(POOL)
  if (scope.closed || waiting.has(clipId)) return
  waiting.set(clipId, makeVideo(scope.mediaUrl(clipId)))
  trim(waiting)
}

function trim(waiting: Map<number, HTMLVideoElement>): void {
  while (waiting.size > MAX_WAITING) {
    const [oldest, video] = waiting.entries().next().value as [number, HTMLVideoElement]
    waiting.delete(oldest)
    releaseVideo(video)
  }
}

/** The preloaded element for this clip if there is one, else a fresh one. */
export function takeVideo(scope: ProjectScope, clipId: number): HTMLVideoElement {
  const waiting = scope.store(POOL)
  const src = scope.mediaUrl(clipId)
  const ready = waiting.get(clipId)
  waiting.delete(clipId)
  if (ready && ready.getAttribute('src') === src && !ready.error) return ready
  if (ready) releaseVideo(ready)
  return makeVideo(src)
}

/**
 * Puts back the element of a clip being left: going back to it is instant too, and React's
 * development double mount gets the same element again. The oldest waiting element is dropped.
 * A project closed meanwhile keeps nothing: the element is let go.
 */
export function parkVideo(scope: ProjectScope, clipId: number, video: HTMLVideoElement): void {
  video.pause()
  video.remove()
  if (scope.closed) return releaseVideo(video)
  const waiting = scope.store(POOL)
  const other = waiting.get(clipId)
  if (other && other !== video) releaseVideo(other)
  waiting.delete(clipId)
  waiting.set(clipId, video)
  trim(waiting)
}

/** Stops a video and lets the browser drop its buffers. */
function releaseVideo(video: HTMLVideoElement): void {
  video.pause()
  video.removeAttribute('src')
  video.load()
}
