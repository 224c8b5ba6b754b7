import type { ClipStatus } from '../../../shared/contract'

/** Seconds as m:ss.s (or h:mm:ss for long clips); a dash when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '—'
  const whole = Math.floor(seconds)
  const h = Math.floor(whole / 3600)
  const m = Math.floor((whole % 3600) / 60)
  const s = seconds - h * 3600 - m * 60
  if (h > 0) return `${h}:${String(m).padStart(2, '0')}:${String(Math.floor(s)).padStart(2, '0')}`
  return `${m}:${s.toFixed(1).padStart(4, '0')}`
}

export function formatResolution(width: number | null | undefined, height: number | null | undefined): string {
  return width && height ? `${width}×${height}` : '—'
}

export function formatFps(fps: number | null | undefined): string {
  if (fps == null || !Number.isFinite(fps)) return '—'
  return Number.isInteger(fps) ? String(fps) : fps.toFixed(3).replace(/\.?0+$/, '')
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null) return '—'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}

/** An ISO timestamp in the user's locale; the text itself when it is not a date. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}

/** Enum values such as `close_up` read as "close up". */
export function humanize(value: string): string {
  return value.replace(/_/g, ' ')
}

export const STATUS_LABELS: Record<ClipStatus, string> = {
  unreviewed: 'Unreviewed',
  in_progress: 'In progress',
  approved: 'Approved',
  rejected: 'Rejected',
  flagged: 'Flagged',
  in_review: 'In review',
  returned: 'Returned'
}

/** File name of a path, for either separator. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path
}

/** A share as a percentage to one decimal; an unknown one as a dash. */
export const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`)
