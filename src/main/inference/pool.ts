import { EndpointError, postChat, type Endpoint } from './endpoint'
import type { ChatCompletion, ChatRequest } from './captionRequest'
import { EndpointRefusedError, identifyEngine, type EndpointCheck } from './endpointCheck'

export interface PoolResult {
  completion: ChatCompletion
  endpointId: string
  attempts: number
  requestMs: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Spreads requests over endpoints within each one's concurrency. Transient failures are retried
 * with backoff on the same endpoint; a dead endpoint is rested and the request moves to another.
 */
export class EndpointPool {
  private active = new Map<string, number>()
  private downUntil = new Map<string, number>()
  private waiters: (() => void)[] = []

  constructor(
    readonly endpoints: Endpoint[],
    private readonly restMs = 5000
  ) {
    if (endpoints.length === 0) throw new Error('The endpoint pool needs at least one endpoint')
  }

  get capacity(): number {
    return this.endpoints.reduce((sum, e) => sum + e.concurrency, 0)
  }

  /**
   * Learns each endpoint's engine, which names its sampling fields, and runs `check` (endpointCheck)
   * on every endpoint that asks for it, all at once. Throws EndpointRefusedError when any is
   * refused: a job must not mix in an endpoint that shows the model something else than trained.
   */
  async prepare(check?: (endpoint: Endpoint) => Promise<EndpointCheck>, signal?: AbortSignal): Promise<EndpointCheck[]> {
    const checked = check ? this.endpoints.filter((e) => e.check) : []
    const others = this.endpoints.filter((e) => !checked.includes(e) && e.engine === null)
    const [checks] = await Promise.all([
      Promise.all(checked.map((endpoint) => this.runCheck(endpoint, check!, signal))),
      Promise.all(others.map(async (e) => (e.engine = (await identifyEngine(e, signal).catch(() => null)) ?? 'openai')))
    ])
    if (checks.some((c) => !c.ok)) throw new EndpointRefusedError(checks)
    return checks
  }

  private async runCheck(endpoint: Endpoint, check: (endpoint: Endpoint) => Promise<EndpointCheck>, signal?: AbortSignal): Promise<EndpointCheck> {
    try {
      const result = await check(endpoint)
      if (result.ok) endpoint.engine = result.engine
      return result
    } catch (err) {
      if (signal?.aborted) throw err
      const message = `${endpoint.id} refused: the check clip failed (${(err as Error).message})`
      return { endpointId: endpoint.id, ok: false, engine: endpoint.engine ?? 'openai', clipTokens: null, message }
    }
  }

  async request(body: ChatRequest, signal?: AbortSignal): Promise<PoolResult> {
    const failed = new Set<string>()
    let lastError: Error | null = null
    let attempts = 0
    while (failed.size < this.endpoints.length) {
      const endpoint = await this.acquire(failed, signal)
      try {
        for (let retry = 0; ; retry++) {
          attempts++
          const started = performance.now()
          try {
            const completion = await postChat(endpoint, body, signal)
            this.downUntil.delete(endpoint.id)
            return { completion, endpointId: endpoint.id, attempts, requestMs: performance.now() - started }
          } catch (err) {
            if (!(err instanceof EndpointError) || !err.transient) throw err
            lastError = err
            // a server we run is restarted and retried; a dead remote one is left for another
            const restarted = err.endpointDown && err.url !== undefined && endpoint.recover !== undefined
            if (restarted) endpoint.recover?.(err.url as string)
            if ((err.endpointDown && !restarted) || retry >= endpoint.retries) break
            await sleep(Math.min(10_000, 250 * 2 ** retry))
          }
        }
      } finally {
        this.release(endpoint)
      }
      failed.add(endpoint.id)
      this.downUntil.set(endpoint.id, Date.now() + this.restMs)
    }
    throw lastError ?? new Error('No endpoint could take the request')
  }

  /** Waits for a free slot on the least busy endpoint not yet failed for this request. */
  private async acquire(failed: Set<string>, signal?: AbortSignal): Promise<Endpoint> {
    for (;;) {
      signal?.throwIfAborted()
      const now = Date.now()
      const candidates = this.endpoints.filter((e) => !failed.has(e.id))
      // prefer endpoints that are not resting; fall back to resting ones rather than giving up
      const up = candidates.filter((e) => (this.downUntil.get(e.id) ?? 0) <= now)
      const pool = up.length > 0 ? up : candidates
      const free = pool
        .filter((e) => (this.active.get(e.id) ?? 0) < e.concurrency)
        .sort((a, b) => (this.active.get(a.id) ?? 0) / a.concurrency - (this.active.get(b.id) ?? 0) / b.concurrency)
      if (free.length > 0) {
        const endpoint = free[0]
        this.active.set(endpoint.id, (this.active.get(endpoint.id) ?? 0) + 1)
        return endpoint
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }

  private release(endpoint: Endpoint): void {
    this.active.set(endpoint.id, (this.active.get(endpoint.id) ?? 1) - 1)
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }
}
