/**
 * Fit estimate against measurement: for several context sizes and slot counts, starts the real
 * llama-server with a tiny test model (f16, and a Q4_0 copy most CPUs repack) and the studio's
 * flags (or --no-repack: the plain weight layout), sends job-shaped video requests, and prints
 * each estimated part next to what llama-server logs and holds, with the ratio. Weights get one
 * row per buffer type as llama-server names it (CPU_Mapped, CPU_REPACK, AMX, …).
 * Run: npm run bench:fit [-- --requests N --contexts 2048,4096,8192 --slots 1,2 --models f16,q4_0 --layouts default,no-repack]
 */
import { parseArgs } from 'node:util'
import { describeCpu, readCpuFeatures } from '../src/main/models/cpuFeatures'
import { estimateMemory } from '../src/main/models/estimate'
import { readLocalGguf } from '../src/main/models/ggufFacts'
import { compare, jobRequests, measureServer } from '../src/main/models/measure'
import { findLlamaServer } from '../src/main/inference/llamaBinary'
import { resolveTools } from '../src/main/media/tools'
import { ProcessManager } from '../src/main/processes'
import { ensureTinyModels } from '../scripts/make-tiny-models'
import { ensureTinyQ4Model } from '../scripts/make-tiny-q4-model'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '8' },
    contexts: { type: 'string', default: '2048,4096,8192' },
    slots: { type: 'string', default: '1,2' },
    models: { type: 'string', default: 'f16,q4_0' },
    layouts: { type: 'string', default: 'default,no-repack' }
  }
})
const list = (s: string) => s.split(',').map(Number)

const binary = findLlamaServer()
if (!binary.path) throw new Error(binary.problem ?? 'no llama-server')
const ffmpeg = resolveTools().ffmpeg
if (!ffmpeg) throw new Error('ffmpeg not found')
const processes = new ProcessManager()
const tiny = await ensureTinyModels()
const files: Record<string, string> = { f16: tiny.model, q4_0: await ensureTinyQ4Model() }
const mm = await readLocalGguf(tiny.mmproj)
if (mm.kind !== 'mmproj') throw new Error('the tiny mmproj is not a vision projector')
const cpu = readCpuFeatures()

const mib = (n: number) => (n / 2 ** 20).toFixed(2).padStart(8)
console.log(`llama-server ${binary.path}`)
console.log(`CPU: ${describeCpu(cpu)} (${cpu.source})`)
try {
  const requests = await jobRequests(ffmpeg, processes, Number(values.requests), 16)
  console.log(`${requests.length} job-shaped requests per configuration (16 frames, struct prompt, 16 new tokens), CPU only\n`)
  const worst: number[] = []
  for (const model of values.models.split(',')) {
    if (!files[model]) throw new Error(`--models: ${model} is not one of ${Object.keys(files).join(', ')}`)
    const lm = await readLocalGguf(files[model])
    if (lm.kind !== 'model') throw new Error(`${files[model]} is not a language model`)
    for (const layout of values.layouts.split(',')) {
      if (layout !== 'default' && layout !== 'no-repack') throw new Error(`--layouts: ${layout} is neither default nor no-repack`)
      for (const contextPerSlot of list(values.contexts)) {
        for (const slots of list(values.slots)) {
          const estimate = estimateMemory(lm.lm, mm.vision, { contextPerSlot, slots }, 0, layout === 'default' ? cpu : null)
          const extraArgs = layout === 'no-repack' ? ['--no-repack'] : []
          const measured = await measureServer({
            processes,
            binary: binary.path,
            model: files[model],
            mmproj: tiny.mmproj,
            contextPerSlot,
            parallel: slots,
            requests,
            extraArgs
          })
          console.log(
            `${model}, ${layout} flags, ctx ${contextPerSlot} x ${slots} slot(s)   prompt tokens ${measured.promptTokens[0]}   RSS after load ${mib(measured.loadedRss ?? NaN)} MiB`
          )
          console.log(`  ${'part'.padEnd(22)} ${'estimate'.padStart(8)} ${'measured'.padStart(8)}  ratio`)
          for (const r of compare(estimate, measured)) {
            console.log(`  ${r.part.padEnd(22)} ${mib(r.estimated)} ${mib(r.measured)}  ${r.ratio.toFixed(3)}`)
            if (r.part === 'all buffers' || r.part.startsWith('resident')) worst.push(Math.abs(r.ratio - 1))
          }
          console.log('')
        }
      }
    }
  }
  console.log(`largest deviation of buffers/RSS totals: ${(Math.max(...worst) * 100).toFixed(1)}% (the test fails above 25%)`)
} finally {
  processes.killAll('SIGKILL')
}
