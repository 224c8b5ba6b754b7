import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, join, resolve } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { ensureTinyModels } from '../scripts/make-tiny-models'
import { resolveTools } from '../src/main/media/tools'
import { MEDIA_SCHEME_ORIGIN, mediaPath } from '../src/shared/media'
import { CLIP_2, CLIP_3 } from '../test/helpers/fixtures'
import { alive, requireLlamaServer, waitGone } from '../test/helpers/prelabel'
import { tempDir } from '../test/helpers/temp'

const ROOT = resolve(import.meta.dirname, '..')

/** The electron package throws when its binary was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

const binary = electronBinary()

/**
 * The app on its own data folder and its own Chromium profile (--user-data-dir): the single-instance
 * lock lives in the profile, so a copy of the studio the user has open never swallows the test's.
 */
async function launch(): Promise<{ app: ElectronApplication; page: Page; dataDir: string; cleanup: () => void }> {
  const dataDir = tempDir('skycap-electron-')
  const profile = tempDir('skycap-electron-profile-')
  const app = await electron.launch({
    executablePath: binary!,
    args: [join(ROOT, 'out/main/index.js'), `--user-data-dir=${profile}`],
    env: { ...process.env, SKYCAP_DATA_DIR: dataDir }
  })
  const page = await app.firstWindow()
  const cleanup = () => {
    for (const dir of [dataDir, profile]) rmSync(dir, { recursive: true, force: true })
  }
  return { app, page, dataDir, cleanup }
}

type Bridge = { studio: { request(route: string, input: unknown): Promise<{ ok: boolean; data?: any; error?: { message: string } }> } }
/** A route through the preload's bridge, as the page's own client sends it. */
async function bridge<T = any>(page: Page, route: string, input: object): Promise<T> {
  const result = await page.evaluate(([r, i]) => (window as unknown as Bridge).studio.request(r, i), [route, input] as const)
  expect(result.ok, `${route}: ${result.error?.message}`).toBe(true)
  return result.data as T
}

/** Top-level MP4 boxes in file order: a "faststart" file has moov before mdat. */
function topLevelBoxes(file: string): string[] {
  const fd = openSync(file, 'r')
  const header = Buffer.alloc(8)
  const boxes: string[] = []
  try {
    for (let at = 0, size = statSync(file).size; at < size;) {
      readSync(fd, header, 0, 8, at)
      boxes.push(header.toString('latin1', 4, 8))
      const length = header.readUInt32BE(0)
      if (length < 8) break // 64-bit or to-the-end sizes: not made by this test's ffmpeg run
      at += length
    }
  } finally {
    closeSync(fd)
  }
  return boxes
}

/** Every process below `pid` (ps), with its command name. */
function descendants(pid: number): { pid: number; command: string }[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([p, parent, ...command]) => ({ pid: Number(p), ppid: Number(parent), command: command.join(' ') }))
  const found: { pid: number; command: string }[] = []
  for (let parents = new Set([pid]); parents.size;) {
    const children = table.filter((row) => parents.has(row.ppid))
    found.push(...children)
    parents = new Set(children.map((c) => c.pid))
  }
  return found
}

