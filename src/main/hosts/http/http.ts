import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseMediaPath } from '../../../shared/media'
import type { StudioApp } from '../../app'
import { handleApi, sendError } from './http-api'
import { handleMedia } from './http-media'
import { SECURITY_HEADERS } from '../security'
import { handleEvents } from './sse'
import { resolveStatic } from '../static'

export interface HttpHostOptions {
  app: StudioApp
  /** Defaults to 127.0.0.1. Any non-loopback host gets a token (generated when not given). */
  host?: string
  /** 0 picks a free port. */
  port?: number
  token?: string
  /** The built renderer (out/renderer); without it only /api and /media are served. */
  staticDir?: string
}

export interface HttpHost {
  /** Where to open the studio; carries ?token= when one is required. */
  url: string
  port: number
  token: string | undefined
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

export async function startHttpHost(opts: HttpHostOptions): Promise<HttpHost> {
  const host = opts.host ?? '127.0.0.1'
  const token = opts.token || (LOOPBACK.has(host) ? undefined : randomBytes(24).toString('base64url'))
  const { app, staticDir } = opts
  if (staticDir) app.servedFolders.add(staticDir) // served without the token: exports must never land there
  let port = 0

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
    route(req, res).catch((err) => {
      console.error('[http] request failed:', err)
      if (!res.headersSent) sendError(res, 'internal', 'Internal error')
      else res.destroy()
    })
  })

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://studio.invalid')
    const path = url.pathname
    const guarded = path.startsWith('/api/') || path.startsWith('/media/')
    if (guarded && !token && !isLocalHost(req.headers.host, port)) {
      // Without a token, only loopback names are accepted: this defeats DNS rebinding.
      return sendError(res, 'unauthorized', 'Unexpected Host header')
    }
    if (guarded && token && !tokenMatches(token, req.headers['x-studio-token'] ?? url.searchParams.get('token'))) {
      return sendError(res, 'unauthorized', 'Missing or wrong token')
    }
    if (path === '/api/events') return handleEvents(req, res, app.bus)
    if (path.startsWith('/api/')) {
      if (!sameOrigin(req)) return sendError(res, 'unauthorized', 'Cross-origin request refused')
      return handleApi(req, res, path.slice('/api/'.length), app.dispatch)
    }
    const media = parseMediaPath(path)
    if (media) return handleMedia(req, res, app, media)
    if (path.startsWith('/media/')) return void res.writeHead(404).end('Not found')
    return serveStatic(req, res, staticDir, path)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  const url = `http://${shownHost}:${port}/` + (token ? `?token=${encodeURIComponent(token)}` : '')

  return {
    url,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Event streams never end by themselves.
        server.closeAllConnections()
      })
  }
}

function serveStatic(req: IncomingMessage, res: ServerResponse, root: string | undefined, path: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD' }).end()
  const found = root ? resolveStatic(root, path) : null
  if (found === 'forbidden' || !found) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found')
  res.writeHead(200, {
    'Content-Type': found.type,
    'Cache-Control': found.immutable ? 'public, max-age=31536000, immutable' : 'no-cache'
  })
  if (req.method === 'HEAD') return void res.end()
  createReadStream(found.file)
    .on('error', () => res.destroy())
    .pipe(res)
}

function tokenMatches(expected: string, given: string | string[] | null | undefined): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

function isLocalHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(hostHeader.toLowerCase())
}

/** Browsers send Origin on cross-site POSTs; a page of another site must not drive the API. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin
  return !origin || origin === `http://${req.headers.host}`
}
