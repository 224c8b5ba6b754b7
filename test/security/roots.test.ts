// Threat model: a caller holding the host's token (or any local user) names server paths in
// requests. The host must read and write only inside its roots. Each test is one attack from
// issue 12's "Read any file" and "Write anywhere" lists, against the real HTTP host.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { realPathOf } from '../../src/main/roots/roots'
import { CLIP_2 } from '../helpers/fixtures'
import { startServe } from '../helpers/serve'
import { tempDir } from '../helpers/temp'

const TOKEN = randomBytes(24).toString('base64url')

const base = tempDir('skycap-sec-roots-')
const dirs = {
  media: path.join(base, 'media'),
  outside: path.join(base, 'outside'),
  projects: path.join(base, 'projects'),
  models: path.join(base, 'models'),
  exports: path.join(base, 'exports')
}
for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true })
const INSIDE_CLIP = path.join(dirs.media, 'inside.mp4')
const OUTSIDE_CLIP = path.join(dirs.outside, 'clip.mp4')
const JUNK_MODEL = path.join(dirs.outside, 'model.gguf')
fs.copyFileSync(CLIP_2, INSIDE_CLIP)
fs.copyFileSync(CLIP_2, OUTSIDE_CLIP)
fs.writeFileSync(JUNK_MODEL, 'GGUF but not really')

let app: StudioApp
let host: HttpHost

