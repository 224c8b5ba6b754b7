/**
 * What bench/library.ts measures inside the page. Each function runs in Chromium (page.evaluate)
 * and times itself with performance.now(), so the figures hold no DevTools round trips.
 */
import type { Page } from 'playwright-core'

/** Resolves on the first animation frame where `done()` holds; returns that frame's time. Gives up after 30 s. */
const untilFrame = `(done, what) => new Promise((resolve, reject) => {
  const start = performance.now()
  const check = () => {
    if (done()) resolve(performance.now())
    else if (performance.now() - start > 30000) reject(new Error('waited 30 s for ' + what + '; the page shows: ' + document.querySelector('[data-testid="clip-total"]')?.textContent + ' at ' + location.hash + ', first row ' + document.querySelector('.tbody [data-index="0"] .clip-name')?.textContent))
    else requestAnimationFrame(check)
  }
  check()
})`

/** The Library shows `total` clips and, when there are any, `firstName` in the first row. */
const showsList = `(total, firstName) => {
  const shown = document.querySelector('[data-testid="clip-total"]')?.textContent
  if (shown !== total.toLocaleString() + ' clips') return false
  if (total === 0) return true
  return document.querySelector('.tbody [data-index="0"] .clip-name')?.textContent === firstName
}`

/** Navigation start until the first Library row shows a clip, for a page just loaded. */
export async function firstRows(page: Page): Promise<number> {
  return page.evaluate(`(${untilFrame})(() => !!document.querySelector('.tbody [data-index="0"] .clip-name'), 'the first row')`) as Promise<number>
}

/**
 * The same after reloading the page at `url` (its files cached, as a reload has them). A goto alone
 * is not enough: to the same page with another #hash it only changes the hash, nothing loads.
 */
export async function firstRowsAfterLoad(page: Page, url: string): Promise<number> {
  await page.goto(url)
  await page.reload()
  return firstRows(page)
}

/** Picks `value` in the <select id=selectId> and times until the list shows the expected result. */
export async function timeFilter(page: Page, selectId: string, value: string, total: number, firstName: string | null): Promise<number> {
  return page.evaluate(
    `(async () => {
      const select = document.getElementById(${JSON.stringify(selectId)})
      const start = performance.now()
      select.value = ${JSON.stringify(value)}
      select.dispatchEvent(new Event('change', { bubbles: true }))
      const shows = ${showsList}
      const end = await (${untilFrame})(() => shows(${total}, ${JSON.stringify(firstName)}), ${JSON.stringify(`${selectId} = "${value}": ${total} clips, first ${firstName}`)})
      return end - start
    })()`
  ) as Promise<number>
}

interface ScrollFrames {
  frames: number
  over50: number
  worst: number
  p95: number
  /** Frames in which some row in view was still a "Loading…" placeholder. */
  placeholderFrames: number
  seconds: number
  /** The frames over 50 ms, as [start, end] in the page's performance.now() time. */
  longFrames: [number, number][]
}

/**
 * Scrolls the Library's table through `rows` rows at `rowsPerFrame`, one step per animation
 * frame, and records every frame's duration (the gap between animation frames).
 */
export async function scrollThrough(page: Page, rows: number, rowsPerFrame: number): Promise<ScrollFrames> {
  return page.evaluate(
    `(async () => {
      const body = document.querySelector('.clip-table .tbody')
      const rowHeight = body.querySelector('[data-index="0"]').getBoundingClientRect().height
      const target = ${rows} * rowHeight
      const gaps = []
      const longFrames = []
      let placeholderFrames = 0
      let last = await new Promise(requestAnimationFrame)
      const start = last
      while (body.scrollTop + body.clientHeight < target) {
        const before = body.scrollTop
        body.scrollTop += ${rowsPerFrame} * rowHeight
        if (body.scrollTop === before) break // the end of a shorter list
        const now = await new Promise(requestAnimationFrame)
        gaps.push(now - last)
        if (now - last > 50) longFrames.push([last, now])
        last = now
        if (body.querySelector('.td.loading')) placeholderFrames++
      }
      const sorted = [...gaps].sort((a, b) => a - b)
      return {
        frames: gaps.length,
        over50: gaps.filter((g) => g > 50).length,
        worst: sorted[sorted.length - 1] ?? 0,
        p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
        placeholderFrames,
        seconds: (last - start) / 1000,
        longFrames
      }
    })()`
  ) as Promise<ScrollFrames>
}
