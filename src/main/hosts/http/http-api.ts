import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorCode, ApiResult } from '../../../shared/errors'
import type { Dispatch } from '../../router'
import { callerOf } from './requestCaller'

export const MAX_BODY_BYTES = 5 * 1024 * 1024
/** No contract input nests anywhere near this; deeper bodies are refused before JSON.parse sees them. */
const MAX_JSON_DEPTH = 64

/** HTTP status per error code, so curl users see failures; the body is always the ApiResult. */
const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_route: 404,
  not_found: 404,
  no_project: 409,
  conflict: 409,
  io_error: 500,
  media_error: 422,
  ffmpeg_missing: 503,
  unauthorized: 401,
  forbidden: 403,
  internal: 500
}

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('Cache-Control', 'no-store').type('application/json; charset=utf-8').send(JSON.stringify(body))
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, status = STATUS[code]): FastifyReply {
  const result: ApiResult<never> = { ok: false, error: { code, message } }
  return sendJson(reply, status, result)
}

/** POST /api/<route>: JSON in, ApiResult out. The router validates the input against the contract. */
export function registerApi(fastify: FastifyInstance, dispatch: Dispatch): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error')
  fastify.removeContentTypeParser('application/json')
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, text, done) => {
    const body = text as string
    if (body.trim() === '') return done(null, {})
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) return done(badBody(`Body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined)
    parseJson(req, body, (err, value) => (err ? done(badBody('Body is not valid JSON'), undefined) : done(null, value)))
  })

  fastify.route<{ Params: { route: string } }>({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/api/:route',
    // Requiring JSON makes a cross-site form or no-cors fetch impossible without a CORS preflight.
    onRequest: async (req, reply) => {
      if (req.method !== 'POST') return sendError(reply.header('Allow', 'POST'), 'invalid_input', 'Use POST with a JSON body')
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return sendError(reply, 'invalid_input', 'Content-Type must be application/json')
    },
    handler: async (req, reply) => {
      const caller = callerOf(req)
      // the auth hook sets the caller on every request it lets through
      if (!caller) return sendError(reply, 'unauthorized', 'Missing token')
      const result = await dispatch(req.params.route, req.body ?? {}, caller)
      return sendJson(reply, result.ok ? 200 : STATUS[result.error.code], result)
    }
  })
}

/** Maps Fastify's own errors (body cap, parser) to ApiResult bodies; anything else is an internal error. */
export function sendFailure(err: { code?: string; statusCode?: number; message: string }, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return sendError(reply.header('Connection', 'close'), 'invalid_input', `Request body exceeds ${MAX_BODY_BYTES} bytes`, 413)
  }
  if (err.code === 'SKYCAP_BAD_BODY') return sendError(reply, 'invalid_input', err.message)
  // The static plugin refuses odd paths (NUL, traversal) with 400/403: to a page, they are simply not there.
  if (!req.url.startsWith('/api/') && err.statusCode && err.statusCode < 500) return reply.code(404).type('text/plain; charset=utf-8').send('Not found')
  if (err.statusCode && err.statusCode < 500) return sendError(reply, 'invalid_input', 'Bad request', err.statusCode)
  console.error(`[http] ${req.method} ${req.url.split('?')[0]} failed:`, err)
  return sendError(reply, 'internal', 'Internal error')
}

function badBody(message: string): Error {
  return Object.assign(new Error(message), { code: 'SKYCAP_BAD_BODY', statusCode: 400 })
}

/** A linear scan of the raw text, strings skipped, so a deep body costs one pass and no recursion. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return false
}
