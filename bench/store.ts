/**
 * Store benchmark: a project with 100,000 clips and pre-labels (no ffprobe), then the numbers an
 * annotator feels: time to the Library's first rows, filtered/sorted pages, and revision saves.
 * Run: npx tsx bench/store.ts [--clips N] [--keep]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { type OwnInput } from '../src/shared/contract'
import { projectIdOf } from '../src/main/store/project'
import { createStudioApp, type StudioApp } from '../src/main/app'
import { ProjectStore } from '../src/main/store/project'
import { call } from '../test/helpers/dispatch'
import { captionFor, generateProject, random } from './generate'
import { testRoots } from '../test/helpers/roots'

const { values } = parseArgs({ options: { clips: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false } } })
const CLIPS = Number(values.clips)
const SAVES = 500
const REVISED_SHARE = 0.2

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint()
  const value = await fn()
  return [value, ms(start)]
}

async function list(app: StudioApp, project: string, query: OwnInput<'clips.list'>): Promise<number> {
  const [result, took] = await timed(() => app.dispatch('clips.list', { ...query, project }))
  if (!result.ok) throw new Error(result.error.message)
  return took
}

const line = (label: string, value: string, target = '') => console.log(`${label.padEnd(44)} ${value.padStart(12)}  ${target}`)

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skycap-bench-'))
  const file = path.join(dataDir, 'projects', 'bench.sqlite')
  const project = projectIdOf(file)
  console.log(`SkyCaptioner Studio store benchmark: ${CLIPS.toLocaleString()} clips, data in ${dataDir}\n`)

  // 1. Create: batches of clips + pre-labels, and human revisions for a share of them.
  let start = process.hrtime.bigint()
  generateProject(file, CLIPS, REVISED_SHARE)
  const createMs = ms(start)

  // 2. First rows: open the file fresh through the app, as at start-up, and ask for page one.
  start = process.hrtime.bigint()
  const app = createStudioApp({ dataDir, projectPath: file, roots: testRoots() })
  const first = await app.dispatch('clips.list', { project, limit: 100 })
  const firstRowsMs = ms(start)
  if (!first.ok) throw new Error(first.error.message)
  const [, countsMs] = await timed(() => app.dispatch('clips.counts', { project }))

  const filtered = await list(app, project, { status: 'approved', sort: 'name', limit: 100 })
  const sortedDuration = await list(app, project, { sort: 'duration', desc: true, limit: 100 })
  const sortedResolution = await list(app, project, { sort: 'resolution', limit: 100 })
  const searched = await list(app, project, { search: 'batch7/clip_1', sort: 'name', limit: 100 })
  const deepPage = await list(app, project, { sort: 'shotType', offset: Math.floor(CLIPS / 2), limit: 100 })

  // 3. Saves: one revision each through dispatch, as the Review view does (read, edit, save).
  const saveTimes: number[] = []
  for (let n = 0; n < SAVES; n++) {
    const id = 1 + Math.floor(random() * CLIPS)
    const { prelabel, revision } = await call(app, 'clips.get', { id })
    const caption = { ...(revision?.caption ?? prelabel?.caption ?? captionFor(n)), lighting: `edit ${n}` }
    const input = { clipId: id, caption, status: 'in_progress' as const, annotator: 'bench', baseNumber: revision?.number ?? 0 }
    const [result, took] = await timed(() => app.dispatch('captions.save', { ...input, project }))
    if (!result.ok) throw new Error(result.error.message)
    saveTimes.push(took)
  }
  saveTimes.sort((a, b) => a - b)

  // Baseline for the ratio: the cheapest durable write on the same file (one row, one fsync).
  const baseline = ProjectStore.open(file)
  const job = baseline.jobs.create('bench', {}, new Date().toISOString())
  const writeTimes: number[] = []
  for (let n = 0; n < SAVES; n++) {
    const s = process.hrtime.bigint()
    baseline.db.transaction(() => baseline.jobs.update(job.id, { state: 'running', progress: { n } }, 'now')).immediate()
    writeTimes.push(ms(s))
  }
  writeTimes.sort((a, b) => a - b)
  baseline.close()
  await app.close()

  const sizeMb = ['', '-wal'].reduce((sum, ext) => sum + (fs.existsSync(file + ext) ? fs.statSync(file + ext).size : 0), 0) / 2 ** 20
  const p50 = percentile(saveTimes, 50)
  const p95 = percentile(saveTimes, 95)
  const base50 = percentile(writeTimes, 50)

  line('create (clips + pre-labels + 20% revised)', `${(createMs / 1000).toFixed(1)} s`)
  line('Library first rows (open file + page 1)', `${firstRowsMs.toFixed(1)} ms`, 'target ≤ 1000 ms')
  line('status counts', `${countsMs.toFixed(1)} ms`)
  line('first page: status=approved, sort name', `${filtered.toFixed(1)} ms`, 'target ≤ 1000 ms')
  line('first page: sort duration desc', `${sortedDuration.toFixed(1)} ms`, 'target ≤ 1000 ms')
  line('first page: sort resolution', `${sortedResolution.toFixed(1)} ms`, 'target ≤ 1000 ms')
  line('first page: search "batch7/clip_1", sort name', `${searched.toFixed(1)} ms`, 'target ≤ 1000 ms')
  line(`page at offset ${Math.floor(CLIPS / 2)}, sort shot type`, `${deepPage.toFixed(1)} ms`)
  line(`save revision p50 (${SAVES} saves)`, `${p50.toFixed(2)} ms`)
  line(`save revision p95`, `${p95.toFixed(2)} ms`, 'target ≤ 50 ms')
  line("one-row fsync'd write p50 (same file)", `${base50.toFixed(2)} ms`)
  line('save p50 / one-row write p50', `${(p50 / base50).toFixed(2)}x`)
  line('database file size (+WAL)', `${sizeMb.toFixed(0)} MiB`)
  line('process RSS', `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`)
  console.log('\nTimings include a warm page cache (the file was just written); absolute numbers are noisy on 2 cores.')

  if (values.keep) console.log(`kept ${dataDir}`)
  else fs.rmSync(dataDir, { recursive: true, force: true })
}

await main()
