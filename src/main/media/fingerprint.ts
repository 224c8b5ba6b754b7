import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'

export const FINGERPRINT_CHUNK = 64 * 1024

export interface Fingerprint {
  size: number
  mtimeMs: number
  fingerprint: string
}

/**
 * A fast content identity for multi-GB videos: size plus sha256 of the first and last 64 KiB.
 * Containers keep their headers and index at the ends, so a re-encode or a truncation changes
 * it; reading 128 KiB costs the same for a 10 MB clip and a 10 GB one.
 */
export async function fingerprintFile(file: string): Promise<Fingerprint> {
  const handle = await fs.open(file, 'r')
  try {
    const stat = await handle.stat()
    const hash = createHash('sha256')
    hash.update(`${stat.size}:`)
    const headLength = Math.min(stat.size, FINGERPRINT_CHUNK)
    hash.update(await readAt(handle, 0, headLength))
    // Files up to two chunks: the tail is whatever the head did not cover, so no byte counts twice.
    const tailStart = Math.max(headLength, stat.size - FINGERPRINT_CHUNK)
    hash.update(await readAt(handle, tailStart, stat.size - tailStart))
    return { size: stat.size, mtimeMs: stat.mtimeMs, fingerprint: `v1:${stat.size}:${hash.digest('hex')}` }
  } finally {
    await handle.close()
  }
}

async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  let read = 0
  while (read < length) {
    const { bytesRead } = await handle.read(buffer, read, length - read, position + read)
    if (bytesRead === 0) break
    read += bytesRead
  }
  return buffer.subarray(0, read)
}
