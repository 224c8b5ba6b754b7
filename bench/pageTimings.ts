/**
 * What a page waited on, for the benches' breakdowns: its requests (Resource Timing) and its long
 * tasks (the main thread busy for over 50 ms), both relative to a start point. Strings evaluated
 * over CDP, like the rest of the benches' in-page code.
 */
import type { Page } from 'playwright-core'

/** Init script: keeps every long task, so a breakdown can say when the main thread was busy. */
export const RECORD_LONG_TASKS = `(() => {
  window.__longTasks = []
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, end: e.startTime + e.duration }) })
    .observe({ type: 'longtask', buffered: true })
})()`

export interface Span {
  /** Short name: the page's path, /api/<route>, /media/<id>, a chunk's file name, or "long task". */
  what: string
  start: number
  end: number
  /** A request's wait before it was sent, e.g. for one of the browser's 6 connections to the host. */
  queued?: number
}

/**
 * Requests that ended after `from` and long tasks overlapping [from, to], in ms since `from`
 * (performance.now() values; 0 = navigation start).
 */
export async function spansBetween(page: Page, from: number, to: number): Promise<Span[]> {
  return page.evaluate(`(() => {
    const from = ${from}, to = ${to}
    const shortName = (url) => { const u = new URL(url); return u.pathname.startsWith('/assets/') ? u.pathname.slice(8) : u.pathname }
    const requests = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
      .filter((e) => e.responseEnd > from && e.startTime < to)
      .map((e) => ({ what: shortName(e.name), start: e.startTime - from, end: e.responseEnd - from, queued: e.requestStart > 0 ? e.requestStart - e.startTime : undefined }))
    const tasks = (window.__longTasks || [])
      .filter((t) => t.end > from && t.start < to)
      .map((t) => ({ what: 'long task', start: t.start - from, end: t.end - from }))
    return [...requests, ...tasks].sort((a, b) => a.start - b.start)
  })()`) as Promise<Span[]>
}

/** One line per span: "what  start – end ms", and how long a request waited to be sent when that is over 10 ms. */
export function formatSpans(spans: Span[], indent = '    '): string {
  const queued = (s: Span) => (s.queued !== undefined && s.queued > 10 ? `  (queued ${s.queued.toFixed(0)} ms)` : '')
  return spans.map((s) => `${indent}${s.what.padEnd(34)} ${s.start.toFixed(0).padStart(6)} – ${s.end.toFixed(0).padStart(6)} ms${queued(s)}`).join('\n')
}

/** Forgets the page's request timings, so each timed step reads only its own (the buffer holds 250). */
export async function clearSpans(page: Page): Promise<void> {
  await page.evaluate(`performance.clearResourceTimings(); window.__longTasks = []`)
}

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

/** The upper median, as the benches always printed it. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
