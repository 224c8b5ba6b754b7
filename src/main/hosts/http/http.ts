import { extname, join, sep } from 'node:path'
import fastifyStatic from '@fastify/static'
import Fastify from 'fastify'
import type { StudioApp } from '../../app'
import { SECURITY_HEADERS } from '../security'
import { generateToken, isGuarded, registerAuth, tokenProblem } from './auth'
import { MAX_BODY_BYTES, registerApi, sendError, sendFailure } from './http-api'
import { mediaHandler } from './http-media'
import { callerOf } from './requestCaller'
import { eventStreams } from './sse'

export interface HttpHostOptions {
  app: StudioApp
  /** Defaults to 127.0.0.1. */
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** At least 22 characters; generated when not given, loopback included. */
  token?: string
  /** The built renderer (out/renderer); without it only /api and /media are served. */
  staticDir?: string
  /** The address browsers use behind a reverse proxy (https://studio.example.com): its Origin and Host are accepted too. */
  publicOrigin?: string
}

export interface HttpHost {
  /** Where to open the studio; carries ?token=, which the page swaps for a session cookie. */
  url: string
  port: number
  token: string
  close(): Promise<void>
}

/** How often people whose last request is over a minute old are taken offline. */
const PRESENCE_SWEEP_MS = 5_000
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])
/** Beyond the shared headers: no other site may embed anything of this one (clips, thumbnails, scripts). */
const HTTP_HEADERS = { ...SECURITY_HEADERS, 'Cross-Origin-Resource-Policy': 'same-origin' }

export async function startHttpHost(opts: HttpHostOptions): Promise<HttpHost> {
  const host = opts.host ?? '127.0.0.1'
  const problem = opts.token === undefined ? null : tokenProblem(opts.token)
  if (problem) throw new Error(problem)
  const token = opts.token ?? generateToken()
  const { app, staticDir } = opts
  const publicOrigin = opts.publicOrigin === undefined ? undefined : parsePublicOrigin(opts.publicOrigin)
  // reachable by others: jobs may use only the endpoints the operator configured
  if (!LOOPBACK.has(host)) app.endpoints.requireConfigured()
  if (staticDir) app.servedFolders.add(staticDir) // served without the token: exports must never land there
  let port = 0

  // Event streams never end by themselves: closing the host closes every connection.
  // Behind a proxy on this machine every client comes from loopback: the per-address limits (wrong tokens,
  // event streams) take the client's address from the proxy's X-Forwarded-For instead.
  const trustProxy = publicOrigin ? 'loopback' : false
  const fastify = Fastify({ bodyLimit: MAX_BODY_BYTES, forceCloseConnections: true, exposeHeadRoutes: false, trustProxy })
  fastify.addHook('onRequest', async (_req, reply) => {
    // On the raw response, so hijacked replies (event streams) carry them too.
    for (const [name, value] of Object.entries(HTTP_HEADERS)) reply.raw.setHeader(name, value)
  })
  fastify.addHook('onRequest', async (req, reply) => {
    // Browsers send Origin on cross-site POSTs; a page of another site must not drive the API.
    const origin = req.headers.origin
    if (isGuarded(req) && origin && !sameOrigin(origin, req.headers.host, publicOrigin)) return sendError(reply, 'unauthorized', 'Cross-origin request refused')
  })
  await registerAuth(fastify, {
    token,
    loopback: LOOPBACK.has(host),
    port: () => port,
    publicHost: publicOrigin?.host,
    secureCookie: publicOrigin?.protocol === 'https:',
    people: app.people
  })
  // who is online (team.live): a person's request counts, and so does a page's open event stream (sse.ts)
  fastify.addHook('onRequest', async (req) => {
    const caller = callerOf(req)
    if (caller) app.presence.seen(caller)
  })
  const presenceSweep = setInterval(() => app.presence.sweep(), PRESENCE_SWEEP_MS).unref()
  fastify.addHook('onClose', async () => clearInterval(presenceSweep))
  fastify.setErrorHandler((err, req, reply) => sendFailure(err as Error & { code?: string; statusCode?: number }, req, reply))

  fastify.get('/api/events', eventStreams(app.bus, app.presence))
  registerApi(fastify, app.dispatch)
  fastify.all('/media/*', mediaHandler(app))
  if (staticDir) {
    await fastify.register(fastifyStatic, {
      root: staticDir,
      cacheControl: false,
      // Vite fingerprints everything under assets/, so it can be cached forever.
      setHeaders: (res, file) =>
        res.setHeader('Cache-Control', file.startsWith(join(staticDir, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache')
    })
  }
  // The static plugin's mime table says application/javascript; RFC 9239 (and the Electron host) say text/javascript.
  fastify.addHook('onSend', async (_req, reply, payload) => {
    if (String(reply.getHeader('content-type')).startsWith('application/javascript')) reply.header('Content-Type', 'text/javascript; charset=utf-8')
    return payload
  })
  fastify.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]
    if (path.startsWith('/api/')) return sendError(reply, 'unknown_route', `Unknown route "${path.slice(5)}"`)
    // Client-side routes (no extension) survive a reload.
    if (staticDir && !path.startsWith('/media/') && (req.method === 'GET' || req.method === 'HEAD') && extname(path) === '') {
      return reply.sendFile('index.html')
    }
    return reply.code(404).type('text/plain; charset=utf-8').send('Not found')
  })

  await fastify.listen({ port: opts.port ?? 0, host })
  port = (fastify.server.address() as { port: number }).port
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host

  return {
    url: `${publicOrigin?.origin ?? `http://${shownHost}:${port}`}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    close: () => fastify.close()
  }
}

/** The page's own origin: this host's address, or the proxy's public one (never its plain-http twin). */
function sameOrigin(origin: string, hostHeader: string | undefined, publicOrigin: URL | undefined): boolean {
  if (publicOrigin && origin === publicOrigin.origin) return true
  if (publicOrigin && hostHeader?.toLowerCase() === publicOrigin.host) return false
  return origin === `http://${hostHeader}`
}

/** An origin only: scheme, host and port, nothing after them. */
function parsePublicOrigin(text: string): URL {
  let url: URL | null = null
  try {
    url = new URL(text)
  } catch {
    // reported below
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== text.replace(/\/$/, '')) {
    throw new Error(`The public origin must be a scheme, host and optional port, such as https://studio.example.com (got "${text}")`)
  }
  return url
}
