import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createStudioApp, type StudioApp } from '../../../src/main/app'
import { createIpcClient } from '../../../src/renderer/src/api/ipc'
import { tempDir } from '../../helpers/temp'
import { testRoots } from '../../helpers/roots'

type Handler = (request: Request) => Promise<Response>
const handlers = new Map<string, Handler>()
const privileged: unknown[] = []

// The Electron binary is unavailable here: only the two protocol calls the shell makes are stood in for.
vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => privileged.push(...schemes),
    handle: (scheme: string, handler: Handler) => handlers.set(scheme, handler)
  }
}))

const { handleSchemes, registerSchemes } = await import('../../../src/main/hosts/electron/protocol')

const FIXTURES = resolve(import.meta.dirname, '../../../../shared/fixtures/skycaptioner_v1')
const CLIP_2 = join(FIXTURES, 'examples/data/2.mp4')

describe('Electron app: and media: schemes against the real studio app (Electron protocol mocked)', () => {
  let dir: string
  let app: StudioApp
  let clipId: number
  let project: string
  const fetchScheme = (url: string, headers: Record<string, string> = {}) => {
    const scheme = url.slice(0, url.indexOf(':'))
    return handlers.get(scheme)!(new Request(url, { headers }))
  }

  beforeAll(async () => {
    dir = tempDir('skycap-protocol-')
    mkdirSync(join(dir, 'renderer/assets'), { recursive: true })
    writeFileSync(join(dir, 'renderer/index.html'), '<!doctype html><title>studio</title>')
    writeFileSync(join(dir, 'secret.txt'), 'TOP SECRET')
    app = createStudioApp({ dataDir: join(dir, 'data'), roots: testRoots() })
    const created = await app.dispatch('project.create', { name: 'protocol test' })
    if (!created.ok) throw new Error(created.error.message)
    project = (created.data as { id: string }).id
    await app.dispatch('clips.import', { kind: 'folder', path: FIXTURES, project })
    const list = await app.dispatch('clips.list', { search: '2.mp4', project })
    if (!list.ok) throw new Error(list.error.message)
    clipId = (list.data as { rows: { id: number; name: string }[] }).rows.find((r) => r.name === '2.mp4')!.id
    registerSchemes()
    handleSchemes(app, join(dir, 'renderer'))
  })

  afterAll(async () => {
    await app?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('registers media as a streaming, fetchable, secure standard scheme', () => {
    expect(privileged).toContainEqual({
      scheme: 'media',
      privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true }
    })
  })

  it('streams a registered clip with Range support', async () => {
    const bytes = readFileSync(CLIP_2)
    const whole = await fetchScheme(`media://studio/media/${project}/${clipId}`)
    expect(whole.status).toBe(200)
    expect(whole.headers.get('content-type')).toBe('video/mp4')
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true)

    const part = await fetchScheme(`media://studio/media/${project}/${clipId}`, { range: 'bytes=100-199' })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`)
    expect(part.headers.get('accept-ranges')).toBe('bytes')
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true)

    const beyond = await fetchScheme(`media://studio/media/${project}/${clipId}`, { range: `bytes=${bytes.length + 5}-` })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.length}`)
  })

  it('reads the path apart from any query', async () => {
    const whole = await fetchScheme(`media://studio/media/${project}/${clipId}?p=abc`)
    expect(Buffer.from(await whole.arrayBuffer()).equals(readFileSync(CLIP_2))).toBe(true)
    expect((await fetchScheme(`media://studio/media/${project}/${clipId}/filmstrip/0.jpg?p=abc`)).status).toBe(200)
  })

  it('serves nothing but registered clips', async () => {
    const bad = [
      `media://studio/media/${project}/999999`,
      `media://studio/media/${project}/abc`,
      // the clip without its project, or in a project that is not open
      `media://studio/media/${clipId}`,
      `media://studio/media/ffffffffffffffff/${clipId}`,
      `media://studio/media/${project.toUpperCase()}/${clipId}`,
      `media://studio/media/${project}/0${clipId}`,
      `media://studio/media/${project}/${clipId}/`,
      `media://studio/media/${project}/${clipId}/extra`,
      `media://other/media/${project}/${clipId}`,
      `media://clip/${clipId}`,
      `media://studio/media/${project}/${clipId}/../../secret.txt`
    ]
    for (const url of bad) {
      expect((await fetchScheme(url)).status, url).toBe(404)
    }
  })

  it('serves filmstrip thumbnails of registered clips only', async () => {
    const frame = await fetchScheme(`media://studio/media/${project}/${clipId}/filmstrip/3.jpg`)
    expect(frame.status).toBe(200)
    expect(frame.headers.get('content-type')).toBe('image/jpeg')
    expect(Buffer.from(await frame.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))
    const again = await fetchScheme(`media://studio/media/${project}/${clipId}/filmstrip/3.jpg`, { 'if-none-match': frame.headers.get('etag')! })
    expect(again.status).toBe(304)
    for (const url of [
      `media://studio/media/${project}/${clipId}/filmstrip/16.jpg`,
      `media://studio/media/${project}/999999/filmstrip/0.jpg`,
      `media://studio/media/ffffffffffffffff/${clipId}/filmstrip/0.jpg`,
      `media://studio/media/${project}/${clipId}/filmstrip/03.jpg`,
      `media://studio/media/${project}/${clipId}/filmstrip/../../secret.txt`
    ]) {
      expect((await fetchScheme(url)).status, url).toBe(404)
    }
  })

  it('serves the URLs the IPC client of the renderer makes', async () => {
    const urls = createIpcClient({ request: async () => ({ ok: true, data: null }), on: () => () => {} })
    expect(Buffer.from(await (await fetchScheme(urls.mediaUrl(project, clipId))).arrayBuffer()).equals(readFileSync(CLIP_2))).toBe(true)
    const frame = await fetchScheme(urls.filmstripUrl(project, clipId, 15))
    expect(frame.headers.get('content-type')).toBe('image/jpeg')
  })

  it('serves the renderer with the CSP header and never outside its folder', async () => {
    const index = await fetchScheme('app://studio/index.html')
    expect(index.status).toBe(200)
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await index.text()).toContain('<title>studio</title>')
    expect((await fetchScheme('app://elsewhere/index.html')).status).toBe(404)
    for (const url of ['app://studio/..%2fsecret.txt', 'app://studio/%2e%2e/secret.txt', 'app://studio/..%5csecret.txt']) {
      const res = await fetchScheme(url)
      expect(res.status, url).toBe(404)
      expect(await res.text()).not.toContain('TOP SECRET')
    }
  })

  it("serves the screens' chunks as JavaScript and their styles as CSS, from the renderer folder", async () => {
    writeFileSync(join(dir, 'renderer/assets/LibraryView-a1B2c3.js'), 'export const LibraryView = 1')
    writeFileSync(join(dir, 'renderer/assets/ReviewView-d4E5f6.css'), '.review {}')
    const chunk = await fetchScheme('app://studio/assets/LibraryView-a1B2c3.js')
    expect(chunk.status).toBe(200)
    expect(chunk.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(chunk.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await chunk.text()).toBe('export const LibraryView = 1')
    expect((await fetchScheme('app://studio/assets/ReviewView-d4E5f6.css')).headers.get('content-type')).toMatch(/^text\/css/)
    expect((await fetchScheme('app://studio/assets/ModelsView-missing.js')).status).toBe(404)
  })
})
