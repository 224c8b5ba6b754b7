import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fingerprintFile, FINGERPRINT_CHUNK } from '../../src/main/media/fingerprint'
import { inspectClip } from '../../src/main/media/inspect'
import { parseRate, probeFile } from '../../src/main/media/probe'
import { resolveTools } from '../../src/main/media/tools'
import { ProcessManager } from '../../src/main/processes'
import { CLIP_2, CLIP_3 } from '../helpers/fixtures'
import { makeBadFiles, type BadFiles } from '../helpers/media'
import { tempDir } from '../helpers/temp'

const FFPROBE = resolveTools().ffprobe ?? 'ffprobe'
const processes = new ProcessManager()

async function probeError(file: string): Promise<string> {
  try {
    await probeFile(processes, FFPROBE, file)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error(`probing ${file} should have failed`)
}

describe('ffprobe on the seed clips', () => {
  it('reads 2.mp4: 1920x1080 H.264, 121 frames at 29 fps', async () => {
    const probe = await probeFile(processes, FFPROBE, CLIP_2)
    expect(probe).toMatchObject({ width: 1920, height: 1080, codec: 'h264', frameCount: 121, fps: 29 })
    expect(probe.duration).toBeCloseTo(4.1724, 3)
  })

  it('reads 3.mp4: 101 frames at 25 fps', async () => {
    const probe = await probeFile(processes, FFPROBE, CLIP_3)
    expect(probe).toMatchObject({ width: 1920, height: 1080, frameCount: 101, fps: 25 })
    expect(probe.duration).toBeCloseTo(4.04, 2)
  })

  it('turns frame rate fractions into numbers', () => {
    expect(parseRate('30000/1001')).toBeCloseTo(29.97, 2)
    expect(parseRate('0/0')).toBeNull()
    expect(parseRate(undefined)).toBeNull()
  })
})

describe('ffprobe on bad files', () => {
  let dir: string
  let bad: BadFiles
  beforeAll(() => {
    dir = tempDir()
    bad = makeBadFiles(dir)
  })

  it('says which file is missing', async () => {
    const missing = path.join(dir, 'gone.mp4')
    expect(await probeError(missing)).toBe(`File not found: ${missing}`)
  })

  it('says a zero-length file is empty', async () => {
    expect(await probeError(bad.zeroLength)).toBe(`Empty file (0 bytes): ${bad.zeroLength}`)
  })

  it('says random bytes and a renamed text file are not media, quoting ffprobe', async () => {
    expect(await probeError(bad.randomBytes)).toMatch(/^random\.mp4 is not a readable media file .*Invalid data found/)
    expect(await probeError(bad.textAsMp4)).toMatch(/^notes\.mp4 is not a readable media file .*Invalid data found/)
  })

  it('says an audio-only file has no video stream', async () => {
    expect(await probeError(bad.audioOnly)).toBe('audio-only.mp4 has no video stream: it has only audio streams')
  })

  it('gives up on a hung ffprobe after the timeout', async () => {
    await expect(probeFile(processes, FFPROBE, CLIP_2, 1)).rejects.toThrow(/ffprobe took longer than/)
  })

  it('records a bad file with its error and keeps its fingerprint', async () => {
    const result = await inspectClip(processes, FFPROBE, bad.randomBytes)
    expect(result.importError).toMatch(/not a readable media file/)
    expect(result.size).toBe(256 * 1024)
    expect(result.fingerprint).toMatch(/^v1:262144:[0-9a-f]{64}$/)
    expect(result.width).toBeNull()

    const good = await inspectClip(processes, FFPROBE, CLIP_3)
    expect(good).toMatchObject({ importError: null, size: 1661366, frameCount: 101, codec: 'h264' })
  })
})

describe('fingerprint', () => {
  it('hashes size, head and tail only', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'big.bin')
    const bytes = Buffer.alloc(FINGERPRINT_CHUNK * 4, 7)
    fs.writeFileSync(file, bytes)
    const base = await fingerprintFile(file)
    expect(base.size).toBe(bytes.length)
    expect(base.mtimeMs).toBe(fs.statSync(file).mtimeMs)

    // A change in the middle is, by design, not seen: reading all of a 10 GB file is what we avoid.
    bytes[FINGERPRINT_CHUNK * 2] = 1
    fs.writeFileSync(file, bytes)
    expect((await fingerprintFile(file)).fingerprint).toBe(base.fingerprint)

    bytes[bytes.length - 1] = 1
    fs.writeFileSync(file, bytes)
    expect((await fingerprintFile(file)).fingerprint).not.toBe(base.fingerprint)

    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 1))
    expect((await fingerprintFile(file)).fingerprint).toMatch(/^v1:262143:/)
  })

  it('handles small and empty files, and tells real clips apart', async () => {
    const dir = tempDir()
    const small = path.join(dir, 'small.bin')
    fs.writeFileSync(small, 'abc')
    const empty = path.join(dir, 'empty.bin')
    fs.writeFileSync(empty, '')
    expect((await fingerprintFile(small)).size).toBe(3)
    expect((await fingerprintFile(empty)).fingerprint).toMatch(/^v1:0:/)
    const [a, b] = await Promise.all([fingerprintFile(CLIP_2), fingerprintFile(CLIP_3)])
    expect(a.fingerprint).not.toBe(b.fingerprint)
    expect((await fingerprintFile(CLIP_2)).fingerprint).toBe(a.fingerprint)
  })
})
