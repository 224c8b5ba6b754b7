/**
 * Frame-number arithmetic on a clip's real presentation timestamps, so constant and variable
 * frame rates are handled alike. Frame k is the k-th frame in presentation order (what ffmpeg's
 * `select=eq(n,k)` picks and what pre-labeling calls frame k); it is on screen from times[k]
 * until times[k+1] (or `end` for the last frame).
 */
export interface FrameTiming {
  /** Presentation time of every frame in seconds, ascending. */
  times: number[]
  /** When the last frame stops showing: its time plus its duration. */
  end: number
}

// A time this close to a frame boundary counts as that frame: float sums like 1001/30000·k
// land a hair below the exact value, and a browser reports currentTime rounded to µs.
const EPSILON = 1e-6

/** Timing of a constant-rate clip: frame k at k/fps. */
export function constantTiming(fps: number, frameCount: number): FrameTiming {
  if (!(fps > 0) || !Number.isInteger(frameCount) || frameCount < 1) return { times: [0], end: fps > 0 ? 1 / fps : 0 }
  return { times: Array.from({ length: frameCount }, (_, k) => k / fps), end: frameCount / fps }
}

/** The frame on screen at time t: the last frame whose time is ≤ t (binary search). */
export function frameAt(timing: FrameTiming, t: number): number {
  const { times } = timing
  if (times.length === 0 || t < times[0] - EPSILON) return 0
  let lo = 0
  let hi = times.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (times[mid] <= t + EPSILON) lo = mid
    else hi = mid - 1
  }
  return lo
}

export function clampFrame(timing: FrameTiming, frame: number): number {
  return Math.min(Math.max(0, Math.round(frame)), Math.max(0, timing.times.length - 1))
}

/** When frame k stops showing. */
export function frameEnd(timing: FrameTiming, frame: number): number {
  const k = clampFrame(timing, frame)
  return k + 1 < timing.times.length ? timing.times[k + 1] : Math.max(timing.end, timing.times[k])
}

/**
 * Where to seek to show frame k: the middle of its display interval. Seeking to the exact
 * start makes browsers show the previous frame now and then (rounding of currentTime and of
 * the container's timestamps), which is the classic off-by-one of web annotation tools.
 */
export function seekTime(timing: FrameTiming, frame: number): number {
  const k = clampFrame(timing, frame)
  const start = timing.times[k] ?? 0
  return start + (frameEnd(timing, k) - start) / 2
}

/** The frame `delta` frames away from the one shown at time t, kept inside the clip. */
export function stepFrom(timing: FrameTiming, t: number, delta: number): number {
  return clampFrame(timing, frameAt(timing, t) + delta)
}

/** True when frame durations differ by more than a tenth of the shortest one. */
export function isVariableRate(timing: FrameTiming): boolean {
  const { times } = timing
  let min = Infinity
  let max = 0
  for (let k = 1; k < times.length; k++) {
    const d = times[k] - times[k - 1]
    min = Math.min(min, d)
    max = Math.max(max, d)
  }
  return times.length > 2 && max - min > min / 10
}
