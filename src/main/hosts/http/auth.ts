import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import cookie from '@fastify/cookie'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendError } from './http-api'

/** 22 base64url characters carry 132 bits: shorter given tokens are refused. */
const MIN_TOKEN_LENGTH = 22
/** Per client address; past this, token attempts get 429 until the minute is over (a valid session cookie still works). */
const WRONG_TOKENS_PER_MINUTE = 10

/** 256 random bits. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url')
}

export function tokenProblem(token: string): string | null {
  if (token.length >= MIN_TOKEN_LENGTH) return null
  return `The token must be at least ${MIN_TOKEN_LENGTH} characters long (the one given has ${token.length}); leave it out to have one generated`
}

export interface AuthOptions {
  token: string
  /** Bound to a loopback address: requests must then name a loopback host too (defeats DNS rebinding). */
  loopback: boolean
  /** The listening port, known once the host listens. */
  port: () => number
  /** Behind a reverse proxy: the Host its browsers name (studio.example.com), accepted beside the loopback ones. */
  publicHost?: string
  /** The proxy speaks HTTPS to browsers: the session cookie is then Secure. */
  secureCookie?: boolean
}

/**
 * Every /api and /media request carries the token (x-studio-token or ?token=) or the session cookie.
 * A page opened with ?token= swaps it for the cookie and is redirected to the same address without it.
 */
export async function registerAuth(fastify: FastifyInstance, opts: AuthOptions): Promise<void> {
  await fastify.register(cookie)
  await fastify.register(rateLimit, { global: false })
  const wrongTokens = fastify.createRateLimit({ max: WRONG_TOKENS_PER_MINUTE, timeWindow: 60_000 })
  // Derived from the token, so a restart with the same --token keeps sessions, and the cookie never holds the token.
  const session = createHmac('sha256', opts.token).update('skycap-session').digest('base64url')
  // Cookies ignore ports: one name per port keeps two local hosts from overwriting each other's session.
  const cookieName = () => `skycap_session_${opts.port()}`

  fastify.addHook('onRequest', async (req, reply) => {
    const url = new URL(req.url, 'http://studio.invalid')
    const guarded = isGuarded(req)
    const asked = url.searchParams.get('token') ?? undefined
    // Pages load without a token; one in a page's address is swapped for the session cookie.
    if (!guarded && asked === undefined) return
    const given = guarded ? (req.headers['x-studio-token'] ?? asked) : asked
    if (guarded && opts.loopback && !isLocalHost(req.headers.host, opts.port(), opts.publicHost))
      return sendError(reply, 'unauthorized', 'Unexpected Host header')
    if (guarded && same(session, req.cookies[cookieName()])) return
    if (given === undefined) return sendError(reply, 'unauthorized', 'Missing token: open the URL the host printed, or send the x-studio-token header')

    const before = await wrongTokens(req, { increment: false })
    if (!before.isAllowed && before.remaining === 0) {
      reply.header('Retry-After', String(before.ttlInSeconds))
      return sendError(reply, 'unauthorized', `Too many wrong tokens from this address; try again in ${before.ttlInSeconds} s`, 429)
    }
    if (!same(opts.token, given)) {
      await wrongTokens(req)
      return sendError(reply, 'unauthorized', 'Missing or wrong token')
    }
    if (!guarded) return startSession(reply, url)
  })

  function startSession(reply: FastifyReply, url: URL): FastifyReply {
    reply.setCookie(cookieName(), session, { path: '/', httpOnly: true, sameSite: 'strict', secure: opts.secureCookie === true })
    url.searchParams.delete('token')
    // One leading slash: a path like //other.example must not become a redirect to another site.
    const location = '/' + url.pathname.replace(/^\/+/, '') + url.search
    return reply.header('Cache-Control', 'no-store').redirect(location, 302)
  }
}

/**
 * Every route but the renderer's files and the 404 page. Decided by the route Fastify matched, not by
 * the raw path, which an escape (/%61pi/...) would get past.
 */
export function isGuarded(req: FastifyRequest): boolean {
  const route = req.routeOptions.url
  return route !== undefined && route !== '/*'
}

function same(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

function isLocalHost(hostHeader: string | undefined, port: number, publicHost: string | undefined): boolean {
  if (!hostHeader) return false
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]
  if (publicHost) allowed.push(publicHost.toLowerCase())
  return allowed.includes(hostHeader.toLowerCase())
}
