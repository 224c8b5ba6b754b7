import { ApiError } from '../../shared/errors'
import type { RemoteEndpointInput } from '../../shared/jobs'
import { ChatCompletion, DEFAULT_SERVED_MODEL, wireBody, type ChatRequest } from './captionRequest'
import type { EndpointPolicy } from './endpointPolicy'
import type { LlamaServer } from './llamaServer'
import type { EngineKind } from './sampling'

export interface EndpointOptions {
  id: string
  /** Requests this endpoint may run at once. */
  concurrency: number
  timeoutMs: number
  /** Retries on the same endpoint for transient failures before failing over. */
  retries: number
  apiKey?: string
  /** The name the server serves the model under (vLLM's --served-model-name); sent as the request's `model`. */
  model?: string
  /** Whether a job checks the endpoint with a known clip before sending it work (see endpointCheck). */
  check: boolean
}

/** An OpenAI-compatible server: remote vLLM / llama-server, or the local llama-server. */
export interface Endpoint extends EndpointOptions {
  /** The base URL, e.g. http://host:8000 (without /v1); starts a local server when needed. */
  resolve(): Promise<string>
  /** Set for servers we run: after it, resolve() starts a fresh one, so retrying here makes sense. */
  recover?(url: string): void
  /** The server software, which names the sampling fields; null until identified (endpointCheck). */
  engine: EngineKind | null
}

/** With a policy, every request asks it first, so a name that now resolves elsewhere is caught (no pinning: see docs/security.md). */
export function remoteEndpoint(baseUrl: string, opts: EndpointOptions, policy?: EndpointPolicy): Endpoint {
  const url = baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')
  return {
    ...opts,
    engine: null,
    resolve: async () => {
      await policy?.admit(url)
      return url
    }
  }
}

/** Remote endpoints from settings, each named after its host and position; the operator's key replaces the caller's. */
export function remoteEndpoints(list: RemoteEndpointInput[], policy?: EndpointPolicy): Endpoint[] {
  return list.map((e, i) =>
    remoteEndpoint(
      e.url,
      {
        id: `${new URL(e.url).host}#${i + 1}`,
        concurrency: e.concurrency ?? 4,
        timeoutMs: e.timeoutMs ?? 300_000,
        retries: e.retries ?? 2,
        apiKey: policy ? policy.keyFor(e.url, e.apiKey) : e.apiKey,
        model: e.model,
        check: e.check ?? true
      },
      policy
    )
  )
}

export function localEndpoint(server: LlamaServer, opts: EndpointOptions): Endpoint {
  return { ...opts, engine: 'llama.cpp', resolve: () => server.ensureRunning(), recover: (url) => server.recover(url) }
}

/** Why a request failed; `transient` failures are retried and may fail over to another endpoint. */
export class EndpointError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly endpointDown = false,
    /** The base URL that failed, when one was reached for. */
    readonly url?: string
  ) {
    super(message)
  }
}

const NETWORK_PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'connect timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_SOCKET: 'connection closed'
}

/** A short summary from the error code alone: a TLS or socket message may carry what the server sent. */
function describeNetworkError(err: unknown): { message: string; down: boolean } {
  const code = (err as { cause?: { code?: string } })?.cause?.code ?? ''
  const down = ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'UND_ERR_SOCKET'].includes(code)
  return { message: NETWORK_PROBLEMS[code] ?? (code ? `network error (${code})` : 'network error'), down }
}

/** A caption or fusion answer is a few kB: a server that sends more is cut off, not held in memory. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024

async function readCapped(res: Response): Promise<string> {
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = res.body?.getReader()
  for (;;) {
    const next = await reader?.read()
    if (!next || next.done) return Buffer.concat(chunks).toString('utf8')
    size += next.value.byteLength
    if (size > MAX_ANSWER_BYTES) {
      await reader?.cancel()
      throw new EndpointError(`answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`, false)
    }
    chunks.push(next.value)
  }
}

/** The remote body goes to the operator's log only: job errors are shown to every user of the host. */
function logBody(what: string, text: string): void {
  console.warn(`[endpoint] ${what}; answer began: ${JSON.stringify(text.slice(0, 500))}`)
}

/** Headers of every request to the endpoint. */
export function endpointHeaders(endpoint: Endpoint): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`
  return headers
}

/** POSTs one chat completion in the endpoint's own dialect; every failure becomes an EndpointError with a readable message. */
export async function postChat(endpoint: Endpoint, request: ChatRequest, signal?: AbortSignal): Promise<ChatCompletion> {
  let base: string
  try {
    base = await endpoint.resolve()
  } catch (err) {
    // a refused endpoint stays refused; a local server that failed to start may start next time
    const refused = err instanceof ApiError
    throw new EndpointError(`${endpoint.id}: ${(err as Error).message}`, !refused, !refused)
  }
  const timeout = AbortSignal.timeout(endpoint.timeoutMs)
  const body = wireBody(request, endpoint.engine ?? 'openai', endpoint.model ?? request.defaultModel ?? DEFAULT_SERVED_MODEL)
  let res: Response
  let text: string
  try {
    res = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: endpointHeaders(endpoint),
      body: JSON.stringify(body),
      // a redirect would reach an address the policy never saw: it is an answer like any other 3xx
      redirect: 'manual',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout
    })
    // the body counts too: a server that stalls or dies mid-answer is a timeout or a network
    // failure (retried, failed over), not an "unexpected response"
    text = await readCapped(res)
  } catch (err) {
    if (signal?.aborted) throw err
    if (err instanceof EndpointError) throw new EndpointError(`${endpoint.id}: ${err.message} from ${base}/v1/chat/completions`, false)
    if (timeout.aborted) throw new EndpointError(`${endpoint.id}: timed out after ${endpoint.timeoutMs / 1000} s`, true)
    const { message, down } = describeNetworkError(err)
    throw new EndpointError(`${endpoint.id}: ${message}`, true, down, base)
  }
  const where = `${endpoint.id}: HTTP ${res.status} from ${base}/v1/chat/completions`
  if (!res.ok) {
    logBody(where, text)
    // 408/429/5xx may succeed later or elsewhere; other 4xx are about this request itself
    const transient = res.status === 408 || res.status === 429 || res.status >= 500
    throw new EndpointError(where, transient)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    logBody(where, text)
    throw new EndpointError(`${where}: answer was not JSON`, false)
  }
  const completion = ChatCompletion.safeParse(json)
  if (!completion.success) {
    logBody(where, text)
    throw new EndpointError(`${where}: answer was not a chat completion`, false)
  }
  return completion.data
}
