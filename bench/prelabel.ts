/**
 * Pre-label benchmark on the fixture clips with the tiny test model, through the real job system:
 * time per stage, frame sampling (current and the old 360x420 one) against a plain ffmpeg decode,
 * how well the stages overlap, and what collecting log-probabilities costs (request time with and
 * without, in the same run; stored bytes per clip).
 * Run: npx tsx bench/prelabel.ts [--copies N] [--max-tokens N] [--rounds N]
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { createStudioApp, type StudioApp } from '../src/main/app'
import type { ProjectInfo } from '../src/shared/contract'
import {
  FRAME_HEIGHT,
  FRAME_WIDTH,
  SAMPLED_FPS,
  decodeFrames,
  sampleClip,
  sampleFrameIndices,
  selectFramesArgs,
  toModelSize
} from '../src/main/inference/frames'
import { findLlamaServer } from '../src/main/inference/llamaBinary'
import { ProcessManager } from '../src/main/processes'
import { PrelabelsRepo } from '../src/main/store/prelabels'
import { ensureTinyModels } from '../scripts/make-tiny-models'
import { call, finished, waitForJob } from '../test/helpers/dispatch'
import { testRoots } from '../test/helpers/roots'

const { values } = parseArgs({
  options: { copies: { type: 'string', default: '3' }, 'max-tokens': { type: 'string', default: '64' }, rounds: { type: 'string', default: '3' } }
})
const COPIES = Number(values.copies)
const MAX_TOKENS = Number(values['max-tokens'])
const ROUNDS = Number(values.rounds)
const TOP_K = 5

interface LocalModel {
  model: string
  mmproj: string
  contextPerSlot: number
}
const SEED = path.resolve(import.meta.dirname, '../../shared/fixtures/skycaptioner_v1/examples/data')
const CLIPS: [string, number][] = [
  ['2.mp4', 121],
  ['3.mp4', 101]
]

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
const ms = (x: number) => `${x.toFixed(1)} ms`

// a stuck job fails the bench instead of hanging it
const JOB_TIMEOUT = 30 * 60_000

/** The sampling before frames were stretched to 364x420: ffmpeg's bicubic to 360x420, encoded with the same flags. */
function oldSampling(file: string, frames: number, out: string): void {
  const { args } = selectFramesArgs(file, sampleFrameIndices(frames), `scale=${FRAME_WIDTH}:${FRAME_HEIGHT}`)
  const raw = execFileSync('ffmpeg', [...args, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 1 << 28 })
  execFileSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-s',
      `${FRAME_WIDTH}x${FRAME_HEIGHT}`,
      '-r',
      String(SAMPLED_FPS),
      '-i',
      'pipe:0',
      '-c:v',
      'libx264rgb',
      '-qp',
      '0',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'rgb24',
      '-y',
      out
    ],
    { input: raw }
  )
  fs.readFileSync(out)
}

/** Frame sampling (old and current) vs. ffmpeg's plain decode of the same clip, alternated, medians of 5. */
async function samplingRatio(): Promise<void> {
  const processes = new ProcessManager()
  console.log('\nFrame sampling vs. plain decode (`ffmpeg -i clip -f null -`), median of 5:')
  for (const [name, frames] of CLIPS) {
    const file = path.join(SEED, name)
    const decode: number[] = []
    const old: number[] = []
    const sample: number[] = []
    const stretch: number[] = []
    const decoded = await decodeFrames('ffmpeg', processes, file, sampleFrameIndices(frames))
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'skycap-bench-old-'))
    for (let i = 0; i < 5; i++) {
      let t = performance.now()
      execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'])
      decode.push(performance.now() - t)
      t = performance.now()
      oldSampling(file, frames, path.join(scratch, 'frames.mp4'))
      old.push(performance.now() - t)
      t = performance.now()
      await sampleClip('ffmpeg', processes, file, frames)
      sample.push(performance.now() - t)
      t = performance.now()
      decoded.forEach(toModelSize)
      stretch.push(performance.now() - t)
    }
    fs.rmSync(scratch, { recursive: true, force: true })
    const ratio = (xs: number[]) => (median(xs) / median(decode)).toFixed(2)
    console.log(
      `  ${name}: decode ${ms(median(decode))}; sampling ${ms(median(sample))}, ratio ${ratio(sample)} (target ≤ 1.3), ` +
        `of which the 16-frame stretch to 364x420 ${ms(median(stretch))}; old 360x420 sampling ${ms(median(old))}, ratio ${ratio(old)}`
    )
  }
}

/**
 * The same clips pre-labeled with K = 5 and with K = 0 in turn, the order swapped every round so
 * that neither always runs on a warmer machine; then the confidence's bytes in the project file.
 */
