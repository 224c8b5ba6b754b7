import fs from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { ApiError } from '../../shared/errors'
import type { ProcessManager } from '../processes'

export interface ProbeResult {
  duration: number | null
  fps: number | null
  frameCount: number | null
  width: number
  height: number
  codec: string
}

const Stream = z.object({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
  nb_frames: z.string().optional(),
  duration: z.string().optional(),
  disposition: z.object({ attached_pic: z.number().optional() }).optional()
})
const FfprobeOutput = z.object({
  streams: z.array(Stream).default([]),
  format: z.object({ duration: z.string().optional() }).optional()
})

export const PROBE_TIMEOUT_MS = 30_000

const mediaError = (message: string) => new ApiError('media_error', message)

/** "30000/1001" → 29.97; "0/0" and garbage → null. */
export function parseRate(rate: string | undefined): number | null {
  if (!rate) return null
  const [num, den = '1'] = rate.split('/')
  const value = Number(num) / Number(den)
  return Number.isFinite(value) && value > 0 ? value : null
}

function positive(text: string | undefined): number | null {
  const value = Number(text)
  return text !== undefined && Number.isFinite(value) && value > 0 ? value : null
}

/** The useful part of ffprobe's stderr: no demuxer tags, no repeated file name, two lines at most. */
function stderrSummary(stderr: string, file: string): string {
  const lines = stderr
    .split('\n')
    .map((l) =>
      l
        .replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '')
        .replace(`${file}: `, '')
        .trim()
    )
    .filter(Boolean)
  const unique = [...new Set(lines)].slice(-2).join('; ')
  return unique.length > 200 ? unique.slice(0, 197) + '...' : unique || 'no error output'
}

async function checkFile(file: string): Promise<void> {
  let stat
  try {
    stat = await fs.stat(file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw mediaError(`File not found: ${file}`)
    if (code === 'EACCES') throw mediaError(`Permission denied reading ${file}`)
    throw mediaError(`Cannot read ${file}: ${(err as Error).message}`)
  }
  if (!stat.isFile()) throw mediaError(`Not a file: ${file}`)
  if (stat.size === 0) throw mediaError(`Empty file (0 bytes): ${file}`)
}

/** Runs ffprobe on one file; every failure is an ApiError('media_error') with a readable message. */
export async function probeFile(processes: ProcessManager, ffprobe: string, file: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  await checkFile(file)
  const args = ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file]
  let result
  try {
    result = await processes.run(ffprobe, args, { timeoutMs })
  } catch (err) {
    throw mediaError(`Could not start ffprobe (${ffprobe}): ${(err as Error).message}`)
  }
  if (result.signal === 'SIGKILL') throw mediaError(`ffprobe took longer than ${timeoutMs / 1000} s on ${file}`)
  const name = path.basename(file)
  if (result.code !== 0) {
    throw mediaError(`${name} is not a readable media file (corrupt or unsupported): ${stderrSummary(result.stderr, file)}`)
  }

  let parsed
  try {
    parsed = FfprobeOutput.parse(JSON.parse(result.stdout))
  } catch {
    throw mediaError(`ffprobe gave unreadable output for ${name}`)
  }
  // Cover art in audio files shows up as a one-frame video stream: not a clip.
  const video = parsed.streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic)
  if (!video) {
    const kinds = [...new Set(parsed.streams.map((s) => s.codec_type ?? 'unknown'))]
    const what = kinds.length ? `it has only ${kinds.join(' and ')} streams` : 'it has no streams'
    throw mediaError(`${name} has no video stream: ${what}`)
  }
  if (!video.width || !video.height) throw mediaError(`${name}: the video stream has no frame size`)

  const fps = parseRate(video.avg_frame_rate) ?? parseRate(video.r_frame_rate)
  const duration = positive(video.duration) ?? positive(parsed.format?.duration)
  const frames = positive(video.nb_frames)
  return {
    duration,
    fps,
    frameCount: frames ?? (duration !== null && fps !== null ? Math.round(duration * fps) : null),
    width: video.width,
    height: video.height,
    codec: video.codec_name ?? 'unknown'
  }
}
