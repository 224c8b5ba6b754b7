import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { writeJsonFile } from '../../projects/settings'

/** The main window's last size and place, kept in the data folder between runs. */
export const WindowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean()
})
export type WindowState = z.infer<typeof WindowState>

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export const WINDOW_STATE_FILE = 'window-state.json'
export const DEFAULT_SIZE = { width: 1440, height: 900 }
/** How much of a saved window must still fall on a display for its place to be kept. */
const VISIBLE = 64

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  }
}

const clamp = (value: number, min: number, max: number): number => Math.max(min, Math.min(max, value))

/**
 * Where to open the window: the saved place on the display it mostly covers, moved and shrunk to
 * fit that display's work area; centred on the primary display (the first area) when the saved
 * place is on no display any more (a monitor unplugged) or nothing was saved.
 */
export function placeWindow(saved: WindowState | null, workAreas: Rect[]): Rect & { maximized: boolean } {
  const maximized = saved?.maximized ?? false
  const size = saved ?? DEFAULT_SIZE
  const [primary] = workAreas
  if (!primary) return { x: 0, y: 0, ...DEFAULT_SIZE, maximized }
  const covered = saved
    ? workAreas
        .map((area) => ({ area, seen: overlap(saved, area) }))
        .filter(({ seen }) => seen.width >= VISIBLE && seen.height >= VISIBLE)
        .sort((a, b) => b.seen.width * b.seen.height - a.seen.width * a.seen.height)[0]?.area
    : undefined
  const area = covered ?? primary
  const width = Math.min(size.width, area.width)
  const height = Math.min(size.height, area.height)
  if (!covered || !saved) {
    return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height, maximized }
  }
  return {
    x: clamp(saved.x, area.x, area.x + area.width - width),
    y: clamp(saved.y, area.y, area.y + area.height - height),
    width,
    height,
    maximized
  }
}

/** The saved state, or null when there is none or it cannot be used (then the window opens at its default place). */
export function loadWindowState(file: string): WindowState | null {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return null
  }
  try {
    const parsed = WindowState.safeParse(JSON.parse(text))
    if (parsed.success) return parsed.data
  } catch {
    // not JSON: reported below like a wrong shape
  }
  console.warn(`[window] ${path.basename(file)} is not a window state; the window opens at its default place`)
  return null
}

/** Written beside and renamed over, so a crash mid-write leaves the previous state. */
export function saveWindowState(file: string, state: WindowState): void {
  writeJsonFile(file, state)
}
