import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { ProcessManager } from '../processes'
import { stretchWidth } from './stretch'

/** How the original SkyCaptioner-V1 pipeline shows a clip to the model. */
export const SAMPLED_FRAMES = 16
/** decord's frame size in the original: 360 wide × 420 high, with ffmpeg's bilinear scaler. */
export const FRAME_WIDTH = 360
export const FRAME_HEIGHT = 420
/**
 * What the Qwen2.5-VL processor then stretches each frame to (sides rounded to multiples of
 * 28 px, PIL bicubic): the size we send, so the server has nothing left to resize or pad.
 */
export const MODEL_FRAME_WIDTH = 364
export const MODEL_FRAME_HEIGHT = 420
/** Rate of the clip we send: the original passes fps 2.0 with the frames. */
export const SAMPLED_FPS = 2
const FRAME_BYTES = FRAME_WIDTH * FRAME_HEIGHT * 3
const MODEL_FRAME_BYTES = MODEL_FRAME_WIDTH * MODEL_FRAME_HEIGHT * 3

/** numpy's np.round: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x)
  const diff = x - floor
  if (diff > 0.5) return floor + 1
  if (diff < 0.5) return floor
  return floor % 2 === 0 ? floor : floor + 1
}

/** The original's frame indices: segment = max(0, (N-1)/16), i → min(round(segment·i), N-1). */
export function sampleFrameIndices(frameCount: number, count = SAMPLED_FRAMES): number[] {
  const segment = Math.max(0, (frameCount - 1) / count)
  const last = Math.max(0, frameCount - 1)
  return Array.from({ length: count }, (_, i) => Math.min(roundHalfEven(segment * i), last))
}

export interface SampledClip {
  indices: number[]
  /** The 16 frames as rgb24, MODEL_FRAME_WIDTH × MODEL_FRAME_HEIGHT each, in order. */
  frames: Buffer[]
  /** The frames as a lossless 2 fps H.264 (RGB) MP4: what the model is sent. */
  video: Buffer
  mime: 'video/mp4'
}

export class FrameSamplingError extends Error {}

/** ffmpeg args that decode `file` once and keep only the given frames, then `vf`; outputs come after. */
export function selectFramesArgs(file: string, indices: number[], vf: string): { unique: number[]; args: string[] } {
  const unique = [...new Set(indices)].sort((a, b) => a - b)
  const select = unique.map((n) => `eq(n\\,${n})`).join('+')
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-an', '-sn', '-dn']
  args.push('-vf', `select='${select}',${vf}`, '-fps_mode', 'passthrough', '-frames:v', String(unique.length))
  return { unique, args }
}

/**
 * Decodes the clip once and keeps only the distinct sampled frames, scaled like decord does
 * (FRAME_WIDTH × FRAME_HEIGHT, bilinear: decord's filter graph takes libavfilter's scale default,
 * bilinear in the ffmpeg 4 builds it ships with; the ffmpeg command line defaults to bicubic).
 */
export async function decodeFrames(ffmpeg: string, processes: ProcessManager, file: string, indices: number[]): Promise<Buffer[]> {
  const { unique, args } = selectFramesArgs(file, indices, `scale=${FRAME_WIDTH}:${FRAME_HEIGHT}:flags=bilinear`)
  args.push('-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1')
  const child = processes.spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const chunks: Buffer[] = []
  let stderr = ''
  child.stdout?.on('data', (c: Buffer) => chunks.push(c))
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  const raw = Buffer.concat(chunks)
  const got = Math.floor(raw.length / FRAME_BYTES)
  if (code !== 0 || got < unique.length) {
    const reason = stderr.trim().split('\n').pop() || `ffmpeg exited with ${code}`
    throw new FrameSamplingError(`Could not decode frames ${unique.join(',')} of ${path.basename(file)}: got ${got} of ${unique.length} (${reason})`)
  }
  const byIndex = new Map(unique.map((n, k) => [n, raw.subarray(k * FRAME_BYTES, (k + 1) * FRAME_BYTES)]))
  return indices.map((n) => byIndex.get(n) as Buffer)
}

/** A decord-sized frame stretched to the model's input size exactly as the Qwen2.5-VL processor does. */
export function toModelSize(frame: Buffer): Buffer {
  return stretchWidth(frame, FRAME_WIDTH, MODEL_FRAME_WIDTH, FRAME_HEIGHT)
}

/** Encodes model-sized rgb24 frames losslessly so the model sees the sampled pixels, not codec artefacts. */
export async function encodeFrames(ffmpeg: string, processes: ProcessManager, frames: Buffer[]): Promise<Buffer> {
  const wrong = frames.findIndex((f) => f.length !== MODEL_FRAME_BYTES)
  if (wrong >= 0) {
    throw new FrameSamplingError(`Frame ${wrong} is ${frames[wrong].length} bytes, not a ${MODEL_FRAME_WIDTH}x${MODEL_FRAME_HEIGHT} rgb24 frame`)
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'skycap-frames-'))
  const out = path.join(dir, 'frames.mp4')
  try {
    const args = ['-hide_banner', '-nostdin', '-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24']
    args.push('-s', `${MODEL_FRAME_WIDTH}x${MODEL_FRAME_HEIGHT}`, '-r', String(SAMPLED_FPS), '-i', 'pipe:0')
    args.push('-c:v', 'libx264rgb', '-qp', '0', '-preset', 'ultrafast', '-pix_fmt', 'rgb24', '-y', out)
    const child = processes.spawn(ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)))
    const done = new Promise<number | null>((resolve, reject) => {
      child.once('error', reject)
      child.once('close', resolve)
    })
    child.stdin?.on('error', () => undefined) // reported through the exit code
    for (const frame of frames) child.stdin?.write(frame)
    child.stdin?.end()
    const code = await done
    if (code !== 0) throw new FrameSamplingError(`Could not encode sampled frames: ${stderr.trim() || `ffmpeg exited with ${code}`}`)
    return await readFile(out)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The 16 frames the model sees for a clip of `frameCount` frames, ready to send as one video. */
export async function sampleClip(ffmpeg: string, processes: ProcessManager, file: string, frameCount: number): Promise<SampledClip> {
  if (!Number.isInteger(frameCount) || frameCount < 1) {
    throw new FrameSamplingError(`${path.basename(file)} has no video frames to sample`)
  }
  const indices = sampleFrameIndices(frameCount)
  const decoded = await decodeFrames(ffmpeg, processes, file, indices)
  // a frame sampled twice (short clips) is stretched once
  const stretched = new Map<Buffer, Buffer>()
  const frames = decoded.map((frame) => {
    let done = stretched.get(frame)
    if (!done) stretched.set(frame, (done = toModelSize(frame)))
    return done
  })
  const video = await encodeFrames(ffmpeg, processes, frames)
  return { indices, frames, video, mime: 'video/mp4' }
}
