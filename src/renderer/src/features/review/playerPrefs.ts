import { readSaved, save } from '../../lib/storage'

/** Playback speeds offered, slowest first. */
export const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const

const RATE_KEY = 'studio.playbackRate'
const LOOP_KEY = 'studio.loop'

/** Speed and loop carry over from clip to clip (and across sessions): annotators pick them once. */
export function savedRate(): number {
  const rate = Number(readSaved(RATE_KEY))
  return (SPEEDS as readonly number[]).includes(rate) ? rate : 1
}

export function savedLoop(): boolean {
  return readSaved(LOOP_KEY) === 'true'
}

export function saveRate(rate: number): void {
  save(RATE_KEY, String(rate))
}

export function saveLoop(loop: boolean): void {
  save(LOOP_KEY, String(loop))
}

/** The next speed up (+1) or down (-1) from `rate`, staying within SPEEDS. */
export function nextSpeed(rate: number, direction: 1 | -1): number {
  if (direction > 0) return SPEEDS.find((s) => s > rate) ?? SPEEDS[SPEEDS.length - 1]
  return [...SPEEDS].reverse().find((s) => s < rate) ?? SPEEDS[0]
}
