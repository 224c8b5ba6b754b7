// Which quant runs how on a machine: verdict per quant and the recommended one.
import type { GpuKind, MemoryEstimate, Verdict } from '../../shared/models'
import { describeCpu, type CpuFeatures } from './cpuFeatures'
import { estimateMemory, videoTokens, type JobShape, type LmFacts, type VisionFacts } from './estimate'
import { extraBufferTypes } from './weightBuffers'

/** Tokens of struct_prompt.txt with the Qwen2 tokenizer (checked in test/models/fit.test.ts). */
export const PROMPT_TOKENS = 331
/** Chat template, the "Video:" marker and vision start/end around the frames (measured: 36). */
export const TEMPLATE_TOKENS = 36
export const OUTPUT_TOKENS = 2048

/** One slot's tokens for one clip: 1,560 video + 36 template + 331 prompt + 2,048 output = 3,975. */
export function jobTokens(): number {
  return videoTokens() + TEMPLATE_TOKENS + PROMPT_TOKENS + OUTPUT_TOKENS
}

/** The job's context per slot: its tokens rounded up to a whole 1,024 (4,096). */
export function jobContext(): number {
  return Math.ceil(jobTokens() / 1024) * 1024
}

export interface Machine {
  gpu: GpuKind
  vram: number
  ram: number
  /** The CPU llama-server runs on (a what-if machine keeps this machine's). */
  cpu: CpuFeatures
}

/**
 * The CPU whose extra weight buffers count: none with a GPU backend, because llama.cpp offers
 * the CPU-side weights to the GPU's host buffer first, and with mmap that is the mapped file.
 */
export function extraBuffersCpu(machine: Machine): CpuFeatures | null {
  return machine.gpu === 'none' ? machine.cpu : null
}

const listed = (types: string[]) => (types.length > 1 ? `${types.slice(0, -1).join(', ')} and ${types.at(-1)}` : types[0])

/** One sentence for the Models screen: which CPU the weight buffers are counted for, and what follows. */
export function describeCpuWeights(machine: Machine): string {
  const cpu = `this machine's CPU (${describeCpu(machine.cpu)}; ${machine.cpu.source})`
  if (!extraBuffersCpu(machine))
    return `CPU-side weights counted as the mapped file only: with a GPU backend llama.cpp keeps them in the GPU's host buffer, so ${cpu} adds no AMX or CPU_REPACK copies.`
  const types = extraBufferTypes(machine.cpu)
  const parts = [
    types.AMX.length ? `${listed(types.AMX)} matrices get an AMX copy` : '',
    types.CPU_REPACK.length ? `${listed(types.CPU_REPACK)} matrices get a CPU_REPACK copy` : ''
  ].filter(Boolean)
  if (!parts.length) return `CPU weights counted as on ${cpu}: no extra weight buffers, the weights stay in the mapped file.`
  return `CPU weights counted as on ${cpu}: ${parts.join('; ')}, beside the mapped file.`
}

/**
 * Safety margin: keep 10% (at least 512 MiB) free for the driver, the desktop and the rest of
 * the studio, so a "fits" does not end in an out-of-memory crash halfway through a job.
 */
export function usable(bytes: number): number {
  return Math.max(0, Math.min(bytes * 0.9, bytes - 512 * 2 ** 20))
}

export interface FitOutcome {
  verdict: Verdict
  estimate: MemoryEstimate
}

/** The most layers that fit the GPU (all, some, none) with the rest fitting in RAM. */
export function fitQuant(lm: LmFacts, vision: VisionFacts | null, job: JobShape, machine: Machine): FitOutcome {
  const total = lm.blocks + 1
  const vram = machine.gpu === 'none' ? 0 : usable(machine.vram)
  const ram = usable(machine.ram)
  const at = (layers: number) => estimateMemory(lm, vision, job, layers, extraBuffersCpu(machine))
  if (vram > 0) {
    for (let layers = total; layers > 0; layers--) {
      const estimate = at(layers)
      if (estimate.vram <= vram && estimate.ram <= ram) {
        const kind = layers === total ? 'full_gpu' : 'partial'
        const label = kind === 'full_gpu' ? 'Full GPU offload' : `Partial offload (${layers} of ${total} layers)`
        return { verdict: { kind, gpuLayers: layers, totalLayers: total, label }, estimate }
      }
    }
  }
  const cpu = at(0)
  if (cpu.ram <= ram) return { verdict: { kind: 'cpu_only', gpuLayers: 0, totalLayers: total, label: 'CPU only' }, estimate: cpu }
  // report the full-offload figures, so the table says how much memory the quant would need
  const full = at(machine.gpu === 'none' ? 0 : total)
  return { verdict: { kind: 'wont_fit', gpuLayers: 0, totalLayers: total, label: 'Will not fit' }, estimate: full }
}

export interface Ranked {
  id: string
  quant: string
  rank: number
  outcome: FitOutcome
}

const GB = (n: number) => `${(n / 1e9).toFixed(1)} GB`

/**
 * The highest-precision quant that fully fits the GPU; without a GPU (or when none fits), the
 * highest-precision one that fits at all, saying how. Returns the id and a one-line reason.
 */
export function recommend(rows: Ranked[], machine: Machine): { id: string | null; reason: string } {
  const byPrecision = [...rows].sort((a, b) => b.rank - a.rank)
  const full = byPrecision.find((r) => r.outcome.verdict.kind === 'full_gpu')
  if (full) {
    const e = full.outcome.estimate
    return {
      id: full.id,
      reason: `${full.quant} is the most precise quant that fits entirely in ${GB(machine.vram)} of VRAM (needs ${GB(e.vram)} with the vision tower and KV cache).`
    }
  }
  const any = byPrecision.find((r) => r.outcome.verdict.kind !== 'wont_fit')
  if (!any) return { id: null, reason: 'No quant fits this machine, even on the CPU: it needs more RAM.' }
  const e = any.outcome.estimate
  if (any.outcome.verdict.kind === 'cpu_only') {
    const why = machine.gpu === 'none' ? 'No usable GPU' : 'No quant fits the GPU'
    return {
      id: any.id,
      reason: `${why}: ${any.quant} is the most precise quant that runs on the CPU in ${GB(machine.ram)} of RAM (needs ${GB(e.ram)}); expect slow clips.`
    }
  }
  return { id: any.id, reason: `No quant fits the GPU entirely: ${any.quant} runs ${any.outcome.verdict.label.toLowerCase()}, the rest on the CPU.` }
}
