import type { ApiClient, EventName, Events } from '../../../shared/contract'
import { ApiError, type ApiResult, type ErrorCode } from '../../../shared/errors'
import { mediaPath } from '../../../shared/media'
import { unwrap } from './result'

function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'unauthorized'
  if (status === 404) return 'not_found'
  return 'internal'
}

function isResult(body: unknown): body is ApiResult<unknown> {
  return typeof body === 'object' && body !== null && 'ok' in body
}

/** Client for the HTTP host: POST /api/<route>, events over SSE at /api/events. */
export function createHttpClient(token: string | null): ApiClient {
  const withToken = (url: string): string => (token ? `${url}?token=${encodeURIComponent(token)}` : url)
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token) headers['x-studio-token'] = token

  // One EventSource shared by all listeners, opened on first use.
  let source: EventSource | null = null
  const events = (): EventSource => (source ??= new EventSource(withToken('/api/events')))

  return {
    async request(route, input) {
      let response: Response
      try {
        response = await fetch(`/api/${route}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) })
      } catch (err) {
        throw new ApiError('io_error', `Cannot reach the studio host: ${String(err)}`)
      }
      const body: unknown = await response.json().catch(() => null)
      if (isResult(body)) return unwrap(body) as never
      throw new ApiError(codeForStatus(response.status), `The studio host answered ${response.status} ${response.statusText}`)
    },
    on<E extends EventName>(event: E, cb: (payload: Events[E]) => void) {
      const listener = (message: MessageEvent<string>): void => {
        try {
          cb(JSON.parse(message.data) as Events[E])
        } catch (err) {
          console.error(`Bad payload for event ${event}`, err)
        }
      }
      const target = events()
      target.addEventListener(event, listener)
      return () => target.removeEventListener(event, listener)
    },
    // Relative: the host serves media from the page's own origin.
    mediaUrl: (project, clipId) => withToken(mediaPath({ kind: 'clip', project, clipId })),
    filmstripUrl: (project, clipId, slot) => withToken(mediaPath({ kind: 'filmstrip', project, clipId, slot }))
  }
}
