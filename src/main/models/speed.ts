// Seconds per clip for a quant on a machine (docs/models.md, "Speed"): generation is bound by
// memory bandwidth over the bytes read per token, prefill and the vision tower by compute.
import type { CpuFeatures } from './cpuFeatures'
import type { LmFacts, VisionFacts } from './estimate'

/** What the machine can do; `source` says where each figure came from (shown to the user). */
export interface MachineSpeed {
  memoryBandwidthGBs: number // sustained read bandwidth, GB/s
  computeGflops: number // sustained matmul throughput for prefill/vision, GFLOP/s
  source: 'probe' | 'os' | 'user' | 'default'
  /** Per generated token, ns per vocabulary entry spent choosing it (always on the CPU); none: no such term. */
  sampling?: SamplingCost
}
/** The job's sampling (temperature, top_k 0: the whole vocabulary) with and without the caption schema's grammar. */
export interface SamplingCost {
  schemaNs: number
  plainNs: number
  source: 'probe' | 'default'
}
export interface SpeedInput {
  weightBytes: number // bytes of language-model weights read per generated token (≈ the quant's file size minus embeddings)
  params: number // language-model parameters
  visionParams: number // vision tower parameters (mmproj), 0 if none
  visionTokens: number // e.g. 1,560 for 8 frame pairs of 195
  promptTokens: number // total prompt tokens incl. vision (≈ 1,900)
  outputTokens: number // typical generated tokens (from this project's pre-labels, else the fixtures')
  machine: MachineSpeed
  /** KV cache bytes per token (56 KiB for Qwen2.5-VL-7B): each generated token reads the whole cache. */
  kvBytesPerToken?: number
  /** Vocabulary size (152,064 for Qwen2.5-VL): what sampling each token walks over. */
  vocab?: number
  /** The job constrains output to the caption schema (default); false for free text. */
  schema?: boolean
}
export interface SpeedEstimate {
  visionSeconds: number
  prefillSeconds: number
  decodeSeconds: number
  secondsPerClip: number
  clipsPerHour: number
  prefillTokensPerSecond: number
  decodeTokensPerSecond: number
}

/**
 * Mean tokens of the model's real output for the fixtures' three clips (430, 302 and 228 with
 * the Qwen2 tokenizer; checked in test/models/speed.test.ts).
 */
export const TYPICAL_OUTPUT_TOKENS = 320

/**
 * Share of the machine's figures llama.cpp reaches: decode streams the weights once per token
 * but also dequantises and synchronises threads per layer; prefill and the vision tower spend time
 * outside matmuls (attention, norms, dequantisation). Measured ratios (bench:speed) tune these.
 */
export const DECODE_EFFICIENCY = 0.75
export const COMPUTE_EFFICIENCY = 0.6

/** The vision tower sees every patch of a frame pair; 2×2 patches merge into one LM token. */
export const PATCHES_PER_VISION_TOKEN = 4

export function predictSpeed(input: SpeedInput): SpeedEstimate {
  const flops = input.machine.computeGflops * 1e9 * COMPUTE_EFFICIENCY
  const visionSeconds = (2 * input.visionParams * input.visionTokens * PATCHES_PER_VISION_TOKEN) / flops
  // vision embeddings pass through the language model like any other prompt token
  const prefillSeconds = (2 * input.params * input.promptTokens) / flops
  const t = decodeTerms(input)
  const decodeSeconds = input.outputTokens * (t.weightsSeconds + t.kvSeconds + t.samplingSeconds)
  return estimate(input, visionSeconds, prefillSeconds, decodeSeconds)
}

/** Seconds per generated token, term by term: bench:speed shows which terms a model exercises. */
export interface DecodeTerms {
  weightsSeconds: number
  kvSeconds: number
  samplingSeconds: number
}

export function decodeTerms(input: SpeedInput): DecodeTerms {
  const bandwidth = input.machine.memoryBandwidthGBs * 1e9 * DECODE_EFFICIENCY
  // on average a generated token attends to the prompt and half the output
  const kvRead = (input.kvBytesPerToken ?? 0) * (input.promptTokens + input.outputTokens / 2)
  return { weightsSeconds: input.weightBytes / bandwidth, kvSeconds: kvRead / bandwidth, samplingSeconds: samplingSeconds(input, input.machine.sampling) }
}

/** Choosing one token: a pass over the vocabulary, and with a schema, the grammar's check of the candidates. */
function samplingSeconds(input: Pick<SpeedInput, 'vocab' | 'schema'>, cost: SamplingCost | undefined): number {
  if (!cost || !input.vocab) return 0
  return (input.vocab * (input.schema === false ? cost.plainNs : cost.schemaNs)) / 1e9
}

