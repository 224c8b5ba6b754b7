/**
 * Library benchmark: real Chromium against the HTTP host (src/main/hosts/http/serve.ts) with a generated
 * 100,000-clip project, each figure printed beside its target.
 * Run: npm run bench:library [-- --clips N --keep]   (npm script builds the renderer first)
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { chromium, type Page } from 'playwright-core'
import { isProjectRoute, type OwnInput, type Route, type RouteOutput } from '../src/shared/contract'
import { projectIdOf } from '../src/main/store/project'
import { ProjectStore } from '../src/main/store/project'
import { generateProject } from './generate'
import { firstRowsAfterLoad, scrollThrough, timeFilter } from './libraryPage'
import { addReviewClips } from './libraryReview'
import { approveAndNext, coldOpen } from './review'

const { values } = parseArgs({
  options: { clips: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false } }
})
const CLIPS = Number(values.clips)
const SCROLL_ROWS = 5000
const ROOT = path.resolve(import.meta.dirname, '..')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// Status + shot type pairs timed one after another (a cold query each: no pair repeats).
const FILTERS = [
  ['in_progress', 'close_up'],
  ['rejected', 'long_shot'],
  ['flagged', 'medium_shot'],
  ['approved', 'full_shot'],
  ['unreviewed', 'extreme_close_up']
] as const

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const line = (label: string, value: string, target = '') => console.log(`${label.padEnd(52)} ${value.padStart(12)}  ${target}`)
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED')

/** The host as a child process (its memory is what we report); resolves with its URL. */
async function startHost(dataDir: string, project: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/hosts/http/serve.ts', '--port', '0', '--data-dir', dataDir, '--project', project], {
    cwd: ROOT,
    env: { ...process.env, SKYCAP_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      out += chunk
      const match = /serving at (http:\/\/\S+)/.exec(out)
      if (match) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${out}`)))
  })
  // every call is about the project the host was started with
  const call = async <R extends Route>(route: R, input: OwnInput<R>): Promise<RouteOutput<R>> => {
    const body = isProjectRoute(route) ? { ...input, project: projectIdOf(project) } : input
    const res = await fetch(new URL(`/api/${route}`, url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const answer = (await res.json()) as { ok: boolean; data: RouteOutput<R>; error?: { message: string } }
    if (!answer.ok) throw new Error(`${route}: ${answer.error?.message}`)
    return answer.data
  }
  /** Resident and peak resident memory of the host process, from /proc. */
  const memory = () => {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
  }
  const stop = () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM')))
  return { url, call, memory, stop }
}

/** Projects screen → "Open project bench" until the first Library row shows a clip. */
async function openFromProjects(page: Page, url: string): Promise<number> {
  await page.goto(new URL('#/projects', url).href)
  await page.getByRole('button', { name: 'Open project bench' }).waitFor()
  return page.evaluate(`(async () => {
    const start = performance.now()
    document.querySelector('[aria-label="Open project bench"]').click()
    await new Promise((resolve) => {
      const check = () => (document.querySelector('.tbody [data-index="0"] .clip-name') ? resolve() : requestAnimationFrame(check))
      check()
    })
    return performance.now() - start
  })()`) as Promise<number>
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'out/renderer/index.html'))) throw new Error('No built renderer: run `npm run build` (npm run bench:library does)')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skycap-bench-library-'))
  const projects = path.join(dataDir, 'projects')
  const file = path.join(projects, 'bench.sqlite')
  console.log(`SkyCaptioner Studio Library benchmark: ${CLIPS.toLocaleString()} clips, data in ${dataDir}\n`)

  let start = performance.now()
  generateProject(file, CLIPS)
  const generateS = (performance.now() - start) / 1000
  // The host starts on a small project, so opening the big one is part of what is timed.
  ProjectStore.create(path.join(projects, 'small.sqlite'), 'small').close()
  const host = await startHost(dataDir, path.join(projects, 'small.sqlite'))
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] })
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.addInitScript(() => window.localStorage.setItem('studio.annotator', 'bench'))

    const openMs = await openFromProjects(page, host.url)
    const reloadMs = await firstRowsAfterLoad(page, new URL('#/library', host.url).href)

    /** Picks a filter value in the page and times it; the expected list comes from the host. */
    let shown: { status?: string; shotType?: string } = {}
    const pick = async (key: 'status' | 'shotType', value: string) => {
      shown = { ...shown, [key]: value || undefined }
      const expected = await host.call('clips.list', { ...(shown as OwnInput<'clips.list'>), limit: 1 })
      return timeFilter(page, key === 'status' ? 'status-filter' : 'filter-shotType', value, expected.total, expected.rows[0]?.name ?? null)
    }
    const filterMs: number[] = []
    const statusMs: number[] = []
    for (const [status, shotType] of FILTERS) {
      await pick('shotType', '')
      await pick('status', '')
      statusMs.push(await pick('status', status))
      filterMs.push(await pick('shotType', shotType))
    }
    await pick('shotType', '')
    await pick('status', '')
    const scroll = await scrollThrough(page, SCROLL_ROWS, 20)

    const reviewIds = await addReviewClips(host.call, dataDir, 12)
    const review = await approveAndNext(page, host.url, reviewIds)
    // Clips nothing preloaded (never a next of the clip before), for the preload's gain.
    const cold = await coldOpen(page, [reviewIds[11], reviewIds[9], reviewIds[7]])
    const memory = host.memory()

    console.log('')
    line('generate project (clips + pre-labels + 20% revised)', `${generateS.toFixed(1)} s`)
    line('open project from Projects screen → first rows', `${openMs.toFixed(0)} ms`, `target ≤ 1000 ms  ${verdict(openMs <= 1000)}`)
    line('reload page on the Library → first rows', `${reloadMs.toFixed(0)} ms`, `target ≤ 1000 ms  ${verdict(reloadMs <= 1000)}`)
    line(`filter by status (median of ${FILTERS.length})`, `${median(statusMs).toFixed(0)} ms`, `worst ${Math.max(...statusMs).toFixed(0)} ms`)
    line(`filter by status + shot type (median of ${FILTERS.length})`, `${median(filterMs).toFixed(0)} ms`, `target ≤ 150 ms  ${verdict(median(filterMs) <= 150)}`)
    line('filter by status + shot type (worst)', `${Math.max(...filterMs).toFixed(0)} ms`, `target ≤ 150 ms  ${verdict(Math.max(...filterMs) <= 150)}`)
    line(`frames over 50 ms scrolling ${SCROLL_ROWS.toLocaleString()} rows`, `${scroll.over50}`, `target 0  ${verdict(scroll.over50 === 0)}`)
    line('  scroll frames / p95 / worst', `${scroll.frames} / ${scroll.p95.toFixed(1)} / ${scroll.worst.toFixed(1)} ms`, `${scroll.seconds.toFixed(1)} s, 20 rows per frame`)
    line('  frames with rows still loading', `${scroll.placeholderFrames}`)
    line(`"Approve and next" → next clip's data (median of ${review.data.length})`, `${median(review.data).toFixed(0)} ms`, `target ≤ 100 ms  ${verdict(median(review.data) <= 100)}`)
    line(`"Approve and next" → first video frame (median)`, `${median(review.frame).toFixed(0)} ms`, `target ≤ 300 ms  ${verdict(median(review.frame) <= 300)}`)
    line('  worst data / worst first frame', `${Math.max(...review.data).toFixed(0)} / ${Math.max(...review.frame).toFixed(0)} ms`)
    line(`  same clips opened cold by address (median of ${cold.data.length})`, `${median(cold.data).toFixed(0)} / ${median(cold.frame).toFixed(0)} ms`, 'data / first frame')
    line('  cold ÷ preloaded (data / first frame)', `${(median(cold.data) / median(review.data)).toFixed(1)}× / ${(median(cold.frame) / median(review.frame)).toFixed(1)}×`)
    line('host process memory (RSS now / peak)', `${memory.rssMb.toFixed(0)} / ${memory.peakMb.toFixed(0)} MiB`, 'printed')
    console.log('\nTimes are measured in the page (performance.now) from the action to the animation frame that shows the result.')
  } finally {
    await browser.close()
    await host.stop()
    if (values.keep) console.log(`kept ${dataDir}`)
    else fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
