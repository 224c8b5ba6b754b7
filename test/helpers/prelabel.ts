// Shared pieces of the real-process pre-label tests: the llama-server skip rule, dispatch calls,
// waiting on job events, and clip copies (paths are unique in a project, so copies make more clips).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import path from 'node:path'
import { findLlamaServer } from '../../src/main/inference/llamaBinary'
import { CLIP_2, CLIP_3 } from './fixtures'

/**
 * The llama-server the real-process tests run. A suite that needs it never skips: without it the
 * suite fails at once, saying how to get one (`npm test` builds it first with setup:llama).
 */
export function requireLlamaServer(): string {
  const found = findLlamaServer()
  if (found.path) return found.path
  throw new Error(
    `This suite needs llama-server: ${found.problem ?? 'not found'}. Build it with \`npm run setup:llama\` (cached after the first build), or point LLAMA_SERVER_PATH at one.`
  )
}

export { call, finished, waitForJob } from './dispatch'

/** `count` copies of the seed clips (alternating 2.mp4 / 3.mp4) in `dir`, named copy-NN.mp4. */
export function copyClips(dir: string, count: number): string[] {
  mkdirSync(dir, { recursive: true })
  return Array.from({ length: count }, (_, i) => {
    const dest = path.join(dir, `copy-${String(i).padStart(2, '0')}.mp4`)
    copyFileSync(i % 2 === 0 ? CLIP_2 : CLIP_3, dest)
    return dest
  })
}

/** True while a process with this pid runs (signal 0 only checks). A zombie waiting for a reaper counts as gone. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z'
  } catch {
    return true // no /proc here: trust kill(0)
  }
}

export async function waitGone(pid: number, timeoutMs: number): Promise<number> {
  const started = Date.now()
  while (alive(pid)) {
    if (Date.now() - started > timeoutMs) throw new Error(`process ${pid} still alive after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return Date.now() - started
}

/** Straight from the project file, opened read-only: per clip, how many model pre-labels a job stored. */
export function prelabelsPerClip(projectFile: string, jobId: number): Map<number, number> {
  const db = new Database(projectFile, { readonly: true, fileMustExist: true })
  try {
    const rows = db
      .prepare(
        `SELECT clip_id AS clipId, count(*) AS n FROM prelabels
                WHERE source_kind = 'model' AND json_extract(source_json, '$.details.jobId') = ? GROUP BY clip_id`
      )
      .all(jobId) as { clipId: number; n: number }[]
    return new Map(rows.map((r) => [r.clipId, r.n]))
  } finally {
    db.close()
  }
}

/** Waits (a few seconds at most) until the server's slot is processing a request. */
export async function busy(url: string): Promise<boolean> {
  const deadline = Date.now() + 5000
  while (Date.now() < deadline) {
    const slots = (await fetch(`${url}/slots`)
      .then((r) => r.json())
      .catch(() => [])) as { is_processing?: boolean }[]
    if (Array.isArray(slots) && slots.some((s) => s.is_processing)) return true
    await new Promise((r) => setTimeout(r, 25))
  }
  return false
}
