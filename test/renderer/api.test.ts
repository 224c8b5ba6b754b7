import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { createHttpClient } from '../../src/renderer/src/api/http'
import { createIpcClient, type StudioBridge } from '../../src/renderer/src/api/ipc'
import { ApiError } from '../../src/shared/errors'
import { tempDir } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

/** Records what the client asks of EventSource, and lets a test push messages. */
class FakeEventSource {
  static last: FakeEventSource | null = null
  listeners = new Map<string, (message: { data: string }) => void>()
  constructor(readonly url: string) {
    FakeEventSource.last = this
  }
  addEventListener(name: string, cb: (message: { data: string }) => void): void {
    this.listeners.set(name, cb)
  }
  removeEventListener(name: string): void {
    this.listeners.delete(name)
  }
}

const P = '0123456789abcdef'
const TOKEN = 'sesame-open-at-least-22'

describe('renderer HTTP client against the real host', () => {
  let dir: string
  let app: StudioApp
  let host: HttpHost
  const realFetch = globalThis.fetch

  beforeAll(async () => {
    dir = tempDir('skycap-renderer-api-')
    app = createStudioApp({ dataDir: dir, roots: testRoots() })
    host = await startHttpHost({ app, port: 0, token: TOKEN })
    // The page fetches relative URLs; in Node they need the host's origin.
    vi.stubGlobal('fetch', (url: string, init?: RequestInit) => realFetch(`http://127.0.0.1:${host.port}${url}`, init))
    vi.stubGlobal('EventSource', FakeEventSource)
  })
  afterAll(async () => {
    vi.unstubAllGlobals()
    await host?.close()
    await app?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('calls routes with the token and returns their data', async () => {
    const api = createHttpClient(TOKEN)
    const project = await api.request('project.create', { name: 'renderer client' })
    expect(project.name).toBe('renderer client')
    expect((await api.request('project.list', {})).map((p) => p.path)).toContain(project.path)
  })

  it('throws ApiError with the host error code and message', async () => {
    const api = createHttpClient(TOKEN)
    const { id: project } = await api.request('project.create', { name: 'renderer errors' })
    const err = await api.request('clips.get', { id: 'x' as unknown as number, project }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe('invalid_input')
    const refused = await createHttpClient(null)
      .request('project.list', {})
      .catch((e: unknown) => e)
    expect((refused as ApiError).code).toBe('unauthorized')
  })

  it('puts the token on event and media URLs and parses event payloads', () => {
    const api = createHttpClient('a b')
    expect(api.mediaUrl(P, 7)).toBe(`/media/${P}/7?token=a%20b`)
    expect(api.filmstripUrl(P, 7, 15)).toBe(`/media/${P}/7/filmstrip/15.jpg?token=a%20b`)
    const seen: unknown[] = []
    const off = api.on('import.progress', (payload) => seen.push(payload))
    expect(FakeEventSource.last?.url).toBe('/api/events?token=a%20b')
    FakeEventSource.last?.listeners.get('import.progress')?.({ data: `{"project":"${P}","done":1,"total":2,"path":"a.mp4"}` })
    expect(seen).toEqual([{ project: P, done: 1, total: 2, path: 'a.mp4' }])
    off()
    expect(FakeEventSource.last?.listeners.has('import.progress')).toBe(false)
    expect(createHttpClient(null).mediaUrl(P, 7)).toBe(`/media/${P}/7`)
  })
})

describe('renderer IPC client', () => {
  it('unwraps results, throws errors as ApiError and uses the media: scheme', async () => {
    const bridge: StudioBridge = {
      request: vi.fn(async (route: string) =>
        route === 'project.list'
          ? { ok: true as const, data: [] }
          : { ok: false as const, error: { code: 'conflict' as const, message: 'stale', details: { latest: 3 } } }
      ),
      on: vi.fn(() => () => {})
    }
    const api = createIpcClient(bridge)
    expect(await api.request('project.list', {})).toEqual([])
    const err = await api.request('clips.counts', { project: P }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'conflict', message: 'stale', details: { latest: 3 } })
    expect(err).toBeInstanceOf(ApiError)
    expect(bridge.request).toHaveBeenLastCalledWith('clips.counts', { project: P })
    expect(api.mediaUrl(P, 12)).toBe(`media://studio/media/${P}/12`)
    expect(api.filmstripUrl(P, 12, 3)).toBe(`media://studio/media/${P}/12/filmstrip/3.jpg`)
  })
})