/** The per-clip figures that follow from the three phases' times. */
function estimate(input: Omit<SpeedInput, 'machine'>, visionSeconds: number, prefillSeconds: number, decodeSeconds: number): SpeedEstimate {
  const secondsPerClip = visionSeconds + prefillSeconds + decodeSeconds
  return {
    visionSeconds,
    prefillSeconds,
    decodeSeconds,
    secondsPerClip,
    clipsPerHour: 3600 / secondsPerClip,
    prefillTokensPerSecond: input.promptTokens / prefillSeconds,
    decodeTokensPerSecond: input.outputTokens / decodeSeconds
  }
}

/**
 * Partial offload: `gpuShare` of the layers' work runs at the GPU's figures, the rest at the
 * CPU's; the vision tower runs on the GPU whenever one is used (its weights live there).
 */
export function predictSplit(input: Omit<SpeedInput, 'machine'>, cpu: MachineSpeed, gpu: MachineSpeed | null, gpuShare: number): SpeedEstimate {
  if (!gpu || gpuShare <= 0) return predictSpeed({ ...input, machine: cpu })
  // llama.cpp samples on the CPU whatever runs the layers
  const g = predictSpeed({ ...input, machine: { ...gpu, sampling: cpu.sampling } })
  if (gpuShare >= 1) return g
  const c = predictSpeed({ ...input, machine: cpu })
  const mix = (a: number, b: number) => gpuShare * a + (1 - gpuShare) * b
  return estimate(input, g.visionSeconds, mix(g.prefillSeconds, c.prefillSeconds), mix(g.decodeSeconds, c.decodeSeconds))
}

/**
 * Without a probe or the user's figures: per core, what a core of the ISA sustains in llama.cpp's
 * quantised matmuls (AVX-512 ≈ 200, AVX2 ≈ 100, Arm dotprod ≈ 80 GFLOP/s: a 7B model's published
 * CPU prompt rates of tens of tokens/s on 8–16 cores), and about 8 GB/s of streaming reads per
 * core up to 64 GB/s, a dual-channel desktop's sustained bandwidth.
 */
export function defaultCpuSpeed(cpu: CpuFeatures, cores: number): MachineSpeed {
  const perCore = cpu.avx512 ? 200 : cpu.avx2 ? 100 : cpu.dotprod ? 80 : 20
  return { memoryBandwidthGBs: Math.min(64, 8 * cores), computeGflops: perCore * cores, source: 'default', sampling: defaultSampling(cpu) }
}

/**
 * Sampling cost without a probe, per vocabulary entry: the speed job's probe on an AVX-512 EPYC
 * measured about 8 ns plain and 40 ns with the schema's grammar (docs/models.md, "Sampling"); the
 * softmax pass is vectorised, so narrower vectors cost more, the grammar (scalar code) less so.
 */
export function defaultSampling(cpu: CpuFeatures): SamplingCost {
  if (cpu.avx512) return { plainNs: 8, schemaNs: 40, source: 'default' }
  if (cpu.avx2 || cpu.dotprod) return { plainNs: 12, schemaNs: 45, source: 'default' }
  return { plainNs: 30, schemaNs: 80, source: 'default' }
}

/** A mid-range discrete GPU (≈ 300 GB/s, ≈ 20 TFLOP/s f16): the studio cannot read the GPU's own figures. */
export const DEFAULT_GPU_SPEED: MachineSpeed = { memoryBandwidthGBs: 300, computeGflops: 20_000, source: 'default' }

const hasOutput = (lm: LmFacts) => lm.tensors.some((t) => t.name === 'output.weight')

/**
 * The bytes a generated token reads: every weight but the token embedding, which is only looked
 * up, unless the model ties its output to it (no output.weight): then the logits read it whole.
 */
export function weightBytesRead(lm: LmFacts): number {
  const tied = !hasOutput(lm)
  return lm.tensors.filter((t) => tied || t.name !== 'token_embd.weight').reduce((a, t) => a + t.bytes, 0)
}

/**
 * The parameters a prompt token multiplies: not the embedding (a lookup), and not the output
 * projection, which llama-server runs for the prompt's last token only.
 */
export function prefillParams(lm: LmFacts, parameters: number): number {
  return parameters - lm.vocab * lm.embd * (hasOutput(lm) ? 2 : 1)
}

/** Vision tower parameters from its file, taken as F16 (2 bytes a weight, the card's mmproj). */
export function visionParams(vision: VisionFacts | null): number {
  return vision ? vision.bytes / 2 : 0
}
