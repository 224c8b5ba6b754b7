// Crash-resume with a real kill: the app runs in its own process (helpers/prelabel-worker.ts), is
// killed with SIGKILL in the middle of a pre-label job, and its llama-server must die with it.
// Restarted on the same project, the job continues: every clip ends with exactly one pre-label
// from the job, none twice, none skipped.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { describe, expect, it, onTestFinished } from 'vitest'
import { ensureTinyModels } from '../../scripts/make-tiny-models'
import { REPO_ROOT } from '../helpers/fixtures'
import { alive, copyClips, prelabelsPerClip, waitGone, requireLlamaServer } from '../helpers/prelabel'
import { tempDir } from '../helpers/temp'

requireLlamaServer() // fails the suite, saying how to build one, when llama-server is missing

const CLIPS = 8
const WORKER = path.join(REPO_ROOT, 'test/helpers/prelabel-worker.ts')

interface Line {
  jobId: number
  state: string
  done: number
  failed: number
  pending: number
  llamaPid: number | null
  project: string
}

/** Runs the worker; `until` resolves with the first progress line that satisfies the test. */
function worker(args: string[]) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: Line[] = []
  const waiting: { test: (l: Line) => boolean; resolve: (l: Line) => void }[] = []
  let stderr = ''
  child.stderr?.on('data', (d) => (stderr += d))
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Line
    lines.push(line)
    for (const w of waiting.filter((w) => w.test(line))) w.resolve(line)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const until = (test: (l: Line) => boolean, timeoutMs: number) =>
    new Promise<Line>((resolve, reject) => {
      const seen = lines.find(test)
      if (seen) return resolve(seen)
      const timer = setTimeout(() => reject(new Error(`worker: no such line in ${timeoutMs} ms; got ${JSON.stringify(lines.slice(-3))}\n${stderr}`)), timeoutMs)
      waiting.push({ test, resolve: (l) => (clearTimeout(timer), resolve(l)) })
      void exited.then((code) => reject(new Error(`worker exited with ${code} before the line came:\n${stderr}`)))
    })
  return { child, lines, until, exited, stderr: () => stderr }
}

describe('crash-resume with a real kill -9', () => {
  it('continues after kill -9 with no clip captioned twice and none skipped; the old llama-server dies too', async () => {
    const models = await ensureTinyModels()
    const dataDir = tempDir('skycap-crash-')
    const clips = path.dirname(copyClips(path.join(dataDir, 'clips'), CLIPS)[0])

    const first = worker(['start', dataDir, clips, models.model, models.mmproj])
    const mid = await first.until((l) => l.done >= 2, 90_000)
    first.child.kill('SIGKILL')
    expect(await first.exited).toBeNull() // killed, not finished
    expect(mid.done).toBeLessThan(CLIPS)
    const oldServer = mid.llamaPid as number
    expect(oldServer).toBeTypeOf('number')
    // no orphan: the watchdog notices the app is gone and stops its llama-server
    onTestFinished(() => {
      if (alive(oldServer)) process.kill(oldServer, 'SIGKILL') // don't leave it running when this fails
    })
    const goneAfter = await waitGone(oldServer, 5000)
    console.log(`[prelabel-crash] killed at ${mid.done}/${CLIPS}; llama-server ${oldServer} gone ${goneAfter} ms after the app`)

    const between = jobItems(mid.project, mid.jobId)
    expect(between.state).toBe('running') // what makes the next start resume it
    expect(between.done).toBeGreaterThanOrEqual(2)
    expect(between.done).toBeLessThan(CLIPS)

    const second = worker(['resume', dataDir, mid.project])
    const last = await second.until((l) => l.state === 'done', 90_000)
    expect(await second.exited, second.stderr()).toBe(0)
    expect(last).toMatchObject({ jobId: mid.jobId, done: CLIPS, failed: 0, pending: 0 })
    expect(last.llamaPid === null || last.llamaPid !== oldServer).toBe(true)

    const after = jobItems(mid.project, mid.jobId)
    expect(after).toMatchObject({ state: 'done', done: CLIPS, failed: 0, pending: 0, clips: CLIPS })
    const counts = prelabelsPerClip(mid.project, mid.jobId)
    expect(counts.size).toBe(CLIPS)
    expect([...counts.values()]).toEqual(Array(CLIPS).fill(1))
    // each item points at that one pre-label
    expect(after.linked).toBe(CLIPS)
    if (last.llamaPid) expect(alive(last.llamaPid)).toBe(false)
  }, 180_000)
})

/** Job and item states straight from the project file, opened read-only. */
function jobItems(project: string, jobId: number) {
  const db = new Database(project, { readonly: true, fileMustExist: true })
  try {
    const { state } = db.prepare('SELECT state FROM jobs WHERE id = ?').get(jobId) as { state: string }
    const counts = db
      .prepare(
        `SELECT sum(i.state = 'done') AS done, sum(i.state = 'failed') AS failed, sum(i.state = 'pending') AS pending,
                (SELECT count(*) FROM clips) AS clips,
                sum(p.clip_id = i.clip_id AND json_extract(p.source_json, '$.details.jobId') = i.job_id) AS linked
         FROM job_items i LEFT JOIN prelabels p ON p.id = i.prelabel_id WHERE i.job_id = ?`
      )
      .get(jobId) as { done: number; failed: number; pending: number; clips: number; linked: number | null }
    return { state, ...counts }
  } finally {
    db.close()
  }
}
