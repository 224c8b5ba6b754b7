import { ProjectId } from './project'
import { FILMSTRIP_FRAMES } from './api/review'

/**
 * What the hosts serve outside the API: a registered clip's file, or one of its filmstrip
 * thumbnails, always in its project (clip ids restart at 1 in every project, and browsers cache by
 * URL). Every transport names them by the path below, built and read only here.
 */
export type MediaResource = { kind: 'clip'; project: string; clipId: number } | { kind: 'filmstrip'; project: string; clipId: number; slot: number }

/** Clip ids are SQLite row ids: 1 up to the largest integer a JS number holds exactly. */
const MAX_CLIP_ID = Number.MAX_SAFE_INTEGER
const MEDIA_ROOT = 'media'

/**
 * Electron's media: scheme serves the same paths under this origin; the HTTP host serves them
 * from its own origin, next to the page.
 */
export const MEDIA_SCHEME_ORIGIN = 'media://studio'

/** The path of a resource: /media/<project>/12 or /media/<project>/12/filmstrip/3.jpg. Throws on a bad project, id or slot. */
export function mediaPath(resource: MediaResource): string {
  if (!ProjectId.safeParse(resource.project).success) throw new RangeError(`project must be a project id (16 hex digits), got ${resource.project}`)
  if (!validClipId(resource.clipId)) throw new RangeError(`clip id must be a whole number from 1 to ${MAX_CLIP_ID}, got ${resource.clipId}`)
  const clip = `/${MEDIA_ROOT}/${resource.project}/${resource.clipId}`
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
  const [empty, root, project, id, ...rest] = path.split('/')
  if (empty !== '' || root !== MEDIA_ROOT || !ProjectId.safeParse(project).success) return null
  const clipId = parseNumber(id)
  if (clipId === null || !validClipId(clipId)) return null
  if (rest.length === 0) return { kind: 'clip', project, clipId }
  if (rest.length !== 2 || rest[0] !== 'filmstrip') return null
  const slot = parseNumber(/^(\d+)\.jpg$/.exec(rest[1])?.[1])
  if (slot === null || !validSlot(slot)) return null
  return { kind: 'filmstrip', project, clipId, slot }
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
