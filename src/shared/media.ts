import { FILMSTRIP_FRAMES } from './reviewRoutes'

/**
 * What the hosts serve outside the API: a registered clip's file, or one of its filmstrip
 * thumbnails. Every transport names them by the path below, built and read only here. A later
 * field (e.g. the project's identity) goes on each kind and into its path segments.
 */
export type MediaResource = { kind: 'clip'; clipId: number } | { kind: 'filmstrip'; clipId: number; slot: number }

/** Clip ids are SQLite row ids: 1 up to the largest integer a JS number holds exactly. */
const MAX_CLIP_ID = Number.MAX_SAFE_INTEGER
const MEDIA_ROOT = 'media'

/**
 * Electron's media: scheme serves the same paths under this origin; the HTTP host serves them
 * from its own origin, next to the page.
 */
export const MEDIA_SCHEME_ORIGIN = 'media://studio'

/** The path of a resource: /media/12 or /media/12/filmstrip/3.jpg. Throws on an id or slot out of range. */
export function mediaPath(resource: MediaResource): string {
  if (!validClipId(resource.clipId)) throw new RangeError(`clip id must be a whole number from 1 to ${MAX_CLIP_ID}, got ${resource.clipId}`)
  const clip = `/${MEDIA_ROOT}/${resource.clipId}`
  if (resource.kind === 'clip') return clip
  if (!validSlot(resource.slot)) throw new RangeError(`filmstrip slot must be a whole number from 0 to ${FILMSTRIP_FRAMES - 1}, got ${resource.slot}`)
  return `${clip}/filmstrip/${resource.slot}.jpg`
}

/**
 * The resource a URL path names, or null for anything else: exactly the forms mediaPath makes
 * (no query, no extra or empty segments, no signs, leading zeros or escapes), so each resource
 * has one path and nothing in the path can reach beyond it.
 */
export function parseMediaPath(path: string): MediaResource | null {
  const parts = path.split('/')
  if (parts[0] !== '' || parts[1] !== MEDIA_ROOT) return null
  const clipId = parseNumber(parts[2])
  if (clipId === null || !validClipId(clipId)) return null
  if (parts.length === 3) return { kind: 'clip', clipId }
  if (parts.length !== 5 || parts[3] !== 'filmstrip') return null
  const slot = parseNumber(/^(\d+)\.jpg$/.exec(parts[4])?.[1])
  if (slot === null || !validSlot(slot)) return null
  return { kind: 'filmstrip', clipId, slot }
}

/** A decimal in its one canonical spelling (so "012" and "1e3" are not numbers here). */
function parseNumber(text: string | undefined): number | null {
  if (!text || !/^(0|[1-9]\d{0,15})$/.test(text)) return null
  return Number(text)
}

function validClipId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 1 && id <= MAX_CLIP_ID
}

function validSlot(slot: number): boolean {
  return Number.isInteger(slot) && slot >= 0 && slot < FILMSTRIP_FRAMES
}
