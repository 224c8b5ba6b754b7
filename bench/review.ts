/**
 * "Approve and next" timings on the real Review screen: from the A key to the next clip's data on
 * screen, and to its first video frame on screen. bench:library calls approveAndNext() on its
 * 100,000-clip project; run alone it uses a small project of seed clips:
 *   npm run bench:review [-- --steps N --static <built renderer folder, default out/renderer>]
 * Each run names what its slowest step waited on (requests and long tasks, from pageTimings.ts).
 *
 * The screen marks its own milestones with performance.mark (ReviewView.tsx, Player.tsx):
 *   review:approve-next  the key (or button) was handled            detail.clipId = the clip left
 *   review:data-ready    the next clip's caption and player are rendered  detail.clipId = next
 *   review:first-frame   its video frame is decoded and painted (second animation frame after
 *                        the element is in the page)                 detail.clipId = next
 * Also in the DOM: [data-testid="review"][data-clip-id] and video[data-clip-id][data-first-frame="shown"].
 * requestVideoFrameCallback cannot time the frame: a paused, preloaded <video> moved into the page
 * shows its frame without reporting a new presentation.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium, type Page } from 'playwright-core'
import { createStudioApp } from '../src/main/app'
import { startHttpHost } from '../src/main/hosts/http/http'
import { call as callApp } from '../test/helpers/dispatch'
import { addReviewClips, type Call } from './libraryReview'
import { clearSpans, formatSpans, median, percentile, RECORD_LONG_TASKS, spansBetween, type Span } from './pageTimings'
import { testRoots } from '../test/helpers/roots'

const ROOT = path.resolve(import.meta.dirname, '..')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Since the start mark; `at` is the start mark's own time in the page. */
type Times = { data: number; frame: number; at: number }
/** Each step's times, and what the page fetched and was busy with from the start mark to the first frame. */
export type Steps = { data: number[]; frame: number[]; spans: Span[][] }

/**
 * Milliseconds from the last `start` mark to clip `id`'s review marks, read in the page (null
 * until both exist). A string, so no bundler helper leaks into the page; evaluated over CDP,
 * which the page's CSP (no eval) does not stop.
 */
const readTimes = `(start, id) => {
  const marks = performance.getEntriesByType('mark')
  const from = marks.filter((m) => m.name === start).pop()
  const after = (name) => marks.find((m) => m.name === name && m.detail && m.detail.clipId === id && from && m.startTime >= from.startTime)
  const data = after('review:data-ready')
  const frame = after('review:first-frame')
  return data && frame ? { data: data.startTime - from.startTime, frame: frame.startTime - from.startTime, at: from.startTime } : null
}`

/** Polls readTimes every 50 ms; throws `error` after 30 s. */
async function waitForTimes(page: Page, start: string, id: number, error: string): Promise<Times> {
  let result: Times | null = null
  for (const deadline = Date.now() + 30_000; !result; await page.waitForTimeout(50)) {
    if (Date.now() > deadline) throw new Error(error)
    result = (await page.evaluate(`(${readTimes})(${JSON.stringify(start)}, ${id})`)) as Times | null
  }
  return result
}

/**
 * Opens ids[0] and presses A on each clip in turn (ids must follow import order, as "next" does),
 * each time from a settled screen: current frame shown, next clip preloaded.
 */
export async function approveAndNext(page: Page, url: string, ids: number[], steps = Math.min(5, ids.length - 1)): Promise<Steps> {
  const result: Steps = { data: [], frame: [], spans: [] }
  await page.goto(new URL(`#/review/${ids[0]}`, url).href)
  for (let step = 0; step < steps; step++) {
    const [current, next] = [ids[step], ids[step + 1]]
    await page.locator(`video[data-clip-id="${current}"][data-first-frame="shown"]`).waitFor({ timeout: 30_000 })
    // Time for the neighbours route and the preload of the next clip, as an annotator looking at a clip gives it.
    await page.waitForTimeout(1000)
    await page.evaluate(() => performance.clearMarks())
    await clearSpans(page)
    await page.keyboard.press('a')
    await record(page, result, await waitForTimes(page, 'review:approve-next', next, `clip ${next} did not open within 30 s of pressing A on clip ${current}`))
  }
  return result
}

