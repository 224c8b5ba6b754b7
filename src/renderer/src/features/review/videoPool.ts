/**
 * <video> elements made ahead of time for the clips the annotator will open next. The player
 * adopts the element itself rather than a new one with the same URL: its data and first decoded
 * frame are already there, so the next clip shows at once (a new element would fetch again,
 * since clips are served with no-cache).
 */
const waiting = new Map<number, HTMLVideoElement>()
// Two neighbours (next, next unreviewed) plus the clip just left.
const MAX_WAITING = 3

function makeVideo(src: string): HTMLVideoElement {
  const video = document.createElement('video')
  video.preload = 'auto'
  video.playsInline = true
  video.src = src
  return video
}

/** Starts loading a clip's video in the background (a no-op when already waiting). */
export function preloadVideo(clipId: number, src: string): void {
  if (waiting.has(clipId)) return
  waiting.set(clipId, makeVideo(src))
  trim()
}

function trim(): void {
  while (waiting.size > MAX_WAITING) {
    const [oldest, video] = waiting.entries().next().value as [number, HTMLVideoElement]
    waiting.delete(oldest)
    releaseVideo(video)
  }
}

/** The preloaded element for this clip if there is one, else a fresh one. */
export function takeVideo(clipId: number, src: string): HTMLVideoElement {
  const ready = waiting.get(clipId)
  waiting.delete(clipId)
  if (ready && ready.getAttribute('src') === src && !ready.error) return ready
  if (ready) releaseVideo(ready)
  return makeVideo(src)
}

/**
 * Puts back the element of a clip being left: going back to it is instant too, and React's
 * development double mount gets the same element again. The oldest waiting element is dropped.
 */
export function parkVideo(clipId: number, video: HTMLVideoElement): void {
  video.pause()
  video.remove()
  const other = waiting.get(clipId)
  if (other && other !== video) releaseVideo(other)
  waiting.delete(clipId)
  waiting.set(clipId, video)
  trim()
}

/** Stops a video and lets the browser drop its buffers. */
function releaseVideo(video: HTMLVideoElement): void {
  video.pause()
  video.removeAttribute('src')
  video.load()
}
