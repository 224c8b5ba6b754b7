// project.backup and `skycap backup`: an online copy taken while another process keeps saving,
// verified, named by project and time, only inside the exports folder, and never left half-written.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { ProjectStore } from '../../src/main/store/project'
import { call } from '../helpers/dispatch'
import { REPO_ROOT } from '../helpers/fixtures'
import { fileInfo } from '../helpers/library'
import { studioFetch } from '../helpers/loopback'
import { testRoots } from '../helpers/roots'
import { scratch } from '../helpers/temp'

const newDir = scratch('skycap-backup-')
const info = fileInfo({ width: 1920, height: 1080 })
/** Enough clips that the copy takes many backup steps, so the writer really runs between them. */
const CLIPS = 4000

/** A project file of CLIPS clips, closed again. */
function makeProject(dir: string): string {
  const file = path.join(dir, 'Team Clips.sqlite')
  const store = ProjectStore.create(file, 'Team Clips')
  store.recordClips(
    Array.from({ length: CLIPS }, (_, i) => ({ path: `/videos/clip-${i}-${'x'.repeat(200)}.mp4`, info, extra: { note: 'y'.repeat(200) }, prelabels: [] }))
  )
  store.close()
  return file
}

/** The revision-writer helper on `file`; `saved()` is the highest revision number it has acknowledged. */
function startWriter(file: string): { child: ChildProcess; saved(): number; until(n: number): Promise<void>; stop(): Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/revision-writer.ts', file, '1'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let last = 0
  let pending = ''
  let stderr = ''
  const waiters: { n: number; done: () => void }[] = []
  child.stderr.on('data', (d) => (stderr += d))
  child.stdout.on('data', (d: Buffer) => {
    const lines = (pending + d.toString()).split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) last = Math.max(last, Number(line.split(' ')[1]))
    for (const w of waiters.splice(0)) (last >= w.n ? w.done : () => waiters.push(w))()
  })
  return {
    child,
    saved: () => last,
    until: (n) =>
      new Promise((done, reject) => {
        if (last >= n) return done()
        waiters.push({ n, done })
        child.once('exit', (code) => reject(new Error(`revision writer exited ${code}: ${stderr}`)))
      }),
    stop: () =>
      new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGKILL'))))
  }
}

function readCopy(file: string): { integrity: unknown; revisions: number; maxNumber: number; clips: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const rev = db.prepare<[], { n: number; max: number }>('SELECT count(*) AS n, max(number) AS max FROM revisions WHERE clip_id = 1').get()
    const clips = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM clips').get()
    return { integrity: db.pragma('integrity_check', { simple: true }), revisions: rev?.n ?? 0, maxNumber: rev?.max ?? 0, clips: clips?.n ?? 0 }
  } finally {
    db.close()
  }
}

const leftovers = (dir: string) => fs.readdirSync(dir).filter((f) => f.includes('.partial') || f.endsWith('-journal'))

describe('project.backup', () => {
  let app: StudioApp
  let source: string
  let exportsDir: string

  beforeAll(() => {
    const dataDir = newDir('data')
    exportsDir = newDir('exports')
    source = makeProject(path.join(dataDir, 'projects'))
    app = createStudioApp({ dataDir, projectPath: source, roots: testRoots({ exports: exportsDir }) })
  }, 60_000)
  afterAll(() => app.close())

  it('copies the project while another process keeps saving: the copy passes integrity_check and holds every revision acknowledged before it began', async () => {
    const writer = startWriter(source)
    try {
      await writer.until(200)
      const ackedBefore = writer.saved()
      const result = await call(app, 'project.backup', {})
      // the source keeps moving on after the copy: wait for later saves, so the copy is shown to be a snapshot
      await writer.until(writer.saved() + 100)
      await writer.stop()

      expect(path.dirname(result.path)).toBe(fs.realpathSync(exportsDir))
      expect(path.basename(result.path)).toMatch(/^team-clips-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.sqlite$/)
      const copy = readCopy(result.path)
      expect(copy.integrity).toBe('ok')
      expect(copy.clips).toBe(CLIPS)
      // every acknowledged save up to the copy, each exactly once, numbers without a gap
      expect(copy.maxNumber).toBeGreaterThanOrEqual(ackedBefore)
      expect(copy.revisions).toBe(copy.maxNumber)
      expect(result.rows.revisions).toBe(copy.revisions)
      expect(result.rows.clips).toBe(CLIPS)
      expect(result.bytes).toBe(fs.statSync(result.path).size)
      const now = readCopy(source)
      expect(now.maxNumber).toBeGreaterThan(copy.maxNumber)
      expect(leftovers(exportsDir)).toEqual([])
    } finally {
      await writer.stop()
    }
  }, 60_000)

  it('names a second back-up of the same second apart and opens as a project of its own', async () => {
    const folder = path.join(exportsDir, 'nightly')
    const [a, b] = await Promise.all([call(app, 'project.backup', { folder: 'nightly' }), call(app, 'project.backup', { folder: 'nightly' })])
    expect(a.path).not.toBe(b.path)
    expect(fs.readdirSync(folder).sort()).toEqual([path.basename(a.path), path.basename(b.path)].sort())
    expect(ProjectStore.peek(a.path)).toMatchObject({ name: 'Team Clips', clipCount: CLIPS })
  })
})

describe('project.backup through the real HTTP host', () => {
  let app: StudioApp
  let host: HttpHost
  let project: string
  let exportsDir: string
  let outside: string

  beforeAll(async () => {
    const dataDir = newDir('host-data')
    exportsDir = newDir('host-exports')
    outside = newDir('not-exports')
    app = createStudioApp({ dataDir, roots: testRoots({ exports: exportsDir }) })
    host = await startHttpHost({ app })
    project = (await call(app, 'project.create', { name: 'Hosted' })).id
  })
  afterAll(async () => {
    await host.close()
    await app.close()
  })

  const backup = (input: object) =>
    studioFetch(host, `http://127.0.0.1:${host.port}/api/project.backup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ project, ...input })
    })

  it('writes into the exports folder and refuses a folder outside it with 403, writing nothing there', async () => {
    const ok = await backup({})
    expect(ok.status).toBe(200)
    const written = ((await ok.json()) as { data: { path: string } }).data.path
    expect(fs.existsSync(written)).toBe(true)

    for (const folder of [outside, path.join(exportsDir, '..', path.basename(outside)), '../escape']) {
      const refused = await backup({ folder })
      expect(refused.status, folder).toBe(403)
      expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'forbidden' })
    }
    expect(fs.readdirSync(outside)).toEqual([])
    expect(fs.existsSync(path.join(exportsDir, '..', 'escape'))).toBe(false)
  })
})
