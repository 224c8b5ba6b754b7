/**
 * Speed model against measurement: the tiny test model captions a few clips through the real
 * pre-label job path ("Measure on this machine", speed.measure), and the stored figures are printed
 * beside what the speed model (src/main/models/speed.ts) predicts for the same files, prompt and
 * output length, prefill and decode apart, with their ratios and the machine's CPU flags.
 * Machine figures: --bandwidth / --compute (GB/s, GFLOP/s), else the job's own machine probe
 * (speedProbe.ts); the decode prediction from this CPU's default figures is printed beside it.
 * Run: npm run bench:speed [-- --clips 3 --max-tokens 128 --bandwidth 20 --compute 400]
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import os from 'node:os'
import { createStudioApp } from '../src/main/app'
import { describeCpu, readCpuFeatures } from '../src/main/models/cpuFeatures'
import { kvBytesPerToken } from '../src/main/models/estimate'
import { readLocalGguf } from '../src/main/models/ggufFacts'
import { defaultCpuSpeed, predictSpeed, prefillParams, weightBytesRead } from '../src/main/models/speed'
import { ensureTinyModels } from '../scripts/make-tiny-models'
import { call, waitForJob } from '../test/helpers/dispatch'
import { copyClips } from '../test/helpers/prelabel'
import { testRoots } from '../test/helpers/roots'
import { tempDir } from '../test/helpers/temp'

const { values } = parseArgs({
  options: {
    clips: { type: 'string', default: '3' },
    'max-tokens': { type: 'string', default: '128' },
    bandwidth: { type: 'string' },
    compute: { type: 'string' }
  }
})
/** The bar for decode: predicted within 30% of measured. */
const DECODE_TARGET = 0.3

const given = values.bandwidth && values.compute ? { memoryBandwidthGBs: Number(values.bandwidth), computeGflops: Number(values.compute) } : undefined
const tiny = await ensureTinyModels()
const dataDir = tempDir('skycap-bench-speed-')
const app = createStudioApp({ dataDir, roots: testRoots() })
try {
  await call(app, 'project.create', { name: 'bench-speed' })
  const clips = path.join(dataDir, 'clips')
  copyClips(clips, Number(values.clips))
  await call(app, 'clips.import', { kind: 'folder', path: clips })
  const local = { model: tiny.model, mmproj: tiny.mmproj, contextPerSlot: 4096, parallel: 1, gpuLayers: 0 as const, timeoutMs: 600_000 }
  const started = await call(app, 'speed.measure', { local, count: Number(values.clips), maxTokens: Number(values['max-tokens']) })
  const job = await waitForJob(app, started.id, (j) => j.state !== 'running', 1_800_000)
  if (job.state !== 'done') throw new Error(`the measuring job ended ${job.state}: ${job.error ?? JSON.stringify(job.failures)}`)
  const [run] = await call(app, 'speed.list', given ? { machine: given } : {})
  const p = run.predicted
  if (!p) throw new Error('no prediction: the tiny model files could not be read')

  const flags = /^flags\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '(no /proc/cpuinfo)'
  const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(10)
  const ratio = (predicted: number, measured: number) => predicted / measured
  console.log(`CPU: ${describeCpu(readCpuFeatures())}`)
  console.log(`CPU flags: ${flags}`)
  const m = p.machine
  const sampling = m.sampling
    ? `, sampling ${m.sampling.schemaNs.toFixed(1)} ns (schema) / ${m.sampling.plainNs.toFixed(1)} ns (plain) per vocabulary entry (${m.sampling.source})`
    : ''
  console.log(`machine figures (${m.source}): ${m.memoryBandwidthGBs.toFixed(1)} GB/s, ${m.computeGflops.toFixed(1)} GFLOP/s${sampling}`)
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} on ${os.availableParallelism()} cores`
  )
  console.log(
    `tiny model ${path.basename(run.model)} (${run.quant}), ${run.clips} clips, median ${run.promptTokens} prompt and ${run.outputTokens} generated tokens`
  )
  console.log('')
  console.log(`${'figure'.padEnd(28)}${'predicted'.padStart(10)}${'measured'.padStart(10)}${'pred/meas'.padStart(10)}`)
  const rows: [string, number, number][] = [
    ['prefill tokens/s (text)', p.prefillTokensPerSecond, run.measured.prefillTokensPerSecond],
    ['decode tokens/s', p.decodeTokensPerSecond, run.measured.decodeTokensPerSecond],
    ['vision s per clip', p.visionSeconds, run.measured.visionSeconds],
    ['seconds per clip', p.secondsPerClip, run.measured.secondsPerClip]
  ]
  for (const [name, predicted, measured] of rows) console.log(`${name.padEnd(28)}${fmt(predicted, 2)}${fmt(measured, 2)}${fmt(ratio(predicted, measured), 2)}`)
  const decode = ratio(p.decodeTokensPerSecond, run.measured.decodeTokensPerSecond)
  const within = Math.abs(decode - 1) <= DECODE_TARGET
  console.log('')
  console.log(`decode ratio ${decode.toFixed(2)}: target within ±${DECODE_TARGET * 100}% (0.70–1.30): ${within ? 'met' : 'NOT met'}`)
  const unexplainedMs = 1000 / run.measured.decodeTokensPerSecond - 1000 / p.decodeTokensPerSecond
  console.log(`per generated token, ${unexplainedMs.toFixed(2)} ms more than predicted (weight reads and sampling)`)
  console.log(`prefill ratio ${ratio(p.prefillTokensPerSecond, run.measured.prefillTokensPerSecond).toFixed(2)} (for reference; no target)`)
  // the same decode from this CPU's default figures (what a machine without a probe is told)
  const info = await readLocalGguf(run.model)
  if (info.kind === 'model') {
    const machine = defaultCpuSpeed(readCpuFeatures(), os.availableParallelism())
    const d = predictSpeed({
      weightBytes: weightBytesRead(info.lm),
      params: prefillParams(info.lm, info.parameters),
      visionParams: 0,
      visionTokens: 0,
      promptTokens: run.promptTokens,
      outputTokens: run.outputTokens,
      kvBytesPerToken: kvBytesPerToken(info.lm),
      vocab: info.lm.vocab,
      machine
    })
    const r = ratio(d.decodeTokensPerSecond, run.measured.decodeTokensPerSecond)
    console.log(
      `decode from the default figures (${machine.memoryBandwidthGBs} GB/s, sampling ${machine.sampling?.schemaNs} ns): ${d.decodeTokensPerSecond.toFixed(1)} tokens/s, ratio ${r.toFixed(2)}`
    )
  }
} finally {
  await app.close()
}
