// Behind a TLS reverse proxy (nginx, Caddy) browsers send Origin https://studio.example.com and the
// proxy passes their Host on: the real host accepts exactly those with --public-origin, and no others.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { MAX_STREAMS_PER_OPERATOR_ADDRESS } from '../../../src/main/hosts/http/sse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../../src/main/app'
import { startHttpHost, type HttpHost } from '../../../src/main/hosts/http/http'
import { testRoots } from '../../helpers/roots'
import { tempDir } from '../../helpers/temp'

const PUBLIC = 'https://studio.example.com'

/** node:http, since fetch forbids setting Host: what the proxy forwards. */
function send(
  port: number,
  path: string,
  headers: Record<string, string>,
  body?: string
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, text }))
    })
    req.on('error', fail)
    req.end(body)
  })
}

describe('a host behind a reverse proxy (--public-origin)', () => {
  let app: StudioApp
  let proxied: HttpHost
  let plain: HttpHost

  beforeAll(async () => {
    app = createStudioApp({ dataDir: tempDir(), roots: testRoots() })
    proxied = await startHttpHost({ app, publicOrigin: `${PUBLIC}/` })
    plain = await startHttpHost({ app })
  })
  afterAll(async () => {
    await proxied.close()
    await plain.close()
    await app.close()
  })

  const info = (host: HttpHost, headers: Record<string, string>) =>
    send(host.port, '/api/app.info', { 'content-type': 'application/json', 'x-studio-token': host.token, ...headers }, '{}')

  it("accepts the browser's Host and Origin as the proxy forwards them, and prints the public address", async () => {
    expect(proxied.url).toBe(`${PUBLIC}/?token=${proxied.token}`)
    const answer = await info(proxied, { host: 'studio.example.com', origin: PUBLIC })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.text).ok).toBe(true)
    // nginx's default Host is the upstream's; the loopback names still work on the machine itself
    expect((await info(proxied, { host: `127.0.0.1:${proxied.port}`, origin: PUBLIC })).status).toBe(200)
    expect((await info(proxied, { host: `127.0.0.1:${proxied.port}` })).status).toBe(200)
  })

  it('refuses another site, a plain-http downgrade of the origin and another Host', async () => {
    for (const origin of ['https://evil.example', 'http://studio.example.com', 'https://studio.example.com:8443']) {
      const refused = await info(proxied, { host: 'studio.example.com', origin })
      expect(refused.status, origin).toBe(401)
      expect(refused.text).toContain('Cross-origin request refused')
    }
    const rebound = await info(proxied, { host: 'evil.example' })
    expect(rebound.status).toBe(401)
    expect(rebound.text).toContain('Unexpected Host header')
  })

  it('without the flag, the same proxied request is refused: the flag is what lets a proxy in', async () => {
    expect((await info(plain, { host: 'studio.example.com' })).status).toBe(401)
    expect((await info(plain, { host: `127.0.0.1:${plain.port}`, origin: PUBLIC })).text).toContain('Cross-origin request refused')
  })

  it('makes the session cookie Secure when the public origin is https', async () => {
    const signIn = await send(proxied.port, `/?token=${proxied.token}`, { host: 'studio.example.com' })
    expect(signIn.status).toBe(302)
    expect(String(signIn.headers['set-cookie'])).toContain('Secure')
    const local = await send(plain.port, `/?token=${plain.token}`, { host: `127.0.0.1:${plain.port}` })
    expect(String(local.headers['set-cookie'])).not.toContain('Secure')
  })

  it("counts event streams per client address from the local proxy's X-Forwarded-For, not all as the proxy's one", async () => {
    const streams = (host: HttpHost, n: number) =>
      Promise.all(
        Array.from(
          { length: n },
          (_, i) =>
            new Promise<{ status: number; close: () => void }>((done, fail) => {
              const headers = { 'x-studio-token': host.token, host: `127.0.0.1:${host.port}`, 'x-forwarded-for': `203.0.113.${i + 1}` }
              const req = httpRequest({ host: '127.0.0.1', port: host.port, path: '/api/events', headers }, (res) =>
                done({ status: res.statusCode ?? 0, close: () => req.destroy() })
              )
              req.on('error', fail)
              req.end()
            })
        )
      )
    // more streams than the per-address limit, each behind the proxy at an address of their own
    const n = MAX_STREAMS_PER_OPERATOR_ADDRESS + 4
    const team = await streams(proxied, n)
    expect(team.map((s) => s.status)).toEqual(Array(n).fill(200))
    for (const s of team) s.close()
    // without the flag the header is not believed: all of them are one address
    const direct = await streams(plain, n)
    expect(direct.filter((s) => s.status === 429)).toHaveLength(4)
    for (const s of direct) s.close()
  })

  it('refuses a public origin that is not just scheme, host and port', async () => {
    for (const bad of ['studio.example.com', 'https://studio.example.com/studio', 'ftp://studio.example.com', 'https://studio.example.com/?x=1']) {
      await expect(startHttpHost({ app, publicOrigin: bad }), bad).rejects.toThrow(/scheme, host and optional port/)
    }
  })
})
