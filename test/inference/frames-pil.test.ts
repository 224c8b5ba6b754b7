// The frames we send against what the original's Qwen2.5-VL processor makes of decord's frames:
// PIL's bicubic stretch from 360x420 to 364x420, computed by Debian's python3-pil.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  FRAME_HEIGHT,
  FRAME_WIDTH,
  MODEL_FRAME_HEIGHT,
  MODEL_FRAME_WIDTH,
  decodeFrames,
  sampleClip,
  sampleFrameIndices,
  selectFramesArgs
} from '../../src/main/inference/frames'
import { stretchWidth } from '../../src/main/inference/stretch'
import { ProcessManager } from '../../src/main/processes'
import { CLIP_2, CLIP_3 } from '../helpers/fixtures'
import { tempDir } from '../helpers/temp'

// Debian's python has python3-pil and python3-numpy; a pyenv `python3` on PATH may not.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
const SCRIPT = path.join(import.meta.dirname, '../helpers/pil-reference.py')
const processes = new ProcessManager()
afterAll(() => processes.killAll())

interface Deviation {
  file: string
  /** per channel: R, G, B */
  max: number[]
  mean: number[]
}

/** PIL's resize of `decoded` (frames of `width`) to `outWidth` against each candidate, by the Python script. */
function againstPil(
  dir: string,
  decoded: Buffer[],
  candidates: Record<string, Buffer[]>,
  width = FRAME_WIDTH,
  outWidth = MODEL_FRAME_WIDTH
): Record<string, Deviation> {
  const src = path.join(dir, 'decoded.rgb')
  writeFileSync(src, Buffer.concat(decoded))
  const files = Object.entries(candidates).map(([name, frames]) => {
    const file = path.join(dir, `${name}.rgb`)
    writeFileSync(file, Buffer.concat(frames))
    return file
  })
  const size = [width, FRAME_HEIGHT, outWidth, FRAME_HEIGHT].map(String)
  const out = JSON.parse(execFileSync(PYTHON, [SCRIPT, src, ...size, ...files], { encoding: 'utf8' })) as Deviation[]
  return Object.fromEntries(Object.keys(candidates).map((name, i) => [name, out[i]]))
}

/** ffmpeg on the sampled frames of `file` with the filter `vf`, as rgb24 frames of `width`. */
function ffmpegFrames(file: string, indices: number[], vf: string, width: number): Buffer[] {
  const { unique, args } = selectFramesArgs(file, indices, vf)
  const raw = execFileSync('ffmpeg', [...args, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 1 << 28 })
  const bytes = width * FRAME_HEIGHT * 3
  expect(raw.length).toBe(unique.length * bytes)
  return indices.map((n) => raw.subarray(unique.indexOf(n) * bytes, (unique.indexOf(n) + 1) * bytes))
}

/** What llama.cpp did with a 360-wide frame: 2 black columns on each side, no stretch. */
function padLikeLlamaCpp(frame: Buffer): Buffer {
  const out = Buffer.alloc(MODEL_FRAME_WIDTH * FRAME_HEIGHT * 3)
  const left = ((MODEL_FRAME_WIDTH - FRAME_WIDTH) / 2) * 3
  for (let y = 0; y < FRAME_HEIGHT; y++) frame.copy(out, y * MODEL_FRAME_WIDTH * 3 + left, y * FRAME_WIDTH * 3, (y + 1) * FRAME_WIDTH * 3)
  return out
}

const fmt = (e: Deviation) => `max ${e.max.join('/')}, mean ${e.mean.map((m) => m.toFixed(4)).join('/')}`

describe('sent frames against the PIL reference', () => {
  beforeAll(() => {
    const probe = spawnSync(PYTHON, ['-c', 'import PIL, numpy'], { encoding: 'utf8' })
    if (probe.status !== 0) {
      throw new Error(`${PYTHON} cannot import PIL and numpy (${(probe.stderr ?? String(probe.error)).trim()}): apt-get install python3-pil python3-numpy`)
    }
  })

  it.each([
    ['2.mp4', CLIP_2, 121],
    ['3.mp4', CLIP_3, 101]
  ])(
    '%s: within 1 of PIL on every channel value, far closer than the old bicubic-and-pad path',
    async (name, file, frameCount) => {
      const indices = sampleFrameIndices(frameCount)
      const decoded = await decodeFrames('ffmpeg', processes, file, indices)
      const sent = (await sampleClip('ffmpeg', processes, file, frameCount)).frames
      const errors = againstPil(tempDir('skycap-pil-'), decoded, {
        sent,
        // the stretch done by ffmpeg instead (its bicubic is a = -0.6; a = -0.5 cannot be asked for)
        ffmpegBicubic: ffmpegFrames(
          file,
          indices,
          `scale=${FRAME_WIDTH}:${FRAME_HEIGHT}:flags=bilinear,format=rgb24,scale=${MODEL_FRAME_WIDTH}:${MODEL_FRAME_HEIGHT}:flags=bicubic`,
          MODEL_FRAME_WIDTH
        ),
        // before: ffmpeg's default bicubic at 360x420, then llama.cpp's padding
        old: ffmpegFrames(file, indices, `scale=${FRAME_WIDTH}:${FRAME_HEIGHT}`, FRAME_WIDTH).map(padLikeLlamaCpp)
      })
      const rows: [string, Deviation][] = [
        ['sent: bilinear, then our PIL bicubic', errors.sent],
        ['bilinear, then ffmpeg bicubic', errors.ffmpegBicubic],
        ['old: bicubic, then llama.cpp pad', errors.old]
      ]
      console.log(
        `[frames-pil] ${name}: absolute error per channel value (R/G/B) against PIL\n` + rows.map(([label, e]) => `  ${label.padEnd(38)} ${fmt(e)}`).join('\n')
      )

      expect(Math.max(...errors.sent.max)).toBeLessThanOrEqual(1)
      expect(Math.max(...errors.sent.mean)).toBeLessThan(0.01)
      // the harness sees what the old path got wrong (the padded edges, the other scaler)
      expect(Math.max(...errors.old.max)).toBeGreaterThan(50)
      expect(Math.min(...errors.old.mean)).toBeGreaterThan(0.5)
    },
    60_000
  )

  it('matches PIL for other widths too, shrinking (where the kernel widens) and growing', async () => {
    const [frame] = await decodeFrames('ffmpeg', processes, CLIP_3, [50])
    for (const outWidth of [97, 200, 719]) {
      const { max } = againstPil(
        tempDir('skycap-pil-'),
        [frame],
        { stretched: [stretchWidth(frame, FRAME_WIDTH, outWidth, FRAME_HEIGHT)] },
        FRAME_WIDTH,
        outWidth
      ).stretched
      expect(Math.max(...max), `360 -> ${outWidth}`).toBeLessThanOrEqual(1)
    }
  })
})
