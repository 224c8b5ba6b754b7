// Facts of a GGUF file on disk, read with node-llama-cpp (header only: fast even for 15 GB).
import { statSync } from 'node:fs'
import { GgufFileType, GgufInsights, readGgufFileInfo, type GgufFileInfo } from 'node-llama-cpp'
import type { LmFacts, VisionFacts } from './estimate'
import { ggmlTensor, type TensorFacts } from './weightBuffers'

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
export async function readLocalGguf(path: string): Promise<LocalModelInfo | LocalMmprojInfo> {
  let info: GgufFileInfo
  try {
    info = await readGgufFileInfo(path, { logWarnings: false })
  } catch (err) {
    throw new Error(`${path} is not a readable GGUF file: ${(err as Error).message}`, { cause: err })
  }
  const general = info.metadata.general as { architecture?: string; file_type?: number; type?: string }
  const architecture = general.architecture ?? 'unknown'
  const quant = fileTypeName(general.file_type)
  const sizeBytes = statSync(path).size
  if (architecture === 'clip') return { kind: 'mmproj', path, architecture, quant, sizeBytes, vision: visionFacts(info, sizeBytes) }

  const insights = await GgufInsights.from(info)
  const arch = info.architectureMetadata as ArchMeta
  const blocks = Number(arch.block_count ?? insights.totalLayers - 1)
  const heads = Number(arch.attention?.head_count ?? 1)
  const embd = Number(arch.embedding_length ?? 0)
  const lm: LmFacts = {
    blocks,
    embd,
    ff: Number(arch.feed_forward_length ?? 4 * embd),
    kvHeads: Number(arch.attention?.head_count_kv ?? heads),
    headDim: Number(arch.attention?.key_length ?? embd / heads),
    vocab: Number(arch.vocab_size ?? info.metadata.tokenizer?.ggml?.tokens?.length ?? 0),
    tensors: tensorFacts(info)
  }
  return {
    kind: 'model',
    path,
    architecture,
    quant,
    parameters: insights.totalParameters,
    blocks,
    contextLength: insights.trainContextSize ?? null,
    sizeBytes,
    lm
  }
}

/** Every tensor's name, type, shape, place and size, from the header. */
function tensorFacts(info: GgufFileInfo): TensorFacts[] {
  return (info.fullTensorInfo ?? info.tensorInfo ?? []).map((t) => {
    const ne = t.dimensions.map(Number)
    return { name: t.name, ne, offset: Number(t.offset), part: t.filePart, ...ggmlTensor(t.ggmlType, ne) }
  })
}

function visionFacts(info: GgufFileInfo, sizeBytes: number): VisionFacts {
  const clip = (info.metadata as unknown as { clip?: { vision?: Record<string, Num> } }).clip?.vision ?? {}
  return {
    bytes: sizeBytes,
    width: Number(clip.embedding_length ?? 0),
    ff: Number(clip.feed_forward_length ?? 0),
    patch: Number(clip.patch_size ?? 14),
    merge: Number(clip.spatial_merge_size ?? 2)
  }
}
