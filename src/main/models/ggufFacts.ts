// Facts of a GGUF file on disk (header only: fast even for 15 GB): its counts and lengths checked
// against its size, then read by node-llama-cpp in a child with a time and memory budget.
import { statSync } from 'node:fs'
import { GgufFileType } from 'node-llama-cpp'
import type { LmFacts, VisionFacts } from './estimate'
import { checkGgufFiles } from './ggufHeader'
import { readGgufSummary, type GgufSummary, type ReadBudget } from './ggufRead'
import { ggmlTensor } from './weightBuffers'

export interface LocalModelInfo {
  kind: 'model'
  path: string
  architecture: string
  quant: string
  parameters: number
  blocks: number
  contextLength: number | null
  sizeBytes: number
  lm: LmFacts
}

export interface LocalMmprojInfo {
  kind: 'mmproj'
  path: string
  architecture: string
  quant: string
  sizeBytes: number
  vision: VisionFacts
}

/** "MOSTLY_Q4_K_M" → "Q4_K_M"; ALL_F32 → "F32". */
export function fileTypeName(fileType: number | undefined): string {
  const name = fileType === undefined ? undefined : GgufFileType[fileType]
  return name ? name.replace(/^(MOSTLY|ALL)_/, '') : 'unknown'
}

type Num = number | undefined
interface ArchMeta {
  block_count?: Num
  embedding_length?: Num
  feed_forward_length?: Num
  context_length?: Num
  vocab_size?: Num
  attention?: { head_count?: Num; head_count_kv?: Num; key_length?: Num }
}

/** Reads a language model or an mmproj; throws a readable error for anything else. */
export async function readLocalGguf(path: string, budget?: ReadBudget): Promise<LocalModelInfo | LocalMmprojInfo> {
  await checkGgufFiles(path)
  const info = await readGgufSummary(path, budget)
  const architecture = info.architecture ?? 'unknown'
  const quant = fileTypeName(info.fileType ?? undefined)
  const sizeBytes = statSync(path).size
  if (architecture === 'clip') return { kind: 'mmproj', path, architecture, quant, sizeBytes, vision: visionFacts(info, sizeBytes) }

  const arch = info.arch as ArchMeta
  const blocks = Number(arch.block_count ?? layersOf(info))
  const heads = Number(arch.attention?.head_count ?? 1)
  const embd = Number(arch.embedding_length ?? 0)
  const lm: LmFacts = {
    blocks,
    embd,
    ff: Number(arch.feed_forward_length ?? 4 * embd),
    kvHeads: Number(arch.attention?.head_count_kv ?? heads),
    headDim: Number(arch.attention?.key_length ?? embd / heads),
    vocab: Number(arch.vocab_size ?? info.tokens ?? 0),
    tensors: info.tensors.map((t) => ({ name: t.name, ne: t.dims, offset: t.offset, part: t.part, ...ggmlTensor(t.type, t.dims) }))
  }
  const parameters = info.tensors.reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0)
  const contextLength = arch.context_length === undefined ? null : Number(arch.context_length)
  return { kind: 'model', path, architecture, quant, parameters, blocks, contextLength, sizeBytes, lm }
}

/** Without block_count, the layers the tensor names number (blk.N.…), as node-llama-cpp counts them. */
function layersOf(info: GgufSummary): number {
  return new Set(info.tensors.map((t) => /^blk\.(\d+)/.exec(t.name)?.[1]).filter((n) => n !== undefined)).size
}

function visionFacts(info: GgufSummary, sizeBytes: number): VisionFacts {
  const clip = info.clipVision ?? {}
  return {
    bytes: sizeBytes,
    width: Number(clip.embedding_length ?? 0),
    ff: Number(clip.feed_forward_length ?? 0),
    patch: Number(clip.patch_size ?? 14),
    merge: Number(clip.spatial_merge_size ?? 2)
  }
}
