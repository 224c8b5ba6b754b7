// Which buffer each language-model weight lands in, as llama.cpp's loader decides it
// (llama-model-loader.cpp select_weight_buft, ggml-cpu's AMX and CPU_REPACK buffer types), and
// how big every buffer gets. docs/models.md explains the rules.
import type { CpuFeatures } from './cpuFeatures'

/** One tensor of a GGUF file; `ne` in ggml order (row length first), offset within the data of file `part`. */
export interface TensorFacts {
  name: string
  type: string
  ne: number[]
  offset: number
  bytes: number
  /** 1, 2, … for a model split over several files (each is mapped on its own) */
  part?: number
}

/** ggml types by id: [name, weights per block, bytes per block] (ggml.c type_traits). */
const GGML_TYPES: Record<number, [string, number, number]> = {
  0: ['F32', 1, 4],
  1: ['F16', 1, 2],
  2: ['Q4_0', 32, 18],
  3: ['Q4_1', 32, 20],
  6: ['Q5_0', 32, 22],
  7: ['Q5_1', 32, 24],
  8: ['Q8_0', 32, 34],
  9: ['Q8_1', 32, 36],
  10: ['Q2_K', 256, 84],
  11: ['Q3_K', 256, 110],
  12: ['Q4_K', 256, 144],
  13: ['Q5_K', 256, 176],
  14: ['Q6_K', 256, 210],
  15: ['Q8_K', 256, 292],
  16: ['IQ2_XXS', 256, 66],
  17: ['IQ2_XS', 256, 74],
  18: ['IQ3_XXS', 256, 98],
  19: ['IQ1_S', 256, 50],
  20: ['IQ4_NL', 32, 18],
  21: ['IQ3_S', 256, 110],
  22: ['IQ2_S', 256, 82],
  23: ['IQ4_XS', 256, 136],
  24: ['I8', 1, 1],
  25: ['I16', 1, 2],
  26: ['I32', 1, 4],
  27: ['I64', 1, 8],
  28: ['F64', 1, 8],
  29: ['IQ1_M', 256, 56],
  30: ['BF16', 1, 2],
  34: ['TQ1_0', 256, 54],
  35: ['TQ2_0', 256, 66],
  39: ['MXFP4', 32, 17],
  40: ['NVFP4', 64, 36],
  41: ['Q1_0', 128, 18],
  42: ['Q2_0', 64, 18]
}

/** Name and byte size of a tensor of ggml type `id`; a readable error for a type this code does not know. */
export function ggmlTensor(id: number, ne: number[]): { type: string; bytes: number } {
  const known = GGML_TYPES[id]
  if (!known) throw new Error(`unknown ggml tensor type ${id}`)
  const [type, block, size] = known
  return { type, bytes: (ne.reduce((a, b) => a * b, 1) / block) * size }
}

const blockOf = (type: string) => Object.values(GGML_TYPES).find(([name]) => name === type)?.[1] ?? 1

export type ExtraBuffer = 'AMX' | 'CPU_REPACK'
/** The plain CPU buffer: with mmap (llama-server's default) a view of the file itself. */
export const MAPPED = 'CPU_Mapped'

/** AMX's row alignment per type (amx.cpp supports_op); the types it holds. */
const AMX_K_ALIGN: Record<string, number> = { Q4_0: 32, Q4_1: 32, Q8_0: 32, Q4_K: 256, Q5_K: 256, Q6_K: 256, IQ4_XS: 256, F16: 16 }
/** Bytes AMX adds per block when it repacks into its VNNI layout (mmq.cpp get_row_size). */
const AMX_EXTRA_PER_BLOCK: Record<string, number> = { Q8_0: 4, Q4_K: 4, Q5_K: 4, IQ4_XS: 2 }

function amxTakes(type: string, ne: number[]): boolean {
  const align = AMX_K_ALIGN[type]
  return align !== undefined && ne[1] % 32 === 0 && ne[0] % align === 0
}

/** repack.cpp ggml_repack_get_optimal_repack_type: which CPU features repack which type, for which row counts. */
function repackTakes(type: string, ne: number[], cpu: CpuFeatures): boolean {
  // only 2-D matrices (ggml_n_dims == 2) with a multiple of 8 or 4 rows
  if (ne[1] <= 1 || ne.slice(2).some((d) => d > 1)) return false
  const rows8 = ne[1] % 8 === 0
  const rows4 = ne[1] % 4 === 0
  const arm = cpu.arch === 'arm64' && (cpu.dotprod || cpu.i8mm)
  const armDot = cpu.arch === 'arm64' && cpu.dotprod
  switch (type) {
    case 'Q4_0':
      return (cpu.avx2 && rows8) || (arm && rows4)
    case 'Q4_K':
      return (cpu.avx2 || arm) && rows8
    case 'Q2_K':
      return cpu.avx512 && rows8
    case 'Q5_K':
    case 'Q6_K':
      return arm && rows8
    case 'IQ4_NL':
    case 'MXFP4':
      return (cpu.avx2 && rows8) || (armDot && rows4)
    case 'Q8_0':
    case 'Q1_0':
      return arm && rows4
    default:
      return false
  }
}

