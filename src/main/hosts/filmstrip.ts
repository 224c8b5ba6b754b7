import { readFile } from 'node:fs/promises'
import type { StudioApp } from '../app'

/** A filmstrip thumbnail response, the same for the HTTP host and Electron's media: scheme. */
export interface FilmstripReply {
  status: 200 | 304 | 404 | 422
  headers: Record<string, string>
  body: Buffer | null
}

/** Looks a thumbnail up through the app, so only clips registered in that open project are served. */
export async function filmstripReply(
  app: Pick<StudioApp, 'filmstripFrame'>,
  project: string,
  clipId: number,
  slot: number,
  ifNoneMatch: string | null | undefined
): Promise<FilmstripReply> {
  const text = { 'Content-Type': 'text/plain; charset=utf-8' }
  const thumbnail = app.filmstripFrame(project, clipId, slot)
  if (!thumbnail) return { status: 404, headers: text, body: Buffer.from('Not found') }
  const cache = { ETag: thumbnail.etag, 'Cache-Control': 'private, no-cache' }
  // The browser's copy is current: nothing to read, or to extract again after a cache clean-up.
  if (ifNoneMatch === thumbnail.etag) return { status: 304, headers: cache, body: null }
  let file: string
  try {
    file = await thumbnail.file()
  } catch (err) {
    // the host log keeps ffmpeg's words; the reply names only the kind of problem (they can quote the file)
    console.error('[filmstrip]', err)
    return { status: 422, headers: text, body: Buffer.from('Cannot extract this frame: ffmpeg could not decode the clip (details in the host log)') }
  }
  const body = await readFile(file).catch(() => null)
  if (!body) return { status: 404, headers: text, body: Buffer.from('Not found') }
  return { status: 200, headers: { ...cache, 'Content-Type': 'image/jpeg', 'Content-Length': String(body.length) }, body }
}