test.describe('Electron shell', () => {
  test.skip(!binary, 'Electron binary not installed (it downloads from GitHub, unreachable here)')

  test('opens a hardened window that reaches the API over IPC', async () => {
    const { app, page, cleanup } = await launch()
    try {
      await expect(page).toHaveTitle('SkyCaptioner Studio')
      expect(page.url()).toMatch(/^app:\/\/studio\/index\.html/)

      const csp = await page.evaluate(() => fetch(location.href).then((r) => r.headers.get('content-security-policy')))
      expect(csp).toContain("default-src 'self'")

      // Sandboxed, isolated, no Node integration: the page sees only the bridge.
      const exposed = await page.evaluate(() => ({
        keys: Object.keys((window as unknown as { studio: object }).studio).sort(),
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process
      }))
      expect(exposed).toEqual({ keys: ['drop', 'on', 'pick', 'request'], require: 'undefined', process: 'undefined' })
      expect(await bridge(page, 'app.info', {})).toMatchObject({ project: null })

      // window.open is denied and navigation away is blocked.
      expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true)
      await page.evaluate(() => (window.location.href = 'https://example.com')).catch(() => undefined)
      await page.waitForTimeout(500)
      expect(page.url()).toMatch(/^app:\/\/studio\/index\.html/)
      expect(app.windows()).toHaveLength(1)

      // the studio's menu; a development run keeps Reload and DevTools
      const menu = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label.replace('&', '')))
      expect(menu).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Help']))
    } finally {
      await app.close()
      cleanup()
    }
  })

  test('imports two clips by drag and drop, plays and seeks both at once over media:// (one without faststart), pre-labels them, and quits leaving no process', async () => {
    const llamaServer = requireLlamaServer()
    const ffmpeg = resolveTools().ffmpeg
    if (!ffmpeg) throw new Error('ffmpeg is needed to make the clip without faststart: install ffmpeg')
    const { app, page, dataDir, cleanup } = await launch()
    try {
      // the clips, in a folder of the user's (outside every root: the drop grants them)
      const clips = tempDir('skycap-electron-clips-')
      const lateMoov = join(clips, 'late-moov.mp4')
      execFileSync(ffmpeg, ['-v', 'error', '-y', '-i', CLIP_2, '-c', 'copy', '-map', '0', lateMoov])
      const boxes = topLevelBoxes(lateMoov)
      expect(boxes.indexOf('moov'), boxes.join(' ')).toBeGreaterThan(boxes.indexOf('mdat'))
      copyFileSync(CLIP_3, join(clips, 'second.mp4'))
      // the tiny model in the app's models folder
      const tiny = await ensureTinyModels()
      mkdirSync(join(dataDir, 'models'), { recursive: true })
      const model = join(dataDir, 'models', basename(tiny.model))
      const mmproj = join(dataDir, 'models', basename(tiny.mmproj))
      copyFileSync(tiny.model, model)
      copyFileSync(tiny.mmproj, mmproj)

      await page.getByLabel('Annotator name').fill('desktop e2e')
      await page.getByRole('button', { name: 'Set name' }).click()
      await page.getByLabel('Project name').fill('dropped clips')
      await page.getByRole('button', { name: 'Create project' }).click()
      const library = page.getByTestId('library')
      await expect(library).toBeVisible()

      // a File the page makes itself has no path: the drop grants nothing
      await library.evaluate((el) => {
        const data = new DataTransfer()
        data.items.add(new File(['not a clip'], 'forged.mp4', { type: 'video/mp4' }))
        el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
      })
      await expect(page.getByRole('alert').filter({ hasText: 'Nothing dropped is a file or folder on this computer' })).toBeVisible()

      // disk-backed Files, as a drop from the file manager hands them to the page
      await page.evaluate(() => {
        const input = Object.assign(document.createElement('input'), { type: 'file', multiple: true, id: 'e2e-files', hidden: true })
        document.body.append(input)
      })
      await page.setInputFiles('#e2e-files', [lateMoov, join(clips, 'second.mp4')])
      await library.evaluate((el) => {
        const data = new DataTransfer()
        for (const file of (document.getElementById('e2e-files') as HTMLInputElement).files ?? []) data.items.add(file)
        el.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }))
        el.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
      })
      await expect(page.getByTestId('import-report')).toContainText('Found 2 · added 2')

      const { project } = await bridge<{ project: { id: string } }>(page, 'app.info', {})
      const { rows } = await bridge<{ rows: { id: number; name: string }[] }>(page, 'clips.list', { project: project.id })
      expect(rows.map((r) => r.name).sort()).toEqual(['late-moov.mp4', 'second.mp4'])

      // both at once: play, then seek each (the late-moov one needs ranges before it can seek)
      const urls = rows.map((r) => MEDIA_SCHEME_ORIGIN + mediaPath({ kind: 'clip', project: project.id, clipId: r.id }))
      const played = await page.evaluate(async (sources) => {
        const videos = sources.map((src) => Object.assign(document.createElement('video'), { src, muted: true }))
        document.body.append(...videos)
        await Promise.all(videos.map((v) => v.play()))
        await Promise.all(
          videos.map(
            (v) =>
              new Promise<void>(
                (done) =>
                  void (function tick() {
                    if (v.currentTime > 0.3) done()
                    else requestAnimationFrame(tick)
                  })()
              )
          )
        )
        for (const v of videos) v.pause()
        const seek = (v: HTMLVideoElement, t: number) =>
          new Promise<number>((done, fail) => {
            v.addEventListener('seeked', () => done(v.currentTime), { once: true })
            v.addEventListener('error', () => fail(new Error(v.error?.message ?? 'media error')), { once: true })
            v.currentTime = t
          })
        const times = await Promise.all([seek(videos[0], 2.5), seek(videos[1], 1.5)])
        return { times, ready: videos.map((v) => v.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA), sizes: videos.map((v) => v.videoWidth) }
      }, urls)
      expect(played.times[0]).toBeCloseTo(2.5, 1)
      expect(played.times[1]).toBeCloseTo(1.5, 1)
      expect(played.ready).toEqual([true, true])
      expect(played.sizes.every((w) => w > 0)).toBe(true)

      // pre-label both with the tiny model through a real llama-server
      const engine = { local: { model, mmproj, contextPerSlot: 4096, parallel: 1, gpuLayers: 0, timeoutMs: 60_000 }, maxTokens: 48 }
      const job = await bridge<{ id: number }>(page, 'prelabel.start', { project: project.id, scope: 'all', engine })
      const children = new Map<number, string>()
      await expect
        .poll(
          async () => {
            for (const child of descendants(app.process().pid!)) children.set(child.pid, child.command)
            const jobs = await bridge<{ id: number; state: string; progress: { done: number } }[]>(page, 'jobs.list', { project: project.id })
            const mine = jobs.find((j) => j.id === job.id)
            return `${mine?.state} ${mine?.progress.done}`
          },
          { timeout: 150_000, intervals: [250] }
        )
        .toBe('done 2')
      expect(
        [...children.values()].some((command) => basename(llamaServer).startsWith(command)),
        [...children.values()].join(', ')
      ).toBe(true)

      // quit: the project closes, llama-server, ffmpeg and Electron's own helpers all end
      const pids = [app.process().pid!, ...children.keys()]
      await app.close()
      for (const pid of pids) await waitGone(pid, 15_000)
      expect(pids.filter(alive)).toEqual([])
      expect(existsSync(join(dataDir, 'window-state.json'))).toBe(true)
    } finally {
      if (alive(app.process().pid!)) await app.close()
      cleanup()
    }
  })
})
