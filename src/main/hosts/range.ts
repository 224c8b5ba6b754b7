import { extname } from 'node:path'

const MEDIA_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.avi': 'video/x-msvideo',
  '.ogv': 'video/ogg',
  '.mpg': 'video/mpeg',
  '.mpeg': 'video/mpeg',
  '.ts': 'video/mp2t'
}

export function mediaType(path: string): string {
  return MEDIA_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/** What to send for a media request: the status, its headers, and the byte span to stream (if any). */
export interface MediaPlan {
  status: 200 | 206 | 416
  headers: Record<string, string>
  /** Inclusive byte span; absent for 416 and for empty files. */
  span?: { start: number; end: number }
}

/**
 * Plans a response to an optional `Range: bytes=...` header for a file of `size` bytes. Only single
 * ranges are honoured (players never ask for more); a malformed header is ignored as RFC 9110 allows.
 */
export function planMediaResponse(path: string, size: number, rangeHeader: string | null | undefined): MediaPlan {
  const base = { 'Content-Type': mediaType(path), 'Accept-Ranges': 'bytes' }
  const range = parseRange(rangeHeader, size)
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' } }
  }
  if (range) {
    const { start, end } = range
    return {
      status: 206,
      headers: { ...base, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(end - start + 1) },
      span: range
    }
  }
  return {
    status: 200,
    headers: { ...base, 'Content-Length': String(size) },
    span: size > 0 ? { start: 0, end: size - 1 } : undefined
  }
}

export function parseRange(header: string | null | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return null
  if (match[1] === '') {
    // Suffix range: the last N bytes.
    const suffix = Number(match[2])
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(match[1])
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  if (start >= size || start > end) return 'unsatisfiable'
  return { start, end }
}
