// A shoot-out of two tiny quants (f16 and a Q4_0 copy) through the real job path: real llama-server,
// real ffmpeg, a real project file. The app runs in its own process (worker.ts) and is killed with
// SIGKILL mid-job; restarted, the job continues. In the end every clip has exactly one pre-label of
// each quant: the two a pre-label job made before are reused, none is made twice by the crash.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ensureTinyModels } from '../../scripts/make-tiny-models'
import { ensureTinyQ4Model } from '../../scripts/make-tiny-q4-model'
import { ClipQuery } from '../../src/shared/contract'
import { shootoutReport } from '../../src/main/shootout/shootoutReport'
import { ProjectStore } from '../../src/main/store/project'
import { REPO_ROOT } from '../helpers/fixtures'
import { copyClips, requireLlamaServer } from '../helpers/prelabel'
import { revise } from '../helpers/library'
import { tempDir } from '../helpers/temp'

requireLlamaServer() // fails the suite, saying how to build one, when llama-server is missing

const CLIPS = 4
const WORKER = path.join(REPO_ROOT, 'test/shootout/worker.ts')

interface Line {
  jobId: number
  state: string
  done: number
  pending: number
  project: string
}

function worker(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const until = (test: (l: Line) => boolean, timeoutMs: number) =>
    new Promise<Line>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker: no such line in ${timeoutMs} ms\n${stderr}`)), timeoutMs)
      createInterface({ input: child.stdout }).on('line', (text) => {
        const line = JSON.parse(text) as Line
        if (!test(line)) return
        clearTimeout(timer)
        resolve(line)
      })
      void exited.then((code) => reject(new Error(`worker exited with ${code} before the line came:\n${stderr}`)))
    })
  return { child, until, exited, stderr: () => stderr }
}

/** Per clip, the job ids of its pre-labels by model file, straight from the project file. */
function prelabelJobs(project: string, model: string): number[][] {
  const db = new Database(project, { readonly: true, fileMustExist: true })
  try {
    const rows = db
      .prepare(
        `SELECT c.id AS clipId, group_concat(json_extract(p.source_json, '$.details.jobId')) AS jobs FROM clips c
         LEFT JOIN prelabels p ON p.clip_id = c.id AND json_extract(p.source_json, '$.details.model') = ? GROUP BY c.id ORDER BY c.name`
      )
      .all(model) as { jobs: string | null }[]
    return rows.map((r) => (r.jobs ?? '').split(',').filter(Boolean).map(Number))
  } finally {
    db.close()
  }
}

describe('quant shoot-out job with a real llama-server', () => {
  it('runs every quant over the same clips, reuses stored pre-labels and resumes after kill -9 without repeating any', async () => {
    const { model: f16, mmproj } = await ensureTinyModels()
    const q4 = await ensureTinyQ4Model()
    const dataDir = tempDir('skycap-shootout-')
    const clips = path.dirname(copyClips(path.join(dataDir, 'clips'), CLIPS)[0])

    const first = worker(['start', dataDir, clips, f16, q4, mmproj])
    const mid = await first.until((l) => l.done >= 1 && l.pending > 0, 300_000)
    first.child.kill('SIGKILL')
    expect(await first.exited).toBeNull() // killed, not finished

    const second = worker(['resume', dataDir, mid.project])
    const last = await second.until((l) => l.state === 'done', 300_000)
    expect(await second.exited, second.stderr()).toBe(0)
    expect(last).toMatchObject({ jobId: mid.jobId, done: CLIPS, pending: 0 })

    // job 1 pre-labelled the first two clips with f16: the shoot-out (job 2) kept those
    expect(prelabelJobs(mid.project, f16)).toEqual([[1], [1], [2], [2]])
    expect(prelabelJobs(mid.project, q4)).toEqual(Array(CLIPS).fill([2]))

    const store = ProjectStore.open(mid.project)
    try {
      const ids = store.library.list(ClipQuery.parse({ limit: 100, sort: 'name' })).rows.map((r) => r.id)
      const q4Label = store.prelabels.forClip(ids[2]).find((p) => p.source.details.model === q4)!
      expect(q4Label.source.details).toMatchObject({ shootoutLabel: 'Q4_0', modelFile: path.basename(q4), jobId: 2 })
      // approving clip 2 exactly as Q4_0 captioned it makes Q4_0 agree on every field there
      revise(store, ids[2], q4Label.caption, 'approved', 'lead')
      const report = shootoutReport(store)
      expect(report).toMatchObject({ jobId: 2, clips: CLIPS, chartReference: 'approved' })
      const [f16Figures, q4Figures] = report.quants
      for (const q of report.quants) {
        const { label, secondsPerClip, promptTokensPerSecond, outputTokensPerSecond, peakMemoryBytes } = q
        console.log(`[shootout-job] ${label}: ${JSON.stringify({ secondsPerClip, promptTokensPerSecond, outputTokensPerSecond, peakMemoryBytes })}`)
      }
      expect(q4Figures).toMatchObject({ label: 'Q4_0', clips: CLIPS, approved: { clips: 1, accuracy: 1 } })
      expect(f16Figures).toMatchObject({ label: 'F16', clips: CLIPS, approved: { clips: 1 } })
      for (const q of report.quants) {
        expect(q.secondsPerClip).toBeGreaterThan(0)
        expect(q.outputTokensPerSecond).toBeGreaterThan(0)
        expect(q.promptTokensPerSecond).toBeGreaterThan(0)
        expect(q.peakMemoryBytes).toBeGreaterThan(10_000_000) // the server's own high-water mark, not a figure of ours
      }
      expect(report.evidence).toMatch(/^(F16|Q4_0): .*against the approved captions\)$/)
    } finally {
      store.close()
    }
  }, 660_000)
})