async function api(route: string, input: unknown, project?: string) {
  const res = await fetch(`${host.url.split('?')[0]}api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-studio-token': TOKEN },
    body: JSON.stringify(project ? { ...(input as object), project } : input)
  })
  const text = await res.text()
  return { status: res.status, text, json: JSON.parse(text) }
}

function media(project: string, clipId: number, suffix = '') {
  return fetch(`${host.url.split('?')[0]}media/${project}/${clipId}${suffix}`, { headers: { 'x-studio-token': TOKEN } })
}

async function newProject(name: string): Promise<string> {
  const created = await api('project.create', { name })
  expect(created.status).toBe(200)
  expect(path.dirname(created.json.data.path)).toBe(dirs.projects) // created in the configured projects folder
  return created.json.data.id
}

/** A 403 whose message names the roots of that kind. */
function expectRefused(reply: { status: number; json: { error?: { code: string; message: string } } }, folder: string) {
  expect(reply.status).toBe(403)
  expect(reply.json.error?.code).toBe('forbidden')
  expect(reply.json.error?.message).toContain(realPathOf(folder))
}

beforeAll(async () => {
  app = createStudioApp({ dataDir: path.join(base, 'data'), roots: { ...dirs, media: [dirs.media] } })
  host = await startHttpHost({ app, port: 0, token: TOKEN })
})

afterAll(async () => {
  await host?.close()
  await app?.close()
})

describe('server paths outside the roots', () => {
  it('reads no system file through a CSV import (/etc/shadow, /proc/self/environ, /proc/self/cmdline)', async () => {
    const project = await newProject('system files')
    const argv0 = fs.readFileSync('/proc/self/cmdline', 'utf8').split('\0')[0]
    for (const file of ['/etc/shadow', '/proc/self/environ', '/proc/self/cmdline']) {
      const reply = await api('clips.import', { kind: 'csv', path: file }, project)
      expectRefused(reply, dirs.media)
      expect(reply.text).not.toContain('root:')
      expect(reply.text).not.toContain('PATH=')
      expect(reply.text).not.toContain(argv0)
    }
  })

  it('lists no folder outside the media roots', async () => {
    const project = await newProject('outside folder')
    expectRefused(await api('clips.import', { kind: 'folder', path: dirs.outside }, project), dirs.media)
    expectRefused(await api('clips.import', { kind: 'folder', path: path.join(dirs.media, '..') }, project), dirs.media)
    expect((await api('clips.list', {}, project)).json.data.total).toBe(0)
  })

  it('imports no clip outside the media roots that a CSV inside them names, and does not echo it', async () => {
    const project = await newProject('csv rows')
    const csv = path.join(dirs.media, 'rows.csv')
    fs.writeFileSync(csv, `path,note\n${OUTSIDE_CLIP},a\n../outside/clip.mp4,b\n${INSIDE_CLIP},c\n`)
    const reply = await api('clips.import', { kind: 'csv', path: csv }, project)
    expect(reply.status).toBe(200)
    expect(reply.json.data).toMatchObject({ added: 1, failed: [] })
    expect(reply.json.data.warnings).toContain('2 row(s) of rows.csv name a clip outside the media roots and were skipped (line 2, 3)')
    expect(reply.text).not.toContain(dirs.outside)
    const { rows } = (await api('clips.list', {}, project)).json.data
    expect(rows.map((r: { path: string }) => r.path)).toEqual([INSIDE_CLIP])
  })

  it('serves no clip or thumbnail outside the media roots, also one imported before the roots were narrowed', async () => {
    // another host, with the outside folder as a media root, imported it into a project file
    const wide = createStudioApp({ dataDir: path.join(base, 'data-wide'), roots: { ...dirs, media: [dirs.outside] } })
    const file = (await wide.dispatch('project.create', { name: 'narrowed' })) as { ok: true; data: { path: string; id: string } }
    const imported = await wide.dispatch('clips.import', { kind: 'folder', path: dirs.outside, project: file.data.id })
    expect(imported).toMatchObject({ ok: true, data: { added: 1 } })
    await wide.close()

    const opened = await api('project.open', { path: file.data.path })
    expect(opened.status).toBe(200)
    const project = opened.json.data.id
    const [row] = (await api('clips.list', {}, project)).json.data.rows
    expect(row.path).toBe(OUTSIDE_CLIP) // the row is kept
    expect((await media(project, row.id)).status).toBe(404)
    expect((await media(project, row.id, '/filmstrip/0.jpg')).status).toBe(404)
  })

  it('follows no symlink out of a media root, for a folder, a file in a scanned folder, or a CSV row', async () => {
    const project = await newProject('symlinks')
    const links = path.join(dirs.media, 'links')
    fs.mkdirSync(links)
    fs.symlinkSync(OUTSIDE_CLIP, path.join(links, 'link.mp4'))
    fs.symlinkSync(dirs.outside, path.join(dirs.media, 'linked-dir'))
    expectRefused(await api('clips.import', { kind: 'folder', path: path.join(dirs.media, 'linked-dir') }, project), dirs.media)
    const scan = await api('clips.import', { kind: 'folder', path: links }, project)
    expect(scan.json.data).toMatchObject({ found: 0, added: 0, warnings: ['1 file(s) link outside the media roots and were skipped'] })
    const csv = path.join(dirs.media, 'links.csv')
    fs.writeFileSync(csv, 'path\nlinks/link.mp4\n')
    expect((await api('clips.import', { kind: 'csv', path: csv }, project)).json.data).toMatchObject({ found: 0, added: 0 })
    expect((await api('clips.list', {}, project)).json.data.total).toBe(0)
  })

  it('turns no empty .sqlite outside the projects folder into a project, and leaves the file as it was', async () => {
    const file = path.join(dirs.outside, 'empty.sqlite')
    fs.writeFileSync(file, '')
    const before = fs.statSync(file)
    expectRefused(await api('project.open', { path: file }), dirs.projects)
    const after = fs.statSync(file)
    expect([after.size, after.mtimeMs]).toEqual([0, before.mtimeMs])
    expect(fs.readdirSync(dirs.outside).filter((f) => f.startsWith('empty'))).toEqual(['empty.sqlite'])
  })

  it('reads no model file outside the models folder (models.addLocal, a local pre-label or fusion model)', async () => {
    const inside = path.join(dirs.models, 'inside.gguf')
    fs.copyFileSync(JUNK_MODEL, inside)
    expectRefused(await api('models.addLocal', { path: JUNK_MODEL }), dirs.models)
    expectRefused(await api('models.addLocal', { path: inside, mmproj: JUNK_MODEL }), dirs.models)

    const project = await newProject('models')
    await api('clips.import', { kind: 'folder', path: dirs.media }, project)
    const [row] = (await api('clips.list', {}, project)).json.data.rows
    const local = { model: JUNK_MODEL, mmproj: JUNK_MODEL }
    expectRefused(await api('prelabel.start', { scope: 'selected', clipIds: [row.id], engine: { local } }, project), dirs.models)
    const fusion = { scope: 'selected', clipIds: [row.id], engine: { local: { model: JUNK_MODEL } } }
    expectRefused(await api('fusion.start', fusion, project), dirs.models)
    expect((await api('jobs.list', {}, project)).json.data).toEqual([])
  })

  it('gives back neither the token on its command line nor its environment (npm run serve with --media-root)', async () => {
    const token = randomBytes(24).toString('base64url')
    const canary = `canary-${randomBytes(8).toString('hex')}`
    const args = ['--port', '0', `--token=${token}`, '--data-dir', path.join(base, 'data-serve'), '--media-root', dirs.media, '--static', dirs.outside]
    const served = startServe(args, { SKYCAP_SECRET_CANARY: canary, SKYCAP_DATA_DIR: '', SKYCAP_MODELS_DIR: dirs.models })
    try {
      const url = /serving at (http:\/\/\S+)/.exec(await served.line)![1].split('?')[0]
      expect(served.output()).toContain(`confined to: media root (${realPathOf(dirs.media)})`)
      expect(served.output()).toContain(`models folder (${realPathOf(dirs.models)})`)
      const post = (route: string, input: unknown) =>
        fetch(`${url}api/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-studio-token': token }, body: JSON.stringify(input) })
      const project = ((await (await post('project.create', { name: 'served' })).json()) as { data: { id: string } }).data.id
      for (const file of ['/proc/self/cmdline', '/proc/self/environ']) {
        const res = await post('clips.import', { kind: 'csv', path: file, project })
        const text = await res.text()
        expect(res.status).toBe(403)
        expect(text).toContain(realPathOf(dirs.media))
        expect(text).not.toContain(token)
        expect(text).not.toContain(canary)
      }
    } finally {
      await served.stop()
    }
  }, 60_000)
})
