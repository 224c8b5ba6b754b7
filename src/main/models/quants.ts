// The published SkyCaptioner-V1 GGUF quants and the facts of the model they quantise
// (shared docs: product.md §2). Used when a quant is not on disk to read its metadata from.
import type { LmFacts, VisionFacts } from './estimate'
import type { TensorFacts } from './weightBuffers'

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
 * The ggml types a quant's weights have, as far as the extra CPU buffers go: the blocks'
 * matrices, the token embedding and the output matrix. Hybrids keep the last two in 16-bit;
 * llama-quantize's defaults make the output Q6_K (Q5_K for the 1-2 bit IQ quants).
 */
export function nominalTypes(quant: string): { blocks: string; embedding: string; output: string } {
  const q = quant.toUpperCase()
  const hybrid = /^(B?F16)_(.+)$/.exec(q)
  if (hybrid) return { blocks: hybrid[2], embedding: hybrid[1], output: hybrid[1] }
  if (q === 'F16' || q === 'BF16' || q === 'Q8_0') return { blocks: q, embedding: q, output: q }
  const base = q.replace(/_[SML]$/, '')
  const blocks = base.startsWith('IQ') ? q : base
  return { blocks, embedding: blocks, output: /^IQ[12]_/.test(q) ? 'Q5_K' : 'Q6_K' }
}

/**
 * The LM facts of a published quant that is not on disk, as a tensor list in the usual file
 * order (embedding, blocks, output norm, output). Sizes: 16-bit matrices at 2 bytes a weight,
 * the rest at the file's average, the blocks sharing what is left equally.
 */
export function publishedLmFacts(fileBytes: number, quant: string): LmFacts {
  const m = QWEN25VL_7B
  const types = nominalTypes(quant)
  const perWeight = fileBytes / m.parameters
  const matrixBytes = (type: string) => m.vocab * m.embd * (type.endsWith('F16') ? 2 : perWeight)
  const kv = m.kvHeads * m.headDim
  const shapes: [string, number[]][] = [
    ['attn_norm', [m.embd]],
    ['attn_q', [m.embd, m.embd]],
    ['attn_q.bias', [m.embd]],
    ['attn_k', [m.embd, kv]],
    ['attn_k.bias', [kv]],
    ['attn_v', [m.embd, kv]],
    ['attn_v.bias', [kv]],
    ['attn_output', [m.embd, m.embd]],
    ['ffn_norm', [m.embd]],
    ['ffn_gate', [m.embd, m.ff]],
    ['ffn_up', [m.embd, m.ff]],
    ['ffn_down', [m.ff, m.embd]]
  ]
  const blockWeights = shapes.reduce((a, [, ne]) => a + ne.reduce((x, y) => x * y, 1), 0)
  const blockBytes = (fileBytes - matrixBytes(types.embedding) - matrixBytes(types.output)) / m.blocks
  const tensors: TensorFacts[] = []
  let offset = 0
  const add = (name: string, type: string, ne: number[], bytes: number) => {
    tensors.push({ name, type, ne, offset, bytes })
    offset += bytes
  }
  add('token_embd.weight', types.embedding, [m.embd, m.vocab], matrixBytes(types.embedding))
  for (let i = 0; i < m.blocks; i++) {
    for (const [name, ne] of shapes) {
      const weights = ne.reduce((x, y) => x * y, 1)
      add(`blk.${i}.${name.includes('.') ? name : `${name}.weight`}`, ne.length > 1 ? types.blocks : 'F32', ne, (blockBytes * weights) / blockWeights)
    }
  }
  add('output_norm.weight', 'F32', [m.embd], 0)
  add('output.weight', types.output, [m.embd, m.vocab], matrixBytes(types.output))
  return { blocks: m.blocks, embd: m.embd, ff: m.ff, kvHeads: m.kvHeads, headDim: m.headDim, vocab: m.vocab, tensors }
}