async function record(page: Page, into: Steps, times: Times): Promise<void> {
  into.data.push(times.data)
  into.frame.push(times.frame)
  into.spans.push(await spansBetween(page, times.at, times.at + times.frame))
}

/**
 * The same figures for clips opened cold (by address, nothing preloaded), to set the preload's
 * gain beside them: each id must not be the current clip's next or next unreviewed.
 */
export async function coldOpen(page: Page, ids: number[]): Promise<Steps> {
  const result: Steps = { data: [], frame: [], spans: [] }
  for (const id of ids) {
    await page.waitForTimeout(1000)
    await clearSpans(page)
    await page.evaluate((clipId) => {
      performance.clearMarks()
      performance.mark('bench:open')
      location.hash = `#/review/${clipId}`
    }, id)
    await record(page, result, await waitForTimes(page, 'bench:open', id, `clip ${id} did not open within 30 s`))
  }
  return result
}

/** "median … p95 … worst …" of a list of milliseconds. */
export const spread = (xs: number[]): string =>
  `median ${median(xs).toFixed(0).padStart(4)} ms  p95 ${percentile(xs, 95).toFixed(0).padStart(4)} ms  worst ${Math.max(...xs)
    .toFixed(0)
    .padStart(4)} ms`

/** What the slowest step (by data, then by first frame) waited on: its requests and long tasks. */
export function slowestSteps(steps: Steps): string {
  const worst = (xs: number[]) => xs.indexOf(Math.max(...xs))
  const [byData, byFrame] = [worst(steps.data), worst(steps.frame)]
  const show = (label: string, i: number) =>
    `${label}: step ${i + 1}, data ${steps.data[i].toFixed(0)} ms, first frame ${steps.frame[i].toFixed(0)} ms; from the key:\n${formatSpans(steps.spans[i]) || '    (no requests, no long tasks)'}`
  return byData === byFrame ? show('slowest step', byData) : `${show('slowest data', byData)}\n${show('slowest first frame', byFrame)}`
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { static: { type: 'string', default: path.join(ROOT, 'out/renderer') }, steps: { type: 'string', default: '20' } } })
  const staticDir = path.resolve(values.static)
  const steps = Number(values.steps)
  if (!fs.existsSync(path.join(staticDir, 'index.html')))
    throw new Error(`No built renderer in ${staticDir}: run \`npm run build\` (npm run bench:review does)`)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skycap-bench-review-'))
  const app = createStudioApp({ dataDir, roots: testRoots() })
  const host = await startHttpHost({ app, staticDir })
  const call: Call = (route, input) => callApp(app, route, input as never)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] })
  try {
    await call('project.create', { name: 'bench review' })
    const ids = await addReviewClips(call, dataDir, steps + 4)
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.addInitScript(() => window.localStorage.setItem('studio.annotator', 'bench'))
    await page.addInitScript(RECORD_LONG_TASKS)
    const preloaded = await approveAndNext(page, host.url, ids, steps)
    // Not ids[steps + 1]: the last step preloaded it, as the next of the clip it ended on.
    const cold = await coldOpen(page, [ids[steps + 3], ids[steps + 2]])
    const row = (label: string, xs: number[], target: number) =>
      console.log(`${label.padEnd(48)} ${spread(xs)}  target ≤ ${target} ms (median)  ${median(xs) <= target ? 'ok' : 'MISSED'}`)
    console.log(
      `"Approve and next" over ${steps} steps (1080p H.264 seed clips, 2 cores, headless Chromium), renderer from ${path.relative(ROOT, staticDir) || '.'}\n`
    )
    row('"Approve and next" → next clip\'s data ready', preloaded.data, 100)
    row('"Approve and next" → its first video frame', preloaded.frame, 300)
    console.log(
      `opened cold by address (no preload), median of ${cold.data.length}: data ${median(cold.data).toFixed(0)} ms, first frame ${median(cold.frame).toFixed(0)} ms; cold ÷ preloaded ${(median(cold.data) / median(preloaded.data)).toFixed(1)}× / ${(median(cold.frame) / median(preloaded.frame)).toFixed(1)}×`
    )
    console.log(`\nper step, data / frame (ms): ${preloaded.data.map((d, i) => `${d.toFixed(0)}/${preloaded.frame[i].toFixed(0)}`).join('  ')}`)
    console.log(`\n${slowestSteps(preloaded)}`)
  } finally {
    await browser.close()
    await host.close()
    await app.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
