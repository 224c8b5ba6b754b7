// Memory of one llama-server running a Qwen2.5-VL pair for the pre-label job, part by part.
// Each term follows what llama.cpp allocates (see docs/models.md for the derivation and the
// measured figures); `vram`/`ram` are what the fit verdict compares with the machine.
import type { MemoryEstimate } from '../../shared/models'
import { FRAME_HEIGHT, FRAME_WIDTH, SAMPLED_FRAMES } from '../inference/frames'
import type { CpuFeatures } from './cpuFeatures'
import { placeWeights, type TensorFacts } from './weightBuffers'

/** The language model as far as memory goes. */
export interface LmFacts {
  blocks: number
  embd: number
  ff: number
  kvHeads: number
  headDim: number
  vocab: number
  /** The weights, for placeWeights: which buffer each one lands in. */
  tensors: TensorFacts[]
}

/** The vision tower (mmproj) as far as memory goes. */
export interface VisionFacts {
  bytes: number
  width: number
  ff: number
  patch: number
  merge: number
}

export interface JobShape {
  contextPerSlot: number
  slots: number
}

// llama-server defaults (docs/prelabel.md); the job's frames are those of inference/frames.
export const UBATCH = 512
/** Qwen2.5-VL's warmup image in llama.cpp: 46×46 merged tokens, i.e. 92×92 patches of 14 px. */
const WARMUP_MERGED_SIDE = 46

/** llama.cpp pads the per-slot context to 256 cells. */
export const padContext = (n: number): number => Math.ceil(n / 256) * 256

/** f16 K and V for every block: Qwen2.5-VL-7B gives 2·28·4·128·2 = 56 KiB per token. */
export function kvBytesPerToken(lm: Pick<LmFacts, 'blocks' | 'kvHeads' | 'headDim'>): number {
  return 2 * lm.blocks * lm.kvHeads * lm.headDim * 2
}

/**
 * The LM compute buffer llama.cpp reserves for a 512-token ubatch with flash attention: the
 * f16 KQ mask (context of one slot × ubatch) plus the live activations of one block.
 */
export function lmComputeBytes(lm: LmFacts, contextPerSlot: number): number {
  return padContext(contextPerSlot) * UBATCH * 2 + UBATCH * 4 * (2 * lm.ff + 4 * lm.embd)
}

/**
 * The vision compute buffer for `patches` patches (flash attention): the window-attention mask
 * as f32 and its f16 copy (6·n² bytes), a block's live activations, and the f32 input pixels.
 */
export function visionComputeBytes(v: VisionFacts, patches: number, pixels: number): number {
  return 6 * patches * patches + 4 * patches * (2 * v.width + 2 * v.ff) + pixels * 3 * 4
}

/** What clip reserves at load: the worst case, a 1288×1288 warmup image. */
export function visionWarmupBytes(v: VisionFacts): number {
  const side = WARMUP_MERGED_SIDE * v.merge
  const px = side * v.patch
  return visionComputeBytes(v, side * side, px * px)
}

/** Qwen2.5-VL resizes each side to the nearest multiple of patch × merge (360 → 364, 420 → 420). */
function framePatches(patch: number, merge: number): { x: number; y: number } {
  const unit = patch * merge
  return { x: Math.round(FRAME_WIDTH / unit) * merge, y: Math.round(FRAME_HEIGHT / unit) * merge }
}

/** What one merged pair of the job's frames (26×30 patches) touches of that buffer. */
export function visionJobBytes(v: VisionFacts): number {
  const { x, y } = framePatches(v.patch, v.merge)
  return visionComputeBytes(v, x * y, 2 * x * y * v.patch * v.patch)
}

/** Vision tokens of one clip: 8 merged pairs of 26×30 patches merged 2×2 → 8·195 = 1,560. */
export function videoTokens(patch = 14, merge = 2): number {
  const { x, y } = framePatches(patch, merge)
  return (SAMPLED_FRAMES / 2) * (x / merge) * (y / merge)
}

/**
 * Fixed costs measured on llama-server (docs/models.md): the process itself with the 152k-token
 * Qwen2 tokenizer (the tiny test model shares it), the clip context, and the video buffers of
 * requests (16 frames as u8 RGB, f32 and f32 patches ≈ 65 MB each) that the C allocator keeps:
 * about 3.5 of them with the two malloc arenas the studio runs llama-server with.
 */
export const SERVER_BASE_BYTES = 58e6
export const CLIP_CONTEXT_BYTES = 42e6
export const VIDEO_REQUEST_BYTES = SAMPLED_FRAMES * FRAME_WIDTH * FRAME_HEIGHT * 3 * 9
export const RETAINED_REQUESTS = 3.5

/**
 * Memory for `gpuLayers` offloaded layers (0 … blocks + 1; the output layer goes first, as in
 * llama.cpp). With a GPU in use, the mmproj and its warmup buffer live in VRAM too. `cpu` is
 * the CPU whose extra weight buffers (AMX, CPU_REPACK) llama.cpp uses, null for none.
 */
export function estimateMemory(lm: LmFacts, vision: VisionFacts | null, job: JobShape, gpuLayers: number, cpu: CpuFeatures | null): MemoryEstimate {
  const gpuBlocks = Math.max(0, Math.min(gpuLayers - 1, lm.blocks))
  const placed = placeWeights(lm.tensors, lm.blocks, gpuLayers, cpu)
  const weights = { gpu: placed.gpu, cpu: Object.values(placed.cpu).reduce((a, b) => a + b, 0) }
  const cells = padContext(job.contextPerSlot) * job.slots
  const kvCache = kvBytesPerToken(lm) * cells
  const kvGpu = (kvCache * gpuBlocks) / lm.blocks
  const output = lm.vocab * 4 * job.slots
  const compute = lmComputeBytes(lm, job.contextPerSlot)
  const onGpu = gpuLayers > 0
  const mmproj = vision?.bytes ?? 0
  const visionCompute = vision ? visionWarmupBytes(vision) : 0
  const visionWorking = vision ? visionJobBytes(vision) : 0
  const overhead = SERVER_BASE_BYTES + (vision ? CLIP_CONTEXT_BYTES + VIDEO_REQUEST_BYTES * RETAINED_REQUESTS : 0)
  const vram = onGpu ? weights.gpu + kvGpu + compute + mmproj + visionCompute : 0
  // on the CPU only the pages a job touches count: the warmup buffer is reserved, not used,
  // and the file pages of weights copied out at load are not read again
  const ram = weights.cpu - placed.mappedUnused + (kvCache - kvGpu) + output + (onGpu ? 0 : compute + mmproj + visionWorking) + overhead
  return {
    weightsGpu: weights.gpu,
    weightsCpu: weights.cpu,
    weightBuffers: placed.cpu,
    mappedUnused: placed.mappedUnused,
    kvCache,
    output,
    compute,
    mmproj,
    visionCompute,
    visionWorking,
    overhead,
    vram,
    ram
  }
}
