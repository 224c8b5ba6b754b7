/**
 * "Approve and next" timings on the real Review screen: from the A key to the next clip's data on
 * screen, and to its first video frame on screen. bench:library calls approveAndNext() on its
 * 100,000-clip project; run alone (npm run bench:review) it uses a small project of seed clips.
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
import { chromium, type Page } from 'playwright-core'
import { createStudioApp } from '../src/main/app'
import { startHttpHost } from '../src/main/hosts/http/http'
import { call as callApp } from '../test/helpers/dispatch'
import { addReviewClips, type Call } from './libraryReview'

const ROOT = path.resolve(import.meta.dirname, '..')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

type Times = { data: number; frame: number }

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
  return data && frame ? { data: data.startTime - from.startTime, frame: frame.startTime - from.startTime } : null
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
export async function approveAndNext(page: Page, url: string, ids: number[], steps = Math.min(5, ids.length - 1)): Promise<{ data: number[]; frame: number[] }> {
  const data: number[] = []
  const frame: number[] = []
  await page.goto(new URL(`#/review/${ids[0]}`, url).href)
  for (let step = 0; step < steps; step++) {
    const [current, next] = [ids[step], ids[step + 1]]
    await page.locator(`video[data-clip-id="${current}"][data-first-frame="shown"]`).waitFor({ timeout: 30_000 })
    // Time for the neighbours route and the preload of the next clip, as an annotator looking at a clip gives it.
    await page.waitForTimeout(1000)
    await page.evaluate(() => performance.clearMarks())
    await page.keyboard.press('a')
    const result = await waitForTimes(page, 'review:approve-next', next, `clip ${next} did not open within 30 s of pressing A on clip ${current}`)
    data.push(result.data)
    frame.push(result.frame)
  }
  return { data, frame }
}

/**
 * The same figures for clips opened cold (by address, nothing preloaded), to set the preload's
 * gain beside them: each id must not be the current clip's next or next unreviewed.
 */
export async function coldOpen(page: Page, ids: number[]): Promise<{ data: number[]; frame: number[] }> {
  const data: number[] = []
  const frame: number[] = []
  for (const id of ids) {
    await page.waitForTimeout(1000)
    await page.evaluate((clipId) => {
      performance.clearMarks()
      performance.mark('bench:open')
      location.hash = `#/review/${clipId}`
    }, id)
    const result = await waitForTimes(page, 'bench:open', id, `clip ${id} did not open within 30 s`)
    data.push(result.data)
    frame.push(result.frame)
  }
  return { data, frame }
}

async function main(): Promise<void> {
  const staticDir = path.join(ROOT, 'out/renderer')
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) throw new Error('No built renderer: run `npm run build` (npm run bench:review does)')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skycap-bench-review-'))
  const app = createStudioApp({ dataDir })
  const host = await startHttpHost({ app, staticDir })
  const call: Call = (route, input) => callApp(app, route, input as never)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] })
  try {
    await call('project.create', { name: 'bench review' })
    const ids = await addReviewClips(call, dataDir, 14)
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    await page.addInitScript(() => window.localStorage.setItem('studio.annotator', 'bench'))
    const { data, frame } = await approveAndNext(page, host.url, ids, 10)
    const cold = await coldOpen(page, [ids[13], ids[11]])
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    const row = (label: string, xs: number[], target: number) =>
      console.log(
        `${label.padEnd(48)} median ${median(xs).toFixed(0).padStart(4)} ms  worst ${Math.max(...xs).toFixed(0).padStart(4)} ms  target ≤ ${target} ms  ${median(xs) <= target ? 'ok' : 'MISSED'}`
      )
    console.log(`"Approve and next" over ${data.length} steps (1080p H.264 seed clips, 2 cores, headless Chromium)\n`)
    row('"Approve and next" → next clip\'s data ready', data, 100)
    row('"Approve and next" → its first video frame', frame, 300)
    console.log(`opened cold by address (no preload), median of ${cold.data.length}: data ${median(cold.data).toFixed(0)} ms, first frame ${median(cold.frame).toFixed(0)} ms; cold ÷ preloaded ${(median(cold.data) / median(data)).toFixed(1)}× / ${(median(cold.frame) / median(frame)).toFixed(1)}×`)
    console.log(`\nper step, data / frame (ms): ${data.map((d, i) => `${d.toFixed(0)}/${frame[i].toFixed(0)}`).join('  ')}`)
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
