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
import { createStudioApp } from '../src/main/app'
import { captionSample } from '../src/main/inference/captioner'
import { EngineHost } from '../src/main/inference/engine'
import { LocalEngine } from '../src/shared/jobs'
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
 * Caption requests with K = 5 and with K = 0 on the same sampled clip, seconds apart, through the
 * real endpoint pool and local llama-server, which goes first swapped every round: the machine's
 * other load drifts over minutes. Before any job, so no other server of ours runs.
 */
async function logprobCost(local: LocalEngine, work: string): Promise<void> {
  const processes = new ProcessManager()
  const engines = new EngineHost({ processes, logDir: work })
  const samples = await Promise.all(CLIPS.map(([name, frames]) => sampleClip('ffmpeg', processes, path.join(SEED, name), frames)))
  const pool = engines.pool({ local, endpoints: [] })
  const request: Record<'with' | 'without', number[]> = { with: [], without: [] }
  const ratios: number[] = []
  try {
    await captionSample(pool, samples[0], { maxTokens: MAX_TOKENS }) // starts the server
    // the two clips alternate, so no request finds its own prompt in llama-server's cache
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = round % 2 === 0 ? [TOP_K, 0] : [0, TOP_K]
      const times: Record<string, number> = {}
      for (const [clip, k] of [
        [0, a],
        [1, b],
        [0, b],
        [1, a]
      ]) {
        times[`${clip}:${k}`] = (await captionSample(pool, samples[clip], { maxTokens: MAX_TOKENS, topLogprobs: k })).timings.requestMs
      }
      for (const clip of [0, 1]) {
        request.with.push(times[`${clip}:${TOP_K}`])
        request.without.push(times[`${clip}:0`])
        ratios.push(times[`${clip}:${TOP_K}`] / times[`${clip}:0`])
      }
    }
  } finally {
    await engines.stop()
  }
  console.log(`Log-probabilities (top_logprobs ${TOP_K} vs none): ${ratios.length} request pairs on the seed clips, seconds apart, order swapped each round`)
  console.log(`  request  with ${ms(median(request.with))}, without ${ms(median(request.without))} (medians of ${MAX_TOKENS}-token answers)`)
  console.log(
    `  ratio    ${median(ratios).toFixed(3)} median of the pairs (target ≤ 1.05); pairs from ${Math.min(...ratios).toFixed(3)} to ${Math.max(...ratios).toFixed(3)}`
  )
}

/** Bytes the confidence of each of a job's pre-labels takes in the project file, against the raw text's. */
function storedBytes(projectFile: string, clipIds: number[]): void {
  const db = new Database(projectFile, { readonly: true, fileMustExist: true })
  const prelabels = new PrelabelsRepo(db)
  const ids = clipIds.map((id) => prelabels.latestId(id)).filter((id) => id !== null)
  const bytes = ids.map((id) => prelabels.confidence.storedBytes(id))
  const tokens = ids.map((id) => prelabels.confidence.tokens(id)?.length ?? 0)
  const text = clipIds.map((id) => Buffer.byteLength(prelabels.latest(id)?.rawText ?? ''))
  db.close()
  const mean = (xs: number[]) => (sum(xs) / xs.length).toFixed(0)
  console.log(
    `\nStored confidence (K = ${TOP_K}): ${mean(bytes)} bytes per clip (min ${Math.min(...bytes)}, max ${Math.max(...bytes)}) over ${ids.length} clips, ` +
      `for ${mean(tokens)} tokens; the raw text itself is ${mean(text)} bytes`
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

  await logprobCost(LocalEngine.parse({ model, mmproj, contextPerSlot: 4096 }), work)

  const app = createStudioApp({ dataDir: path.join(work, 'data'), roots: testRoots() })
  try {
    const project = await call(app, 'project.create', { name: 'bench' })
    await call(app, 'clips.import', { kind: 'folder', path: clipsDir })
    const engine = { local: { model, mmproj, contextPerSlot: 4096 }, maxTokens: MAX_TOKENS, topLogprobs: TOP_K }
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
    storedBytes(
      project.path,
      (await call(app, 'clips.list', { sort: 'name' })).rows.map((r) => r.id)
    )
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
