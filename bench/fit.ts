/**
 * Fit estimate against measurement: for several context sizes and slot counts, starts the real
 * llama-server with the tiny test pair and the studio's flags, sends job-shaped video requests,
 * and prints each estimated part next to what llama-server logs and holds, with the ratio.
 * Run: npm run bench:fit [-- --requests N --contexts 2048,4096,8192 --slots 1,2]
 */
import { parseArgs } from 'node:util'
import { estimateMemory } from '../src/main/models/estimate'
import { readLocalGguf } from '../src/main/models/ggufFacts'
import { compare, jobRequests, measureServer } from '../src/main/models/measure'
import { findLlamaServer } from '../src/main/inference/llamaBinary'
import { resolveTools } from '../src/main/media/tools'
import { ProcessManager } from '../src/main/processes'
import { ensureTinyModels } from '../scripts/make-tiny-models'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '8' },
    contexts: { type: 'string', default: '2048,4096,8192' },
    slots: { type: 'string', default: '1,2' }
  }
})
const list = (s: string) => s.split(',').map(Number)

const binary = findLlamaServer()
if (!binary.path) throw new Error(binary.problem ?? 'no llama-server')
const ffmpeg = resolveTools().ffmpeg
if (!ffmpeg) throw new Error('ffmpeg not found')
const processes = new ProcessManager()
const tiny = await ensureTinyModels()
const lm = await readLocalGguf(tiny.model)
const mm = await readLocalGguf(tiny.mmproj)
if (lm.kind !== 'model' || mm.kind !== 'mmproj') throw new Error('unexpected tiny model files')
const requests = await jobRequests(ffmpeg, processes, Number(values.requests), 16)

const mib = (n: number) => (n / 2 ** 20).toFixed(2).padStart(8)
console.log(`llama-server ${binary.path}`)
console.log(`${requests.length} job-shaped requests per configuration (16 frames 360x420, struct prompt, 16 new tokens), CPU only\n`)
const worst: number[] = []
for (const contextPerSlot of list(values.contexts)) {
  for (const slots of list(values.slots)) {
    const estimate = estimateMemory(lm.lm, mm.vision, { contextPerSlot, slots }, 0)
    const measured = await measureServer({ processes, binary: binary.path, model: tiny.model, mmproj: tiny.mmproj, contextPerSlot, parallel: slots, requests })
    console.log(`ctx ${contextPerSlot} x ${slots} slot(s)   prompt tokens ${measured.promptTokens[0]}   RSS after load ${mib(measured.loadedRss ?? NaN)} MiB`)
    console.log(`  ${'part'.padEnd(22)} ${'estimate'.padStart(8)} ${'measured'.padStart(8)}  ratio`)
    for (const r of compare(estimate, measured)) {
      console.log(`  ${r.part.padEnd(22)} ${mib(r.estimated)} ${mib(r.measured)}  ${r.ratio.toFixed(3)}`)
      if (r.part === 'all buffers' || r.part.startsWith('resident')) worst.push(Math.abs(r.ratio - 1))
    }
    console.log('')
  }
}
console.log(`largest deviation of buffers/RSS totals: ${(Math.max(...worst) * 100).toFixed(1)}% (the test fails above 25%)`)
processes.killAll('SIGKILL')
