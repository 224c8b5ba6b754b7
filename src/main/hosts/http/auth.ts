import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import cookie from '@fastify/cookie'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Caller } from '../../../shared/api/people'
import { OPERATOR } from '../../people/caller'
import type { Credential, PeopleService } from '../../people/peopleService'
import { sendError } from './http-api'
import { personSessions } from './personSession'
import { setCaller } from './requestCaller'

/** 22 base64url characters carry 132 bits: shorter given tokens are refused. */
const MIN_TOKEN_LENGTH = 22
/** Per client address; past this, token attempts get 429 until the minute is over (a valid session cookie still works). */
const WRONG_TOKENS_PER_MINUTE = 10
/** Remembered bearer tokens already verified; past this the oldest are forgotten and checked again. */
const MAX_REMEMBERED = 10_000

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
  /** Checks person tokens (skp_...) and re-reads each session's person, so a revocation takes effect at once. */
  people: Pick<PeopleService, 'signIn' | 'check' | 'current'>
}

/**
 * Every /api and /media request carries a token (x-studio-token, Authorization: Bearer or ?token=) or
 * the session cookie. The host's own token makes the operator (a lead everywhere); a person's token
 * makes that person. A page opened with ?token= swaps it for the cookie and is redirected without it.
 */
export async function registerAuth(fastify: FastifyInstance, opts: AuthOptions): Promise<void> {
  await fastify.register(cookie)
  await fastify.register(rateLimit, { global: false })
  const wrongTokens = fastify.createRateLimit({ max: WRONG_TOKENS_PER_MINUTE, timeWindow: 60_000 })
  // Derived from the token, so a restart with the same --token keeps sessions, and the cookie never holds the token.
  const session = createHmac('sha256', opts.token).update('skycap-session').digest('base64url')
  // Cookies ignore ports: one name per port keeps two local hosts from overwriting each other's session.
  const cookieName = () => `skycap_session_${opts.port()}`
  // Person sessions are signed cookies (personSession.ts); verified bearer tokens are remembered by their sha256. Both re-checked per request.
  const persons = personSessions(opts.token, opts.people)
  const bearers = new Remembered()

  /** The person a token names (scrypt once, then remembered), or null. */
  async function personFor(token: string): Promise<{ caller: Caller; credential: Credential } | null> {
    const key = createHash('sha256').update(token).digest('base64url')
    const known = bearers.get(key)
    const caller = known && opts.people.check(known)
    if (known) return caller ? { caller, credential: known } : bearers.forget(key)
    const signed = await opts.people.signIn(token)
    if (signed) bearers.set(key, signed.credential)
    return signed
  }

  fastify.addHook('onRequest', async (req, reply) => {
    const url = new URL(req.url, 'http://studio.invalid')
    const guarded = isGuarded(req)
    const asked = url.searchParams.get('token') ?? undefined
    // Pages load without a token; one in a page's address is swapped for the session cookie.
    if (!guarded && asked === undefined) return
    const given = guarded ? (req.headers['x-studio-token'] ?? bearerOf(req.headers.authorization) ?? asked) : asked
    if (guarded && opts.loopback && !isLocalHost(req.headers.host, opts.port(), opts.publicHost))
      return sendError(reply, 'unauthorized', 'Unexpected Host header')
    const cookieValue = req.cookies[cookieName()]
    if (guarded && same(session, cookieValue)) return setCaller(req, OPERATOR)
    const person = guarded && cookieValue ? persons.callerOf(cookieValue) : undefined
    if (person) return setCaller(req, person)
    if (given === undefined) {
      if (person === null) {
        return sendError(
          reply,
          'unauthorized',
          'Your session has ended (the lead revoked or reissued your token, or the host restarted with another token); ask the lead for a new link'
        )
      }
      return sendError(reply, 'unauthorized', 'Missing token: open the URL the host printed, or send the x-studio-token header')
    }

    const before = await wrongTokens(req, { increment: false })
    if (!before.isAllowed && before.remaining === 0) {
      reply.header('Retry-After', String(before.ttlInSeconds))
      return sendError(reply, 'unauthorized', `Too many wrong tokens from this address; try again in ${before.ttlInSeconds} s`, 429)
    }
    const operator = same(opts.token, given)
    const signed = operator || typeof given !== 'string' ? null : await personFor(given)
    if (!operator && !signed) {
      await wrongTokens(req)
      return sendError(reply, 'unauthorized', 'Missing or wrong token')
    }
    if (!guarded) return startSession(reply, url, signed ? persons.cookieFor(signed.credential) : session)
    setCaller(req, signed ? signed.caller : OPERATOR)
  })

  function startSession(reply: FastifyReply, url: URL, value: string): FastifyReply {
    reply.setCookie(cookieName(), value, { path: '/', httpOnly: true, sameSite: 'strict', secure: opts.secureCookie === true })
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

/** Sign-ins by key, oldest forgotten first past MAX_REMEMBERED. */
class Remembered {
  private map = new Map<string, Credential>()

  get(key: string): Credential | undefined {
    return this.map.get(key)
  }

  set(key: string, credential: Credential): void {
    this.map.delete(key)
    this.map.set(key, credential)
    if (this.map.size > MAX_REMEMBERED) this.map.delete(this.map.keys().next().value!)
  }

  forget(key: string): null {
    this.map.delete(key)
    return null
  }
}

function bearerOf(header: string | undefined): string | undefined {
  const m = header ? /^Bearer +(\S+)$/i.exec(header) : null
  return m ? m[1] : undefined
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
