// Threat model, endpoints: a caller holding the token (or any local user of a loopback host) must
// not make the host send requests, clips or a key to an address the operator did not choose, nor
// read a remote answer back through jobs.list. All over the real HTTP host.
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync } from 'node:fs'
import { lookup } from 'node:dns/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import type { EndpointsConfig } from '../../src/main/inference/endpointPolicy'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { isProjectRoute, type Route } from '../../src/shared/contract'
import type { JobInfo } from '../../src/shared/jobs'
import { CLIP_2 } from '../helpers/fixtures'
import { tempDir } from '../helpers/temp'

const SECRET = 'AKIA-SECRET-BODY-4711'

interface Seen {
  url: string
  authorization: string | undefined
}

/** A listener on another loopback address (127.0.0.2) that answers chat requests as `answer` says. */
async function listener(): Promise<{ url: string; seen: Seen[]; answer: (res: http.ServerResponse) => void; close(): Promise<void> }> {
  const seen: Seen[] = []
  const state: { answer: (res: http.ServerResponse) => void } = {
    answer: (res) => void res.writeHead(500, { 'content-type': 'text/plain' }).end(`internal: ${SECRET}`)
  }
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization })
    req.resume().on('end', () => (req.url === '/v1/chat/completions' ? state.answer(res) : res.writeHead(404).end(SECRET)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve))
  return {
    url: `http://127.0.0.2:${(server.address() as AddressInfo).port}`,
    seen,
    set answer(fn: (res: http.ServerResponse) => void) {
      state.answer = fn
    },
    get answer() {
      return state.answer
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())))
  }
}

interface Studio {
  app: StudioApp
  host: HttpHost
  api(route: string, input: unknown): Promise<{ status: number; json: { ok: boolean; data?: unknown; error?: { code: string; message: string } } }>
  clipId: number
  close(): Promise<void>
}

