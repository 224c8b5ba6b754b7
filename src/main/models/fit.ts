// Which quant runs how on a machine: verdict per quant and the recommended one.
import { formatDuration, formatSeconds } from '../../shared/durations'
import type { GpuKind, MemoryEstimate, SpeedEstimate, Verdict } from '../../shared/models'
import { describeCpu, type CpuFeatures } from './cpuFeatures'
import { estimateMemory, kvBytesPerToken, videoTokens, type JobShape, type LmFacts, type VisionFacts } from './estimate'
import { predictSplit, prefillParams, TYPICAL_OUTPUT_TOKENS, visionParams, weightBytesRead, type MachineSpeed } from './speed'
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
  /** Predicted time per clip; null when the quant will not fit. */
  speed: SpeedEstimate | null
}

/** The job's prompt: 1,560 video + 36 template + 331 instruction tokens = 1,927. */
export const JOB_PROMPT_TOKENS = videoTokens() + TEMPLATE_TOKENS + PROMPT_TOKENS

export interface MachineSpeeds {
  cpu: MachineSpeed
  gpu: MachineSpeed | null
}

/** Seconds per clip for a quant placed as its verdict says (the GPU's layers at its figures). */
export function predictQuant(
  lm: LmFacts,
  vision: VisionFacts | null,
  params: number,
  verdict: Verdict,
  speeds: MachineSpeeds,
  outputTokens = TYPICAL_OUTPUT_TOKENS
): SpeedEstimate | null {
  if (verdict.kind === 'wont_fit') return null
  const input = {
    weightBytes: weightBytesRead(lm),
    params: prefillParams(lm, params),
    vocab: lm.vocab,
    visionParams: visionParams(vision),
    visionTokens: vision ? videoTokens(vision.patch, vision.merge) : 0,
    promptTokens: JOB_PROMPT_TOKENS,
    outputTokens,
    kvBytesPerToken: kvBytesPerToken(lm)
  }
  return predictSplit(input, speeds.cpu, speeds.gpu, verdict.gpuLayers / verdict.totalLayers)
}

/** The card says IQ3 and below only when nothing else fits: Q4_0 (4.55 bits) is the floor otherwise. */
const ACCEPTABLE_RANK = 45
/** A finer quant is worth up to 25% more time per clip; beyond that, speed wins. */
export const SPEED_TOLERANCE = 1.25
const CLIPS = 10_000

const GB = (n: number) => `${(n / 1e9).toFixed(1)} GB`

const times = (a: number, b: number) => `${(a / b).toFixed(1)}×`

function placement(r: Ranked, machine: Machine): string {
  const { verdict, estimate } = r.outcome
  if (verdict.kind === 'full_gpu') return `fits entirely in ${GB(machine.vram)} of VRAM (needs ${GB(estimate.vram)})`
  if (verdict.kind === 'partial') return `${verdict.label.toLowerCase()}, the rest on the CPU`
  const why = machine.gpu === 'none' ? 'no usable GPU' : 'no quant fits the GPU'
  return `${why}, fits in ${GB(machine.ram)} of RAM on the CPU (needs ${GB(estimate.ram)})`
}

/**
 * Weighs memory, speed and precision: of the quants that fit (Q4_0 and finer unless only
 * smaller ones do), the most precise one whose time per clip is within SPEED_TOLERANCE of the
 * fastest. The reason names the pick's figures and what was traded against the alternative.
 */
export function recommend(rows: Ranked[], machine: Machine): { id: string | null; reason: string } {
  const fitting = rows.filter((r): r is Ranked & { speed: SpeedEstimate } => r.outcome.verdict.kind !== 'wont_fit' && r.speed !== null)
  if (!fitting.length) return { id: null, reason: 'No quant fits this machine, even on the CPU: it needs more RAM.' }
  const acceptable = fitting.some((r) => r.rank >= ACCEPTABLE_RANK) ? fitting.filter((r) => r.rank >= ACCEPTABLE_RANK) : fitting
  const secs = (r: { speed: SpeedEstimate }) => r.speed.secondsPerClip
  const fastest = acceptable.reduce((a, b) => (secs(b) < secs(a) ? b : a))
  const byPrecision = [...acceptable].sort((a, b) => b.rank - a.rank)
  const pick = byPrecision.find((r) => secs(r) <= secs(fastest) * SPEED_TOLERANCE)!
  const finest = byPrecision[0]
  const figures = `about ${formatSeconds(secs(pick))} per clip, ${Math.round(pick.speed.clipsPerHour)} clips per hour (${CLIPS.toLocaleString('en')} clips ≈ ${formatDuration(secs(pick) * CLIPS)})`
  let trade: string
  if (finest !== pick) trade = `${finest.quant} would take about ${times(secs(finest), secs(pick))} as long per clip: traded its precision for speed.`
  else if (fastest !== pick && secs(pick) > secs(fastest) * 1.05)
    trade = `the most precise quant that fits; ${fastest.quant} would be ${times(secs(pick), secs(fastest))} faster: took the time for precision.`
  else trade = 'the most precise quant that fits, and about as fast as any.'
  return { id: pick.id, reason: `${pick.quant}: ${placement(pick, machine)}, ${figures}; ${trade}` }
}
