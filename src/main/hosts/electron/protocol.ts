import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { protocol } from 'electron'
import type { StudioApp } from '../../app'
import { FILMSTRIP_PATH, filmstripReply } from '../filmstrip'
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

  // media://clip/<id>: only paths the open project registered, nothing derived from the URL itself.
  protocol.handle('media', async (request) => {
    // The renderer adds ?p=<project> so the browser's caches tell projects apart; the host has one project open.
    const target = request.url.replace(/\?.*$/, '')
    const frame = target.startsWith('media://clip/') ? FILMSTRIP_PATH.exec(target.slice('media://clip/'.length)) : null
    if (frame) {
      const reply = await filmstripReply(studio, Number(frame[1]), Number(frame[2]), request.headers.get('if-none-match'))
      return new Response(reply.body && new Uint8Array(reply.body), { status: reply.status, headers: { ...reply.headers, 'X-Content-Type-Options': 'nosniff' } })
    }
    const match = /^media:\/\/clip\/(\d{1,15})$/.exec(target)
    const path = match ? studio.mediaPath(Number(match[1])) : null
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