async function logprobCost(app: StudioApp, project: ProjectInfo, clipIds: number[], engine: { local: LocalModel; maxTokens: number }): Promise<void> {
  const request: Record<'with' | 'without', number[]> = { with: [], without: [] }
  const model: Record<'with' | 'without', number[]> = { with: [], without: [] }
  const withIds: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
      const job = await call(app, 'prelabel.start', { scope: 'selected', clipIds, engine: { ...engine, topLogprobs: kind === 'with' ? TOP_K : 0 } })
      await waitForJob(app, job.id, finished, JOB_TIMEOUT)
      const stages = app.jobs.stageTimes(project.id, job.id)
      request[kind].push(...(stages.request ?? []))
      model[kind].push(...(stages.model ?? []))
      if (kind === 'with') for (const id of clipIds) withIds.push((await call(app, 'clips.get', { id })).prelabel!.id)
    }
  }
  const db = new Database(project.path, { readonly: true, fileMustExist: true })
  const prelabels = new PrelabelsRepo(db)
  const bytes = withIds.map((id) => prelabels.confidence.storedBytes(id))
  const tokens = withIds.map((id) => prelabels.confidence.tokens(id)?.length ?? 0)
  const text = clipIds.map((id) => Buffer.byteLength(prelabels.latest(id)?.rawText ?? ''))
  db.close()
  const ratio = median(request.with) / median(request.without)
  console.log(`\nLog-probabilities (top_logprobs ${TOP_K} vs none), ${ROUNDS} rounds alternating order, ${request.with.length} requests each:`)
  console.log(`  request  with ${ms(median(request.with))}, without ${ms(median(request.without))} (medians); ratio ${ratio.toFixed(3)} (target ≤ 1.05)`)
  console.log(`  model    with ${ms(median(model.with))}, without ${ms(median(model.without))} (engine's prompt + generation time)`)
  console.log(
    `  stored   ${(sum(bytes) / bytes.length).toFixed(0)} bytes per clip (min ${Math.min(...bytes)}, max ${Math.max(...bytes)}) for ` +
      `${(sum(tokens) / tokens.length).toFixed(0)} tokens; the raw text itself is ${(sum(text) / text.length).toFixed(0)} bytes`
  )
}

async function main(): Promise<void> {
  const binary = findLlamaServer()
  if (!binary.path) throw new Error(binary.problem ?? 'no llama-server')
  const { model, mmproj } = await ensureTinyModels()
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'skycap-bench-prelabel-'))
  const clipsDir = path.join(work, 'clips')
  fs.mkdirSync(clipsDir)
  for (let c = 0; c < COPIES; c++) for (const [name] of CLIPS) fs.copyFileSync(path.join(SEED, name), path.join(clipsDir, `${c}-${name}`))

  const app = createStudioApp({ dataDir: path.join(work, 'data'), roots: testRoots() })
  try {
    const project = await call(app, 'project.create', { name: 'bench' })
    await call(app, 'clips.import', { kind: 'folder', path: clipsDir })
    const engine = { local: { model, mmproj, contextPerSlot: 4096 }, maxTokens: MAX_TOKENS }
    // Warm-up on one clip so the measured job does not include starting llama-server.
    const warm = await call(app, 'prelabel.start', { scope: 'selected', clipIds: [1], engine })
    await waitForJob(app, warm.id, finished, JOB_TIMEOUT)

    const t0 = performance.now()
    const job = await call(app, 'prelabel.start', { scope: 'unlabeled', engine })
    const done = await waitForJob(app, job.id, finished, JOB_TIMEOUT)
    const wall = performance.now() - t0
    const stages = app.jobs.stageTimes(project.id, job.id)
    const n = done.progress.done

    console.log(`Pre-label benchmark: ${n} clips (${done.progress.failed} failed), tiny model, max ${MAX_TOKENS} new tokens, ${os.cpus().length} cores`)
    console.log('\nTime per stage (per clip: mean / median; total over all clips):')
    for (const stage of ['sample', 'request', 'model', 'parse', 'store']) {
      const xs = stages[stage] ?? []
      if (xs.length) console.log(`  ${stage.padEnd(8)} ${ms(sum(xs) / xs.length).padStart(10)} / ${ms(median(xs)).padStart(10)}   total ${ms(sum(xs))}`)
    }
    const totals = Object.entries(stages)
      .filter(([s]) => s !== 'model')
      .map(([s, xs]) => [s, sum(xs)] as const)
    const [slowest, slowestTotal] = totals.sort((a, b) => b[1] - a[1])[0]
    console.log(`\nJob wall time ${ms(wall)}; slowest stage "${slowest}" summed ${ms(slowestTotal)}`)
    console.log(`  wall / slowest stage = ${(wall / slowestTotal).toFixed(3)} (target ≤ 1.15: stages overlap)`)
    console.log(`  wall / sum of all stages = ${(wall / sum(totals.map(([, t]) => t))).toFixed(3)} (1.0 would mean no overlap at all)`)
    await logprobCost(app, project, [1, 2], engine)
  } finally {
    await app.close()
    fs.rmSync(work, { recursive: true, force: true })
  }
  await samplingRatio()
  console.log(`\nCPU: ${os.cpus()[0]?.model ?? 'unknown'}; ${fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:.*$/m)?.[0] ?? 'flags: unknown'}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