const pad32 = (n: number) => Math.ceil(n / 32) * 32

/**
 * The extra buffer a matrix-multiply weight goes to on this CPU, and its size there; null when
 * it stays in the plain buffer. llama.cpp tries AMX first, then CPU_REPACK.
 */
export function extraBufferFor(t: Pick<TensorFacts, 'type' | 'ne' | 'bytes'>, cpu: CpuFeatures): { buffer: ExtraBuffer; bytes: number } | null {
  if (cpu.amx && amxTakes(t.type, t.ne)) {
    const blocks = (t.ne[0] / blockOf(t.type)) * t.ne[1]
    return { buffer: 'AMX', bytes: pad32(t.bytes + blocks * (AMX_EXTRA_PER_BLOCK[t.type] ?? 0)) }
  }
  if (repackTakes(t.type, t.ne, cpu)) return { buffer: 'CPU_REPACK', bytes: pad32(t.bytes) }
  return null
}

/** The weights of a Qwen2-family model that llama.cpp multiplies (GGML_OP_MUL_MAT); token_embd is looked up (GET_ROWS). */
const MATMUL = /^(output|blk\.\d+\.(attn_q|attn_k|attn_v|attn_qkv|attn_output|ffn_gate|ffn_up|ffn_down))\.weight$/

export interface WeightPlacement {
  gpu: number
  /** CPU buffers by the name llama-server logs them under ("CPU_Mapped", "CPU_REPACK", "AMX"). */
  cpu: Record<string, number>
  /**
   * The part of the mapped span holding weights that live elsewhere (an extra buffer, the GPU):
   * read once while loading, never after, so the kernel can drop those pages.
   */
  mappedUnused: number
}

/**
 * Where each weight goes with `gpuLayers` offloaded (the output layer first, then the last
 * blocks, as llama.cpp counts them). `cpu` is the CPU whose extra buffers apply, or null for the
 * plain layout (--no-repack, or a GPU backend, whose host buffer comes before the extra ones).
 * The mapped buffer spans each file from its first to its last plain tensor, so a repacked
 * weight between them counts twice: once in the file, once in its extra buffer.
 */
export function placeWeights(tensors: TensorFacts[], blocks: number, gpuLayers: number, cpu: CpuFeatures | null): WeightPlacement {
  const firstGpuBlock = blocks + 1 - gpuLayers
  const outputOnGpu = gpuLayers > 0
  const onGpu = (name: string) => {
    if (name.startsWith('output')) return outputOnGpu
    const block = /^blk\.(\d+)\./.exec(name)
    return block !== null && Number(block[1]) >= firstGpuBlock
  }
  let gpu = 0
  const extra: Record<string, number> = {}
  const mapped: TensorFacts[] = []
  const elsewhere: TensorFacts[] = []
  const place = (t: TensorFacts, matmul: boolean) => {
    const to = matmul && cpu ? extraBufferFor(t, cpu) : null
    if (to) extra[to.buffer] = (extra[to.buffer] ?? 0) + to.bytes
    return to !== null
  }
  for (const t of tensors) {
    const gpuSide = onGpu(t.name)
    if (gpuSide) gpu += t.bytes
    if (gpuSide || place(t, MATMUL.test(t.name))) elsewhere.push(t)
    else mapped.push(t)
  }
  // no output matrix: the embedding doubles as it, copied wherever the output layer's buffer is
  // (in the plain buffer the copy is the embedding itself)
  const embedding = tensors.find((t) => t.name === 'token_embd.weight')
  if (embedding && !tensors.some((t) => t.name === 'output.weight')) {
    if (outputOnGpu) gpu += embedding.bytes
    else place(embedding, true)
  }
  let span = 0
  let mappedUnused = 0
  for (const part of new Set(mapped.map((t) => t.part ?? 1))) {
    const inPart = (t: TensorFacts) => (t.part ?? 1) === part
    const first = Math.min(...mapped.filter(inPart).map((t) => t.offset))
    const last = Math.max(...mapped.filter(inPart).map((t) => t.offset + t.bytes))
    span += last - first
    for (const t of elsewhere.filter(inPart)) mappedUnused += Math.max(0, Math.min(last, t.offset + t.bytes) - Math.max(first, t.offset))
  }
  return { gpu, cpu: { ...(span > 0 ? { [MAPPED]: span } : {}), ...extra }, mappedUnused }
}

/** The weight types each extra buffer takes on this CPU (for 2-D matrices of suitable shape). */
export function extraBufferTypes(cpu: CpuFeatures): Record<ExtraBuffer, string[]> {
  const probe = [4096, 4096]
  const out: Record<ExtraBuffer, string[]> = { AMX: [], CPU_REPACK: [] }
  for (const [type] of Object.values(GGML_TYPES)) {
    const to = extraBufferFor({ type, ne: probe, bytes: 0 }, cpu)
    if (to) out[to.buffer].push(type)
  }
  return out
}