/** The real app behind the real HTTP host, with one imported clip. */
async function studio(bind: string, endpoints: EndpointsConfig): Promise<Studio> {
  const dir = tempDir('skycap-sec-endpoints-')
  const media = path.join(dir, 'media')
  mkdirSync(media)
  copyFileSync(CLIP_2, path.join(media, '2.mp4'))
  const app = createStudioApp({ dataDir: path.join(dir, 'data'), roots: { media: [media] }, endpoints })
  const token = randomBytes(24).toString('base64url')
  const host = await startHttpHost({ app, host: bind, port: 0, token })
  let project = ''
  const api: Studio['api'] = async (route, input) => {
    const res = await fetch(`http://127.0.0.1:${host.port}/api/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-studio-token': token },
      body: JSON.stringify(project && isProjectRoute(route as Route) ? { project, ...(input as object) } : input)
    })
    return { status: res.status, json: await res.json() }
  }
  const created = await api('project.create', { name: 'endpoints' })
  project = (created.json.data as { id: string }).id
  const imported = await api('clips.import', { kind: 'folder', path: media })
  expect(imported.json.ok, JSON.stringify(imported.json)).toBe(true)
  const listed = await api('clips.list', {})
  const clipId = (listed.json.data as { rows: { id: number }[] }).rows[0].id
  return { app, host, api, clipId, close: async () => (await host.close(), await app.close()) }
}

const endpoint = (url: string, extra: Record<string, unknown> = {}) => ({ url, concurrency: 1, timeoutMs: 5000, retries: 0, ...extra })

async function finishedJob(s: Studio, id: number): Promise<{ job: JobInfo; listText: string }> {
  for (let i = 0; i < 600; i++) {
    const list = await s.api('jobs.list', {})
    const job = (list.json.data as JobInfo[]).find((j) => j.id === id)
    if (job && job.state !== 'running' && job.state !== 'queued') return { job, listText: JSON.stringify(list.json) }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`job ${id} did not finish`)
}

describe('endpoints on a host others can reach (bound to 0.0.0.0)', () => {
  let listed: Awaited<ReturnType<typeof listener>>
  let unlisted: Awaited<ReturnType<typeof listener>>
  let s: Studio

  beforeAll(async () => {
    listed = await listener()
    unlisted = await listener()
    // no onlyConfigured here: binding 0.0.0.0 is what must switch it on
    s = await studio('0.0.0.0', { managed: [{ url: listed.url, apiKey: 'operator-key' }] })
  })
  afterAll(async () => {
    await s?.close()
    await listed?.close()
    await unlisted?.close()
  })

  it('refuses prelabel.start and fusion.start to an unlisted URL, naming the rule, and sends it nothing (no caller Authorization either)', async () => {
    const engine = { endpoints: [endpoint(unlisted.url, { apiKey: 'caller-key' })] }
    const prelabel = await s.api('prelabel.start', { scope: 'selected', clipIds: [s.clipId], engine })
    expect(prelabel.status).toBe(403)
    expect(prelabel.json.error?.message).toMatch(/accepts only the endpoints its operator configured \(--endpoint, --allow-endpoint-host\)/)
    expect(prelabel.json.error?.message).toContain(listed.url)
    const fusion = await s.api('fusion.start', { scope: 'selected', clipIds: [s.clipId], engine })
    expect(fusion.status).toBe(403)
    expect(unlisted.seen).toEqual([])
  })

  it('lists the operator endpoints for the Pre-label form', async () => {
    const status = await s.api('engine.status', {})
    expect(status.json.data).toMatchObject({ endpoints: { configured: [listed.url], onlyConfigured: true } })
  })

  it('never returns a remote body in jobs.list (HTTP error, non-JSON answer, prose answer), and sends the operator key, not the caller key', async () => {
    const cases: [string, (res: http.ServerResponse) => void, RegExp][] = [
      [
        '500',
        (res) => void res.writeHead(500, { 'content-type': 'text/plain' }).end(`internal: ${SECRET}`),
        /HTTP 500 from http:\/\/127\.0\.0\.2:\d+\/v1\/chat\/completions/
      ],
      ['not JSON', (res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end(SECRET), /answer was not JSON/],
      [
        'prose',
        (res) =>
          void res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: `The key is ${SECRET}` }, finish_reason: 'stop' }] })),
        /not a caption/
      ]
    ]
    for (const [name, answer, expected] of cases) {
      listed.answer = answer
      const engine = { endpoints: [endpoint(listed.url, { apiKey: 'caller-key', check: false })], maxTokens: 64 }
      const started = await s.api('prelabel.start', { scope: 'selected', clipIds: [s.clipId], engine })
      expect(started.status, name).toBe(200)
      const { job, listText } = await finishedJob(s, (started.json.data as JobInfo).id)
      expect(job.failures[0]?.error, name).toMatch(expected)
      expect(listText, name).not.toContain(SECRET)
    }
    // the endpoint check's failure is as safe
    listed.answer = cases[0][1]
    const checked = await s.api('prelabel.start', { scope: 'selected', clipIds: [s.clipId], engine: { endpoints: [endpoint(listed.url)] } })
    const { job, listText } = await finishedJob(s, (checked.json.data as JobInfo).id)
    expect(job).toMatchObject({ state: 'failed', error: expect.stringMatching(/check clip failed .*HTTP 500 from/) })
    expect(listText).not.toContain(SECRET)

    const chats = listed.seen.filter((r) => r.url === '/v1/chat/completions')
    expect(chats.length).toBeGreaterThanOrEqual(4)
    expect(new Set(listed.seen.map((r) => r.authorization))).toEqual(new Set(['Bearer operator-key']))
  }, 120_000)
  it('cuts off an answer larger than 8 MB instead of holding it in memory', async () => {
    listed.answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(1024 * 1024, 'x')
      const more = (left: number): void => void (left > 0 ? res.write(chunk, () => more(left - 1)) : res.end())
      more(64)
    }
    const engine = { endpoints: [endpoint(listed.url, { check: false })], maxTokens: 64 }
    const started = await s.api('prelabel.start', { scope: 'selected', clipIds: [s.clipId], engine })
    const { job } = await finishedJob(s, (started.json.data as JobInfo).id)
    expect(job.failures[0]?.error).toMatch(/answer larger than 8 MB from http:\/\/127\.0\.0\.2:\d+\/v1\/chat\/completions$/)
  }, 60_000)

  it('does not follow a listed endpoint that redirects to an unlisted one', async () => {
    listed.answer = (res) => void res.writeHead(307, { location: `${unlisted.url}/v1/chat/completions` }).end()
    const engine = { endpoints: [endpoint(listed.url, { check: false })], maxTokens: 64 }
    const started = await s.api('prelabel.start', { scope: 'selected', clipIds: [s.clipId], engine })
    const { job } = await finishedJob(s, (started.json.data as JobInfo).id)
    expect(job.failures[0]?.error).toMatch(/HTTP 307 from http:\/\/127\.0\.0\.2:\d+\/v1\/chat\/completions$/)
    expect(unlisted.seen).toEqual([])
  }, 60_000)
})

describe('endpoints on a loopback host', () => {
  let other: Awaited<ReturnType<typeof listener>>
  let s: Studio

  beforeAll(async () => {
    other = await listener()
    // stand-in resolver (the sandbox has no DNS): an attacker's name that resolves to the metadata address
    const resolve = async (name: string) => (name === 'metadata.attacker.test' ? [{ address: '169.254.169.254' }] : lookup(name, { all: true }))
    s = await studio('127.0.0.1', { lookup: resolve })
  })
  afterAll(async () => {
    await s?.close()
    await other?.close()
  })

  it.each([
    'http://169.254.169.254/latest/meta-data',
    'http://2852039166/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fe80::1]:8000',
    'http://100.100.100.200/',
    'http://metadata.google.internal/computeMetadata/v1',
    'http://metadata.attacker.test:8000'
  ])('refuses a link-local or cloud-metadata endpoint: %s', async (url) => {
    const res = await s.api('prelabel.start', { scope: 'selected', clipIds: [s.clipId], engine: { endpoints: [endpoint(url)] } })
    expect(res.status).toBe(403)
    expect(res.json.error?.message).toMatch(/is a link-local or cloud-metadata address; refused unless the operator allows its host \(--allow-endpoint-host\)/)
    const fusion = await s.api('fusion.start', { scope: 'selected', clipIds: [s.clipId], engine: { endpoints: [endpoint(url)] } })
    expect(fusion.status).toBe(403)
  })

  it('still accepts any other http(s) endpoint, as before', async () => {
    const started = await s.api('prelabel.start', { scope: 'selected', clipIds: [s.clipId], engine: { endpoints: [endpoint(other.url, { check: false })] } })
    expect(started.status).toBe(200)
    await finishedJob(s, (started.json.data as JobInfo).id)
    expect(other.seen.some((r) => r.url === '/v1/chat/completions')).toBe(true)
  })
})
