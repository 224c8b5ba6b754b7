import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  FRAME_HEIGHT,
  FRAME_WIDTH,
  MODEL_FRAME_HEIGHT,
  MODEL_FRAME_WIDTH,
  SAMPLED_FRAMES,
  decodeFrames,
  encodeFrames,
  roundHalfEven,
  sampleClip,
  sampleFrameIndices,
  toModelSize
} from '../../src/main/inference/frames'
import { ProcessManager } from '../../src/main/processes'

const fixture = (name: string) => fileURLToPath(new URL(`../../../shared/fixtures/skycaptioner_v1/examples/data/${name}`, import.meta.url))
const FRAME_BYTES = FRAME_WIDTH * FRAME_HEIGHT * 3
const MODEL_FRAME_BYTES = MODEL_FRAME_WIDTH * MODEL_FRAME_HEIGHT * 3
const processes = new ProcessManager()
afterAll(() => processes.killAll())

/** The original pipeline's get_index, run in Python with numpy (its own rounding). */
function originalIndices(n: number): number[] {
  const script = `
import json, sys
try:
    import numpy as np
    rnd = lambda x: int(np.round(x))
except ImportError:
    rnd = lambda x: int(round(x))  # Python's round is also half-to-even
n = int(sys.argv[1])
seg = max(0., float(n - 1) / 16)
print(json.dumps([min(rnd(seg * i), n - 1) for i in range(16)]))`
  return JSON.parse(execFileSync('python3', ['-c', script, String(n)], { encoding: 'utf8' }))
}

describe('sampleFrameIndices', () => {
  it.each([1, 15, 16, 17, 97, 101, 121, 10_000])('matches the original formula for %i frames', (n) => {
    const indices = sampleFrameIndices(n)
    expect(indices).toHaveLength(SAMPLED_FRAMES)
    expect(indices).toEqual(originalIndices(n))
    expect(Math.max(...indices)).toBeLessThanOrEqual(n - 1)
  })

  it('rounds halves to even like numpy, not up like Math.round', () => {
    // 101 frames: segment 6.25, so frame 2 is at 12.5 and frame 6 at 37.5
    expect(sampleFrameIndices(101).slice(0, 7)).toEqual([0, 6, 12, 19, 25, 31, 38])
    expect([0.5, 1.5, 2.5, 3.5, 2.4999].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2])
  })

  it('repeats frame 0 for a one-frame clip', () => {
    expect(sampleFrameIndices(1)).toEqual(new Array(16).fill(0))
  })
})

/** Every frame of `file` as rgb24, through `vf` (none: the file's own size). */
function decodeAll(file: string, vf?: string): Buffer {
  return execFileSync(
    'ffmpeg',
    ['-v', 'error', '-i', file, ...(vf ? ['-vf', vf] : []), '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { maxBuffer: 1 << 30 }
  )
}

describe('sampleClip on the real fixture clips', () => {
  it.each([
    ['3.mp4', 101],
    ['2.mp4', 121]
  ])('%s: the sent video holds exactly the sampled frames, losslessly', async (name, frameCount) => {
    const file = fixture(name)
    const sampled = await sampleClip('ffmpeg', processes, file, frameCount)
    expect(sampled.indices).toEqual(originalIndices(frameCount))

    // Reference: every frame of the clip decoded independently at decord's size and scaler,
    // picked at the original's indices, then stretched (test/inference/frames-pil.test.ts checks that step against PIL).
    const all = decodeAll(file, `scale=${FRAME_WIDTH}:${FRAME_HEIGHT}:flags=bilinear`)
    expect(all.length / FRAME_BYTES).toBe(frameCount)
    sampled.indices.forEach((n, i) => {
      expect(sampled.frames[i].length).toBe(MODEL_FRAME_BYTES)
      const expected = toModelSize(all.subarray(n * FRAME_BYTES, (n + 1) * FRAME_BYTES))
      expect(sampled.frames[i].equals(expected), `frame ${i} = #${n}`).toBe(true)
    })

    // What the model's server decodes from the video we send: the same 16 frames, bit for bit.
    const tmp = `${process.env.TMPDIR ?? '/tmp'}/skycap-sent-${name}`
    const { writeFileSync, rmSync } = await import('node:fs')
    writeFileSync(tmp, sampled.video)
    try {
      const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-of', 'json', tmp], { encoding: 'utf8' })).streams[0]
      expect(probe.width).toBe(MODEL_FRAME_WIDTH)
      expect(probe.height).toBe(MODEL_FRAME_HEIGHT)
      expect(Number(probe.nb_read_frames)).toBe(SAMPLED_FRAMES)
      expect(probe.avg_frame_rate).toBe('2/1')
      const received = decodeAll(tmp)
      expect(received.length).toBe(SAMPLED_FRAMES * MODEL_FRAME_BYTES)
      sampled.frames.forEach((frame, i) => {
        expect(frame.equals(received.subarray(i * MODEL_FRAME_BYTES, (i + 1) * MODEL_FRAME_BYTES)), `sent frame ${i}`).toBe(true)
      })
    } finally {
      rmSync(tmp, { force: true })
    }
  })

  it('reports a clear error for a file with no frames', async () => {
    await expect(decodeFrames('ffmpeg', processes, fixture('missing.mp4'), [0])).rejects.toThrow(/missing\.mp4/)
    await expect(sampleClip('ffmpeg', processes, fixture('2.mp4'), 0)).rejects.toThrow(/no video frames/)
  })

  it('refuses to encode frames that are not the model size', async () => {
    const decordSized = Buffer.alloc(FRAME_BYTES)
    await expect(encodeFrames('ffmpeg', processes, [decordSized])).rejects.toThrow(/Frame 0 is 453600 bytes, not a 364x420 rgb24 frame/)
    expect(() => toModelSize(Buffer.alloc(MODEL_FRAME_BYTES))).toThrow(/Expected a 360x420 rgb24 frame/)
  })
})
