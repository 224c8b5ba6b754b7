// Threat model, error messages: a caller who names a server file must learn its name and the kind
// of problem, never what it holds. The files sit inside the roots, so the parsers are what is tested.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { CLIP_2 } from '../helpers/fixtures'
import { tempDir } from '../helpers/temp'

const token = randomBytes(32).toString('base64url')
const SECRET = 'S3CRET-marker-e1b0'

let dir: string
let media: string
let app: StudioApp
let host: HttpHost
let project: string

interface Answer {
  status: number
  text: string
}

async function post(route: string, input: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-studio-token': token },
    body: JSON.stringify(route.startsWith('project.') || route.startsWith('models.') ? input : { project, ...input })
  })
  return { status: res.status, text: await res.text() }
}

/** A file in the media root holding the marker the way a secret file would. */
function secretFile(name: string, text: string | Buffer): string {
  const file = path.join(media, name)
  fs.writeFileSync(file, text)
  return file
}

beforeAll(async () => {
  dir = tempDir('skycap-sec-errors-')
  media = path.join(dir, 'media')
  fs.mkdirSync(media)
  app = createStudioApp({ dataDir: path.join(dir, 'data'), roots: { media: [media], models: media } })
  host = await startHttpHost({ app, port: 0, token })
  const created = await fetch(`http://127.0.0.1:${host.port}/api/project.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-studio-token': token },
    body: JSON.stringify({ name: 'errors threat model' })
  })
  project = ((await created.json()) as { data: { id: string } }).data.id
})

afterAll(async () => {
  await host?.close()
  await app?.close()
})

describe('errors over the HTTP host never echo file contents', () => {
  it('clips.import of /etc/shadow-like text: its column count, not its header', async () => {
    const file = secretFile('shadow', `root:${SECRET}:20228:0:99999:7:::\nbin:*:20228:0:99999:7:::\n`)
    const answer = await post('clips.import', { kind: 'csv', path: file })
    expect(answer.status).toBe(400)
    expect(answer.text).not.toContain(SECRET)
    expect(answer.text).toContain('shadow has no \\"path\\" column (it has 1 column)')
  })

  it('clips.import of /proc/self/environ-like text: no variable comes back', async () => {
    const file = secretFile('environ', `HOME=/root\0SKYCAP_TOKEN=${SECRET}\0PATH=/usr/bin,/bin\0`)
    const answer = await post('clips.import', { kind: 'csv', path: file })
    expect(answer.status).toBe(400)
    expect(answer.text).not.toContain(SECRET)
  })

  it('clips.import of a CSV with broken quoting: the line and the kind of problem, not the field', async () => {
    for (const text of [`path,notes\na.mp4,${SECRET}"x"\n`, `path,notes\na.mp4,"${SECRET}" tail\n`, `path\n"${SECRET}\n`]) {
      const answer = await post('clips.import', { kind: 'csv', path: secretFile('broken.csv', text) })
      expect(answer.status).toBe(400)
      expect(answer.text).not.toContain(SECRET)
      expect(answer.text).toMatch(/Malformed CSV broken\.csv, line \d+: /)
    }
  })

  it('project.open and models.addLocal of a secret text file: the name and the kind of problem (a guard: these held already)', async () => {
    const sqlite = secretFile('notes.sqlite', `${SECRET}\n`.repeat(200))
    const gguf = secretFile('notes.gguf', `${SECRET}\n`.repeat(200))
    for (const [route, input] of [
      ['project.open', { path: sqlite }],
      ['models.addLocal', { path: gguf }]
    ] as const) {
      const answer = await post(route, input)
      expect(answer.status, route).toBeGreaterThanOrEqual(400)
      expect(answer.status, route).toBeLessThan(500)
      expect(answer.text, route).not.toContain(SECRET)
    }
  })

  it("a filmstrip frame of a clip that no longer decodes: 422 and the kind of problem, not ffmpeg's words", async () => {
    const clip = path.join(media, 'gone-bad.mp4')
    fs.copyFileSync(CLIP_2, clip)
    const imported = await post('clips.import', { kind: 'folder', path: media })
    expect(imported.status).toBe(200)
    const listed = JSON.parse((await post('clips.list', {})).text) as { data: { rows: { id: number; path: string }[] } }
    const id = listed.data.rows.find((c) => c.path === clip)!.id
    // same size, so the clip still looks registered, but ffmpeg now reads the marker instead of video
    const size = fs.statSync(clip).size
    fs.writeFileSync(clip, Buffer.concat([Buffer.from(`${SECRET}\n`.repeat(64)), Buffer.alloc(size)]).subarray(0, size))
    const res = await fetch(`http://127.0.0.1:${host.port}/media/${project}/${id}/filmstrip/3.jpg`, { headers: { 'x-studio-token': token } })
    const text = await res.text()
    expect(res.status).toBe(422)
    expect(text).toBe('Cannot extract this frame: ffmpeg could not decode the clip (details in the host log)')
  }, 60_000)
})
