import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export interface BadFiles {
  zeroLength: string
  randomBytes: string
  audioOnly: string
  textAsMp4: string
}

/**
 * Bytes that look random but are the same on every run: truly random bytes now and then look
 * enough like some format for ffprobe to report a stream, which made tests flaky.
 */
export function noise(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size)
  for (let i = 0; i * 32 < size; i++)
    createHash('sha256')
      .update(`${seed}:${i}`)
      .digest()
      .copy(out, i * 32)
  return out
}

/** Files a real import meets: made with real ffmpeg where a real file is needed. */
export function makeBadFiles(dir: string): BadFiles {
  const files: BadFiles = {
    zeroLength: path.join(dir, 'zero.mp4'),
    randomBytes: path.join(dir, 'random.mp4'),
    audioOnly: path.join(dir, 'audio-only.mp4'),
    textAsMp4: path.join(dir, 'notes.mp4')
  }
  fs.writeFileSync(files.zeroLength, '')
  fs.writeFileSync(files.randomBytes, noise(256 * 1024, 'random.mp4'))
  fs.writeFileSync(files.textAsMp4, 'These are my notes, not a video.\n'.repeat(20))
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', files.audioOnly])
  return files
}
