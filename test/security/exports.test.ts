// Threat model, exports: a caller holding the token must not make the host write outside the
// exports root, into the renderer it serves to anyone, or over files a studio export did not write.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { tempDir } from '../helpers/temp'

const token = randomBytes(32).toString('base64url')
const FOREIGN = 'path,structural_caption\nnot,written by the studio\n'

let dir: string
let exportsRoot: string
let renderer: string
let app: StudioApp
let host: HttpHost
let project: string

interface Answer {
  status: number
  json: { ok: boolean; data?: { id?: string; folder?: string }; error?: { code: string; message: string } }
}

async function post(route: string, input: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-studio-token': token },
    body: JSON.stringify(route.startsWith('project.') ? input : { project, ...input })
  })
  return { status: res.status, json: await res.json() }
}

/** Every file under `root`, relative, with its bytes: what "nothing written" is checked against. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name)
    out[path.relative(root, full)] = entry.isFile() ? fs.readFileSync(full, 'latin1') : '<dir>'
  }
  return out
}

beforeAll(async () => {
  dir = tempDir('skycap-sec-exports-')
  exportsRoot = path.join(dir, 'exports')
  // the served renderer sits inside the exports root: the strictest case, a root set too wide
  renderer = path.join(exportsRoot, 'renderer')
  fs.mkdirSync(renderer, { recursive: true })
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>studio</title>')
  app = createStudioApp({ dataDir: path.join(dir, 'data'), roots: { exports: exportsRoot } })
  host = await startHttpHost({ app, port: 0, token, staticDir: renderer })
  const created = await post('project.create', { name: 'exports threat model' })
  expect(created.json.ok).toBe(true)
  project = created.json.data!.id!
})

afterAll(async () => {
  await host?.close()
  await app?.close()
})

describe('export.run over the HTTP host', () => {
  it('writes a relative folder under the exports root (the control: exports do work)', async () => {
    const res = await post('export.run', { outDir: 'round-1', validationFraction: 0 })
    expect(res.status).toBe(200)
    expect(res.json.data?.folder).toBe(path.join(fs.realpathSync(exportsRoot), 'round-1'))
    expect(fs.readdirSync(path.join(exportsRoot, 'round-1')).sort()).toEqual(['skycaptioner-manifest.json', 'skycaptioner.csv'])
  })

  it('refuses a folder outside the exports root (403 naming the root), creating nothing there', async () => {
    const elsewhere = tempDir('skycap-sec-elsewhere-')
    for (const outDir of [path.join(elsewhere, 'new', 'deeper'), elsewhere, path.join(exportsRoot, '..', 'escaped')]) {
      const res = await post('export.run', { outDir, overwrite: true })
      expect(res.status, outDir).toBe(403)
      expect(res.json.error?.message).toContain(exportsRoot)
    }
    expect(fs.readdirSync(elsewhere)).toEqual([])
    expect(fs.existsSync(path.join(dir, 'escaped'))).toBe(false)
  })

  it('refuses a symlink inside the exports root that leads outside it', async () => {
    const elsewhere = tempDir('skycap-sec-elsewhere-')
    fs.symlinkSync(elsewhere, path.join(exportsRoot, 'link-out'))
    const res = await post('export.run', { outDir: path.join(exportsRoot, 'link-out') })
    expect(res.status).toBe(403)
    expect(fs.readdirSync(elsewhere)).toEqual([])
  })

  it('never exports into the renderer folder the host serves without the token, even inside the exports root', async () => {
    const before = snapshot(renderer)
    for (const outDir of [renderer, 'renderer', path.join(renderer, 'assets')]) {
      const res = await post('export.run', { outDir, overwrite: true })
      expect(res.status, outDir).toBe(403)
    }
    expect(snapshot(renderer)).toEqual(before)
    const served = await fetch(`http://127.0.0.1:${host.port}/skycaptioner.csv`)
    expect(served.status).toBe(404)
  })

  it('does not overwrite a foreign file with a studio-like name, even with overwrite: 409 naming it, nothing written', async () => {
    const folder = path.join(exportsRoot, 'shared')
    fs.mkdirSync(folder)
    fs.writeFileSync(path.join(folder, 'skycaptioner.csv'), FOREIGN)
    const res = await post('export.run', { outDir: 'shared', validationFraction: 0, overwrite: true })
    expect(res.status).toBe(409)
    expect(res.json.error?.message).toContain('skycaptioner.csv')
    expect(fs.readdirSync(folder)).toEqual(['skycaptioner.csv'])
    expect(fs.readFileSync(path.join(folder, 'skycaptioner.csv'), 'utf8')).toBe(FOREIGN)
  })

  it('does not overwrite files a foreign "manifest" claims, nor the manifest itself', async () => {
    const folder = path.join(exportsRoot, 'forged')
    fs.mkdirSync(folder)
    fs.writeFileSync(path.join(folder, 'skycaptioner.csv'), FOREIGN)
    fs.writeFileSync(path.join(folder, 'skycaptioner-manifest.json'), '{"files": [{"file": "skycaptioner.csv"}]}')
    const before = snapshot(folder)
    const res = await post('export.run', { outDir: 'forged', validationFraction: 0, overwrite: true })
    expect(res.status).toBe(409)
    expect(snapshot(folder)).toEqual(before)
  })

  it('does not write through a link planted where the export keeps its unfinished file', async () => {
    const victim = path.join(tempDir('skycap-sec-victim-'), 'precious.txt')
    fs.writeFileSync(victim, FOREIGN)
    const folder = path.join(exportsRoot, 'planted')
    fs.mkdirSync(folder)
    fs.symlinkSync(victim, path.join(folder, 'skycaptioner.csv.partial'))
    fs.symlinkSync(victim, path.join(folder, 'skycaptioner-manifest.json.partial'))
    expect((await post('export.run', { outDir: folder, validationFraction: 0 })).status).toBe(200)
    expect(fs.readFileSync(victim, 'utf8')).toBe(FOREIGN)
    expect(fs.readdirSync(folder).sort()).toEqual(['skycaptioner-manifest.json', 'skycaptioner.csv'])
  })

  it('does not read a "manifest" that is a link to an endless file (/dev/zero): a 409 at once', async () => {
    const folder = path.join(exportsRoot, 'endless')
    fs.mkdirSync(folder)
    fs.writeFileSync(path.join(folder, 'skycaptioner.csv'), FOREIGN)
    fs.symlinkSync('/dev/zero', path.join(folder, 'skycaptioner-manifest.json'))
    expect((await post('export.run', { outDir: folder, validationFraction: 0, overwrite: true })).status).toBe(409)
    expect(fs.readFileSync(path.join(folder, 'skycaptioner.csv'), 'utf8')).toBe(FOREIGN)
  })

  it("overwrites the studio's own earlier export when asked, and only then", async () => {
    expect((await post('export.run', { outDir: 'again', validationFraction: 0 })).status).toBe(200)
    expect((await post('export.run', { outDir: 'again', validationFraction: 0 })).status).toBe(409)
    expect((await post('export.run', { outDir: 'again', validationFraction: 0, overwrite: true })).status).toBe(200)
  })

  it('answers a file where a folder is expected with a 400, not a 500, and leaves the file alone', async () => {
    const file = path.join(exportsRoot, 'a-file.txt')
    fs.writeFileSync(file, FOREIGN)
    for (const outDir of [file, path.join(file, 'below')]) {
      const res = await post('export.run', { outDir, overwrite: true })
      expect(res.status, outDir).toBe(400)
      expect(res.json.error?.message).not.toContain(FOREIGN.trim())
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(FOREIGN)
  })
})
