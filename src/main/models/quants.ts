// The published SkyCaptioner-V1 GGUF quants and the facts of the model they quantise
// (shared docs: product.md §2). Used when a quant is not on disk to read its metadata from.
import type { LmFacts, VisionFacts } from './estimate'

export const DEFAULT_REPO = 'Mungert/SkyCaptioner-V1-GGUF'
const FILE_PREFIX = 'SkyCaptioner-V1'

/** Qwen2.5-VL-7B's language model: 28 blocks, 4 KV heads of 128 → 56 KiB of f16 KV per token. */
export const QWEN25VL_7B = {
  architecture: 'qwen2vl',
  parameters: 7.62e9,
  blocks: 28,
  embd: 3584,
  ff: 18944,
  kvHeads: 4,
  headDim: 128,
  vocab: 152064,
  contextLength: 128000
} as const

/** Its vision tower; the F16 mmproj is about 1.35 GB. */
export const QWEN25VL_7B_VISION: VisionFacts = { bytes: 1.35e9, width: 1280, ff: 3420, patch: 14, merge: 2 }
export const MMPROJ_FILE = `${FILE_PREFIX}-mmproj-f16.gguf`

export interface QuantFacts {
  quant: string
  /** Whole-file bits per weight measured by llama.cpp on an 8B model (hybrids: see hybridBpw). */
  bpw: number
  note: string
}

// The card's guidance, per family.
const NOTE_BF16 = 'Full precision; best where the hardware accelerates BF16'
const NOTE_F16 = 'Full precision; use where BF16 is not accelerated'
const NOTE_HYBRID = 'Key layers kept in 16-bit, the rest quantised: near full precision, smaller'
const NOTE_HIGH = 'Near lossless; for moderate VRAM'
const NOTE_MID = 'Good balance of size and quality'
const NOTE_LOW = 'For low VRAM; small quality loss'
const NOTE_TINY = 'Only when nothing else fits; visible quality loss'

/**
 * Hybrid files keep the token embedding and output matrices (2 × vocab × embd weights) in
 * 16-bit and quantise the blocks: the file's bits per weight follow from that share.
 */
export function hybridBpw(blockBpw: number): number {
  const m = QWEN25VL_7B
  const embedShare = (2 * m.vocab * m.embd) / m.parameters
  return embedShare * 16 + (1 - embedShare) * blockBpw
}

export const PUBLISHED_QUANTS: QuantFacts[] = [
  { quant: 'F16', bpw: 16, note: NOTE_F16 },
  { quant: 'BF16', bpw: 16, note: NOTE_BF16 },
  { quant: 'BF16_Q8_0', bpw: hybridBpw(8.5), note: NOTE_HYBRID },
  { quant: 'F16_Q8_0', bpw: hybridBpw(8.5), note: NOTE_HYBRID },
  { quant: 'Q8_0', bpw: 8.5, note: NOTE_HIGH },
  { quant: 'F16_Q4_K', bpw: hybridBpw(4.89), note: NOTE_HYBRID },
  { quant: 'Q6_K', bpw: 6.56, note: NOTE_HIGH },
  { quant: 'Q5_K_M', bpw: 5.7, note: NOTE_MID },
  { quant: 'Q4_K_M', bpw: 4.89, note: NOTE_LOW },
  { quant: 'Q4_0', bpw: 4.55, note: NOTE_LOW },
  { quant: 'IQ3_M', bpw: 3.76, note: NOTE_TINY },
  { quant: 'IQ3_S', bpw: 3.66, note: NOTE_TINY },
  { quant: 'IQ3_XS', bpw: 3.5, note: NOTE_TINY },
  { quant: 'IQ2_M', bpw: 2.93, note: NOTE_TINY },
  { quant: 'IQ2_S', bpw: 2.74, note: NOTE_TINY },
  { quant: 'IQ2_XS', bpw: 2.59, note: NOTE_TINY },
  { quant: 'IQ2_XXS', bpw: 2.38, note: NOTE_TINY },
  { quant: 'IQ1_M', bpw: 2.15, note: NOTE_TINY },
  { quant: 'IQ1_S', bpw: 2.0, note: NOTE_TINY }
]

/** The file name the card uses for a quant (lower case, as in the repository). */
export function quantFileName(quant: string): string {
  return `${FILE_PREFIX}-${quant.toLowerCase()}.gguf`
}

/** Reads the quant back out of a file name: "...-q4_k_m.gguf" → "Q4_K_M" (longest match wins). */
export function quantOfFileName(file: string): string | null {
  const name = file.toLowerCase()
  const hits = PUBLISHED_QUANTS.filter((q) => name.includes(q.quant.toLowerCase()))
  hits.sort((a, b) => b.quant.length - a.quant.length)
  return hits[0]?.quant ?? null
}

export function quantFacts(quant: string): QuantFacts | undefined {
  return PUBLISHED_QUANTS.find((q) => q.quant === quant.toUpperCase())
}

/**
 * Precision order for the recommendation: bits per weight, and F16 before BF16 at equal size
 * because F16 runs everywhere while BF16 is only faster where the hardware accelerates it.
 */
export function precisionRank(quant: string, bpw: number): number {
  return bpw * 10 + (quant === 'F16' ? 1 : 0)
}

/** Size of a file of `bpw` bits per weight over the model's parameters. */
export function estimatedFileBytes(bpw: number, parameters: number = QWEN25VL_7B.parameters): number {
  return Math.round((bpw * parameters) / 8)
}

/**
 * The LM facts of a published quant that is not on disk: the embedding stays on the CPU, the
 * output layer is offloaded first, then the blocks (each an equal share of the rest).
 */
export function publishedLmFacts(fileBytes: number): LmFacts {
  const m = QWEN25VL_7B
  const perWeight = fileBytes / m.parameters
  const matrix = m.vocab * m.embd * perWeight
  const block = (fileBytes - 2 * matrix) / m.blocks
  return {
    blocks: m.blocks,
    embd: m.embd,
    ff: m.ff,
    kvHeads: m.kvHeads,
    headDim: m.headDim,
    vocab: m.vocab,
    weightsSplit(gpuLayers) {
      const blocks = Math.max(0, Math.min(gpuLayers - 1, m.blocks))
      const gpu = (gpuLayers > 0 ? matrix : 0) + blocks * block
      return { gpu, cpu: fileBytes - gpu }
    }
  }
}
