// Threat model, transport: what someone who can reach the HTTP host, but holds no token, can do.
import { spawn } from 'node:child_process'
import { MAX_STREAMS_PER_OPERATOR_ADDRESS } from '../../src/main/hosts/http/sse'
import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { call } from '../helpers/dispatch'
import { EXAMPLES_DIR, REPO_ROOT } from '../helpers/fixtures'
import { testRoots } from '../helpers/roots'
import { tempDir } from '../helpers/temp'

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

function send(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = ''
      res.setEncoding('latin1')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', fail)
    req.end(opts.body)
  })
}

const api = (port: number, route: string, headers: Record<string, string> = {}) =>
  send(port, `/api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' })

/** Opens the URL the host printed, as a browser would, and returns the session cookie it got. */
async function sessionCookie(host: HttpHost): Promise<string> {
  const opened = await send(host.port, `/?token=${host.token}`)
  expect(opened.status).toBe(302)
  expect(opened.headers.location).toBe('/')
  const [cookie] = opened.headers['set-cookie'] ?? []
  expect(cookie).toMatch(/HttpOnly/i)
  expect(cookie).toMatch(/SameSite=Strict/i)
  expect(cookie).not.toContain(host.token)
  return cookie.split(';')[0]
}

function openStream(port: number, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((done, fail) => request({ host: '127.0.0.1', port, path: '/api/events', headers }, done).on('error', fail).end())
}

describe('transport threats against the real HTTP host', () => {
  let app: StudioApp
  let host: HttpHost
  let project: string
  let clipId: number

  beforeAll(async () => {
    app = createStudioApp({ dataDir: tempDir('skycap-transport-'), roots: testRoots() })
    project = (await call(app, 'project.create', { name: 'transport' })).id
    await call(app, 'clips.import', { kind: 'folder', path: EXAMPLES_DIR })
    clipId = (await call(app, 'clips.list', { search: '2.mp4' })).rows[0].id
    host = await startHttpHost({ app })
  })

  afterAll(async () => {
    await host?.close()
    await app?.close()
  })

  it('a local user without the token gets nothing from a loopback host (401), API, events or media', async () => {
    expect(host.token.length).toBeGreaterThanOrEqual(43)
    expect(host.url).toContain(`?token=${host.token}`)
    expect((await api(host.port, 'app.info')).status).toBe(401)
    expect((await send(host.port, '/api/events')).status).toBe(401)
    expect((await send(host.port, `/media/${project}/${clipId}`)).status).toBe(401)
    expect((await send(host.port, `/media/${project}/${clipId}/filmstrip/0.jpg`)).status).toBe(401)
    // Escaped paths reach the same routes, and need the same token.
    expect((await send(host.port, '/%61pi/app.info', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401)
    expect((await send(host.port, '/%61pi/events')).status).toBe(401)
    expect((await send(host.port, `/medi%61/${project}/${clipId}`)).status).toBe(401)
    expect((await api(host.port, 'app.info', { 'x-studio-token': host.token })).status).toBe(200)
  })

  it('a guessable token is refused: startHttpHost and serve --token both reject one under 22 characters', async () => {
    await expect(startHttpHost({ app, token: 'x' })).rejects.toThrow(/at least 22 characters/)
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/hosts/http/serve.ts', '--port', '0', '--token', 'short', '--data-dir', tempDir()], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    const code = await new Promise<number | null>((done) => child.once('close', done))
    expect(code).toBe(2)
    expect(out).toContain('--token (or SKYCAP_TOKEN): The token must be at least 22 characters long (the one given has 5)')
    expect(out).not.toContain('serving at')
  })

  it('guessing the token is rate-limited: the 11th wrong token in a minute gets 429, and so does the right one, while a session cookie still works', async () => {
    const guarded = await startHttpHost({ app })
    try {
      const cookie = await sessionCookie(guarded)
      for (let n = 1; n <= 10; n++) expect((await api(guarded.port, 'app.info', { 'x-studio-token': `wrong-guess-${n}` })).status, `guess ${n}`).toBe(401)
      const eleventh = await api(guarded.port, 'app.info', { 'x-studio-token': 'wrong-guess-11' })
      expect(eleventh.status).toBe(429)
      expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(0)
      expect(Number(eleventh.headers['retry-after'])).toBeLessThanOrEqual(60)
      expect(JSON.parse(eleventh.body).error.message).toMatch(/Too many wrong tokens/)
      // A right guess past the limit must look the same as a wrong one.
      expect((await api(guarded.port, 'app.info', { 'x-studio-token': guarded.token })).status).toBe(429)
      expect((await send(guarded.port, `/?token=${guarded.token}`)).status).toBe(429)
      expect((await api(guarded.port, 'app.info', { cookie })).status).toBe(200)
    } finally {
      await guarded.close()
    }
  })

  it('media needs the token or the session cookie, and tells browsers not to let other sites embed it', async () => {
    const cookie = await sessionCookie(host)
    for (const path of [`/media/${project}/${clipId}`, `/media/${project}/${clipId}/filmstrip/0.jpg`]) {
      expect((await send(host.port, path)).status, path).toBe(401)
      expect((await send(host.port, path, { headers: { cookie: 'skycap_session_1=forged' } })).status, path).toBe(401)
      const served = await send(host.port, path, { headers: { cookie } })
      expect(served.status, path).toBe(200)
      expect(served.headers['cross-origin-resource-policy'], path).toBe('same-origin')
    }
    // The page itself, its scripts and its errors say the same.
    expect((await send(host.port, '/')).headers['cross-origin-resource-policy']).toBe('same-origin')
    expect((await api(host.port, 'app.info')).headers['cross-origin-resource-policy']).toBe('same-origin')
  })

  it("another site's page cannot embed a clip or thumbnail, even with a credential the browser attached", async () => {
    const cookie = await sessionCookie(host)
    for (const site of ['cross-site', 'same-site']) {
      for (const path of [`/media/${project}/${clipId}`, `/media/${project}/${clipId}/filmstrip/0.jpg`]) {
        const embedded = await send(host.port, path, { headers: { cookie, 'sec-fetch-site': site, 'sec-fetch-dest': 'video' } })
        expect(embedded.status, `${site} ${path}`).toBe(403)
      }
    }
    expect((await send(host.port, `/media/${project}/${clipId}`, { headers: { cookie, 'sec-fetch-site': 'same-origin' } })).status).toBe(200)
  })

  it("one client cannot hold more than the operator's event streams per address open (429), and closing them frees the slots", async () => {
    const auth = { 'x-studio-token': host.token }
    const most = MAX_STREAMS_PER_OPERATOR_ADDRESS
    const streams = await Promise.all(Array.from({ length: most }, () => openStream(host.port, auth)))
    expect(streams.map((s) => s.statusCode)).toEqual(Array(most).fill(200))
    const ninth = await openStream(host.port, auth)
    expect(ninth.statusCode).toBe(429)
    ninth.resume()
    for (const stream of streams) stream.destroy()
    // The host counts a stream as closed once it sees the socket go: try until it has.
    let again = await openStream(host.port, auth)
    for (let tries = 0; again.statusCode !== 200 && tries < 50; tries++) {
      again.resume()
      await new Promise((r) => setTimeout(r, 20))
      again = await openStream(host.port, auth)
    }
    expect(again.statusCode).toBe(200)
    again.destroy()
  })

  it('a reader that never reads its event stream is dropped instead of buffered without end', async () => {
    const socket = connect(host.port, '127.0.0.1')
    socket.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nx-studio-token: ${host.token}\r\n\r\n`)
    const first = await new Promise<Buffer>((done) => socket.once('data', done))
    expect(first.toString()).toMatch(/^HTTP\/1\.1 200/)
    socket.pause()

    const chunk = 'x'.repeat(64 * 1024)
    const events = 512
    for (let n = 0; n < events; n++) app.bus.emit('import.progress', { project, done: n, total: events, path: chunk })
    const emitted = events * chunk.length

    let received = 0
    const ended = await new Promise<boolean>((done) => {
      socket.on('data', (d: Buffer) => {
        received += d.length
        if (received >= emitted) done(false)
      })
      socket.once('close', () => done(true))
      socket.resume()
    })
    socket.destroy()
    expect(ended).toBe(true)
    expect(received).toBeLessThan(emitted)
    expect((await api(host.port, 'app.info', { 'x-studio-token': host.token })).status).toBe(200)
  })

  it('a 4 MB deeply nested body is refused (400) before it is parsed, while the host goes on serving others', async () => {
    const depth = 2 * 1024 * 1024
    const nested = '['.repeat(depth) + ']'.repeat(depth)
    const answer = new Promise<Answer>((done, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/api/app.info',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-studio-token': host.token }
        },
        (res) => {
          let body = ''
          res.on('data', (c: Buffer) => (body += c))
          res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }))
        }
      )
      req.on('error', fail)
      // Half the body now; another client is served before the rest arrives.
      req.write(nested.slice(0, depth))
      void api(host.port, 'app.info', { 'x-studio-token': host.token }).then((other) => {
        expect(other.status).toBe(200)
        req.end(nested.slice(depth))
      }, fail)
    })
    const refused = await answer
    expect(refused.status).toBe(400)
    expect(JSON.parse(refused.body).error).toEqual({ code: 'invalid_input', message: 'Body nests deeper than 64 levels' })
  })
})
