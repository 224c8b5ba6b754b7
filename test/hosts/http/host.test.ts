import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../../src/main/app'
import { startHttpHost, type HttpHost } from '../../../src/main/hosts/http/http'
import { tempDir } from '../../helpers/temp'
import { testRoots } from '../../helpers/roots'

const FIXTURES = resolve(import.meta.dirname, '../../../../shared/fixtures/skycaptioner_v1')
const CLIP_2 = join(FIXTURES, 'examples/data/2.mp4')

interface Raw {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

/** node:http rather than fetch: fetch normalises `..` and forbids setting Host, which these tests need. */
function raw(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Raw>((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', fail)
    req.end(opts.body)
  })
}

function post(port: number, route: string, input: unknown, headers: Record<string, string> = {}) {
  return raw(port, `/api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input)
  }).then((r) => ({ ...r, json: JSON.parse(r.body.toString('utf8')) }))
}

describe('HTTP host against the real studio app', () => {
  let dir: string
  let app: StudioApp
  let host: HttpHost
  let clipId: number
  /** The project the tests create; project routes and media paths name it. */
  let project: string
  const staticDir = () => join(dir, 'renderer')
  /** Requests to the host under test, with its token. */
  const authed = (path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    raw(host.port, path, { ...opts, headers: { 'x-studio-token': host.token, ...opts.headers } })
  const api = (route: string, input: unknown, headers: Record<string, string> = {}) =>
    post(host.port, route, input, { 'x-studio-token': host.token, ...headers })

  beforeAll(async () => {
    dir = tempDir('skycap-http-')
    // A stand-in for out/renderer, plus a file next to it that traversal must never reach.
    mkdirSync(join(dir, 'renderer/assets'), { recursive: true })
    writeFileSync(join(dir, 'renderer/index.html'), '<!doctype html><title>studio</title>')
    writeFileSync(join(dir, 'renderer/assets/app-1234.js'), 'console.log(1)')
    writeFileSync(join(dir, 'secret.txt'), 'TOP SECRET')
    app = createStudioApp({ dataDir: join(dir, 'data'), roots: testRoots() })
    host = await startHttpHost({ app, port: 0, staticDir: staticDir() })
  })

  afterAll(async () => {
    await host?.close()
    await app?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('binds to loopback on a free port and still needs a token there, which its URL carries', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`)
    expect(host.token).toMatch(/^[\w-]{43}$/)
    expect((await post(host.port, 'app.info', {})).status).toBe(401)
  })

  it('round-trips API requests through the router', async () => {
    const info = await api('app.info', {})
    expect(info.status).toBe(200)
    expect(info.json.ok).toBe(true)
    expect(info.json.data.project).toBeNull()

    const created = await api('project.create', { name: 'HTTP test' })
    expect(created.json).toMatchObject({ ok: true, data: { name: 'HTTP test', clipCount: 0 } })
    expect(created.json.data.path.endsWith('.sqlite')).toBe(true)
    project = created.json.data.id

    const list = await api('project.list', {})
    expect(list.json.data.map((p: { name: string }) => p.name)).toContain('HTTP test')
  })

  it('answers an unknown route and invalid input with error envelopes', async () => {
    const unknown = await api('nope.nothing', {})
    expect(unknown.status).toBe(404)
    expect(unknown.json).toMatchObject({ ok: false, error: { code: 'unknown_route' } })

    const invalid = await api('project.create', { name: 42 })
    expect(invalid.status).toBe(400)
    expect(invalid.json).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(Array.isArray(invalid.json.error.details)).toBe(true)

    const unnamed = await api('clips.counts', {})
    expect(unnamed.status).toBe(400)
    expect(unnamed.json.error.message).toMatch(/project: every request about project data names its project/)
  })

  it('refuses bodies that are not JSON, too large, or sent cross-site', async () => {
    const broken = await authed('/api/app.info', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json'
    })
    expect(broken.status).toBe(400)
    expect(JSON.parse(broken.body.toString()).error.code).toBe('invalid_input')

    const formPost = await authed('/api/project.create', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"name":"csrf"}'
    })
    expect(formPost.status).toBe(400)

    const huge = await api('project.create', { name: 'x'.repeat(6 * 1024 * 1024) })
    expect(huge.status).toBe(413)

    const crossSite = await api('app.info', {}, { origin: 'http://evil.example' })
    expect(crossSite.status).toBe(401)

    // DNS rebinding: a page of another name resolving to 127.0.0.1 must not reach the API.
    const rebound = await api('app.info', {}, { host: `evil.example:${host.port}` })
    expect(rebound.status).toBe(401)
  })

  it('streams bus events over SSE while a folder is imported', async () => {
    const received: string[] = []
    const sse = httpRequest({ host: '127.0.0.1', port: host.port, path: '/api/events', headers: { 'x-studio-token': host.token } })
    const gotEvent = new Promise<void>((done) => {
      sse.on('response', (res) => {
        expect(res.statusCode).toBe(200)
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/)
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          received.push(chunk)
          if (/event: import\.progress\ndata: \{.*\}\n\n/.test(received.join(''))) done()
        })
      })
    })
    sse.end()
    await new Promise((r) => setTimeout(r, 100))

    const report = await api('clips.import', { kind: 'folder', path: FIXTURES, project })
    expect(report.json.ok).toBe(true)
    expect(report.json.data.added).toBe(2)
    await gotEvent
    sse.destroy()
    const progress = /event: import\.progress\ndata: (\{.*\})\n\n/.exec(received.join(''))![1]
    expect(JSON.parse(progress)).toMatchObject({ project, total: 2 })

    const clips = await api('clips.list', { search: '2.mp4', project })
    const row = clips.json.data.rows.find((r: { name: string }) => r.name === '2.mp4')
    expect(row).toBeDefined()
    clipId = row.id
  })

  it('serves a registered clip with HTTP Range', async () => {
    const bytes = readFileSync(CLIP_2)
    const whole = await authed(`/media/${project}/${clipId}`)
    expect(whole.status).toBe(200)
    expect(whole.headers['content-type']).toBe('video/mp4')
    expect(whole.headers['accept-ranges']).toBe('bytes')
    expect(whole.body.equals(bytes)).toBe(true)

    const part = await authed(`/media/${project}/${clipId}`, { headers: { range: 'bytes=1000-1999' } })
    expect(part.status).toBe(206)
    expect(part.headers['content-range']).toBe(`bytes 1000-1999/${bytes.length}`)
    expect(part.headers['content-length']).toBe('1000')
    expect(part.body.equals(bytes.subarray(1000, 2000))).toBe(true)

    const open = await authed(`/media/${project}/${clipId}`, { headers: { range: `bytes=${bytes.length - 10}-` } })
    expect(open.status).toBe(206)
    expect(open.body.equals(bytes.subarray(bytes.length - 10))).toBe(true)

    const suffix = await authed(`/media/${project}/${clipId}`, { headers: { range: 'bytes=-16' } })
    expect(suffix.body.equals(bytes.subarray(bytes.length - 16))).toBe(true)

    const beyond = await authed(`/media/${project}/${clipId}`, { headers: { range: `bytes=${bytes.length}-` } })
    expect(beyond.status).toBe(416)
    expect(beyond.headers['content-range']).toBe(`bytes */${bytes.length}`)
  })

  it('serves nothing but registered clips under /media', async () => {
    expect((await authed(`/media/${project}/987654`)).status).toBe(404)
    expect((await authed(`/media/${project}/abc`)).status).toBe(404)
    // the clip without its project, or in one that is not open
    expect((await authed(`/media/${clipId}`)).status).toBe(404)
    expect((await authed(`/media/ffffffffffffffff/${clipId}`)).status).toBe(404)
    expect((await authed('/media/..%2f..%2fsecret.txt')).status).toBe(404)
    expect((await authed(`/media/${project}/${clipId}/../../secret.txt`)).status).toBe(404)
    for (const path of [
      `/media/${project}/0${clipId}`,
      `/media/${project}/${clipId}/`,
      `/media/${project}/${clipId}/extra`,
      `/media/${project}/${clipId}/filmstrip/16.jpg`,
      `/media/${project}/${clipId}/filmstrip/03.jpg`
    ]) {
      expect((await authed(path)).status, path).toBe(404)
    }
    expect((await authed(`/media/${project}/${clipId}/filmstrip/0.jpg`, { method: 'POST' })).status).toBe(405)
  })

  it('serves the renderer with security headers, SPA fallback, and no way out of its folder', async () => {
    const index = await raw(host.port, '/')
    expect(index.status).toBe(200)
    expect(index.headers['content-type']).toMatch(/^text\/html/)
    expect(index.headers['content-security-policy']).toContain("default-src 'self'")
    expect(index.headers['x-content-type-options']).toBe('nosniff')

    const asset = await raw(host.port, '/assets/app-1234.js')
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/)
    expect(asset.headers['cache-control']).toContain('immutable')

    expect((await raw(host.port, '/review/12')).body.toString()).toContain('<title>studio</title>')
    expect((await raw(host.port, '/assets/missing.js')).status).toBe(404)

    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00']) {
      const res = await raw(host.port, path)
      expect([403, 404], path).toContain(res.status)
      expect(res.body.toString()).not.toContain('TOP SECRET')
    }
  })

  it('requires the token on /api and /media when one is configured', async () => {
    const guarded = await startHttpHost({ app, port: 0, token: 'the-token-of-22-characters', staticDir: staticDir() })
    try {
      expect(guarded.url).toBe(`http://127.0.0.1:${guarded.port}/?token=the-token-of-22-characters`)
      const without = await post(guarded.port, 'app.info', {})
      expect(without.status).toBe(401)
      expect(without.json).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
      expect((await post(guarded.port, 'app.info', {}, { 'x-studio-token': 'wrong' })).status).toBe(401)
      expect((await post(guarded.port, 'app.info', {}, { 'x-studio-token': 'the-token-of-22-characters' })).json.ok).toBe(true)
      expect((await post(guarded.port, 'app.info?token=the-token-of-22-characters', {})).json.ok).toBe(true)
      expect((await raw(guarded.port, `/media/${project}/${clipId}`)).status).toBe(401)
      expect((await raw(guarded.port, `/media/${project}/${clipId}?token=the-token-of-22-characters`, { headers: { range: 'bytes=0-9' } })).status).toBe(206)
      expect((await raw(guarded.port, '/api/events')).status).toBe(401)
      // The page itself loads without the token: it reads the token from its own URL.
      expect((await raw(guarded.port, '/')).status).toBe(200)
    } finally {
      await guarded.close()
    }
  })

  it('generates a token when bound beyond loopback', async () => {
    const open = await startHttpHost({ app, host: '0.0.0.0', port: 0, staticDir: staticDir() })
    try {
      expect(open.token).toMatch(/^[\w-]{24,}$/)
      expect(open.url).toContain(`?token=${open.token}`)
      expect((await post(open.port, 'app.info', {})).status).toBe(401)
      expect((await post(open.port, 'app.info', {}, { 'x-studio-token': open.token! })).json.ok).toBe(true)
    } finally {
      await open.close()
    }
  })
})
