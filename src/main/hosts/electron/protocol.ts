import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { protocol } from 'electron'
import { MEDIA_SCHEME_ORIGIN, parseMediaPath } from '../../../shared/media'
import type { StudioApp } from '../../app'
import { filmstripReply } from '../filmstrip'
import { planMediaResponse } from '../range'
import { SECURITY_HEADERS } from '../security'
import { resolveStatic } from '../static'

/** The renderer is served from app://studio/ rather than file://, so it gets real headers and an origin. */
export const APP_ORIGIN = 'app://studio'

/** Must run before the app is ready: schemes cannot be privileged later. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    // stream: lets <video> play and seek without buffering the whole file.
    { scheme: 'media', privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } }
  ])
}

export function handleSchemes(studio: Pick<StudioApp, 'mediaPath' | 'filmstripFrame'>, rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url)
    const found = url.host === 'studio' ? resolveStatic(rendererDir, url.pathname) : null
    if (!found || found === 'forbidden') return notFound()
    return new Response(Readable.toWeb(createReadStream(found.file)) as ReadableStream, {
      headers: { ...SECURITY_HEADERS, 'Content-Type': found.type }
    })
  })

  // media://studio/media/<project>/...: only paths that project registered, nothing derived from the URL itself.
  protocol.handle('media', async (request) => {
    // Read as a URL: a query is never part of the path.
    const url = new URL(request.url)
    const resource = `${url.protocol}//${url.host}` === MEDIA_SCHEME_ORIGIN ? parseMediaPath(url.pathname) : null
    if (resource?.kind === 'filmstrip') {
      const reply = await filmstripReply(studio, resource.project, resource.clipId, resource.slot, request.headers.get('if-none-match'))
      return new Response(reply.body && new Uint8Array(reply.body), {
        status: reply.status,
        headers: { ...reply.headers, 'X-Content-Type-Options': 'nosniff' }
      })
    }
    const path = resource ? studio.mediaPath(resource.project, resource.clipId) : null
    const info = path ? await stat(path).catch(() => null) : null
    if (!path || !info?.isFile()) return notFound()
    const plan = planMediaResponse(path, info.size, request.headers.get('range'))
    const body = plan.span ? (Readable.toWeb(createReadStream(path, plan.span)) as ReadableStream) : null
    return new Response(body, { status: plan.status, headers: { ...plan.headers, 'X-Content-Type-Options': 'nosniff' } })
  })
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
}
