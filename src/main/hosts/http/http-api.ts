import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ErrorCode, ApiResult } from '../../../shared/errors'
import type { Dispatch } from '../../router'

export const MAX_BODY_BYTES = 5 * 1024 * 1024

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

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(text)
}

export function sendError(res: ServerResponse, code: ErrorCode, message: string): void {
  const result: ApiResult<never> = { ok: false, error: { code, message } }
  sendJson(res, STATUS[code], result)
}

/** POST /api/<route>: JSON in, ApiResult out. The router validates the input against the contract. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, route: string, dispatch: Dispatch) {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST')
    return sendError(res, 'invalid_input', 'Use POST with a JSON body')
  }
  // Requiring JSON makes a cross-site form or no-cors fetch impossible without a CORS preflight.
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return sendError(res, 'invalid_input', 'Content-Type must be application/json')
  }
  let input: unknown
  try {
    const text = await readBody(req, MAX_BODY_BYTES)
    input = text.trim() === '' ? {} : JSON.parse(text)
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      res.setHeader('Connection', 'close')
      return sendJson(res, 413, { ok: false, error: { code: 'invalid_input', message: err.message } })
    }
    return sendError(res, 'invalid_input', 'Body is not valid JSON')
  }
  const result = await dispatch(route, input)
  sendJson(res, result.ok ? 200 : STATUS[result.error.code], result)
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new BodyTooLarge(`Request body exceeds ${limit} bytes`))
        req.removeAllListeners('data')
        req.resume()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
