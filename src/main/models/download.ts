// Resumable download of one model file: HTTP Range into "<file>.part", checksum, then rename.
// A dropped connection resumes where it stopped; so does a download restarted after a crash.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync, statfsSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { OfflineError } from './hub'

export interface DownloadOptions {
  url: string
  dest: string
  expectedSize?: number | null
  expectedSha256?: string | null
  onProgress?: (received: number, total: number | null) => void
  /** Connection drops are retried (resuming) this many times. */
  retries?: number
  /** Left free on the disk on top of the file. */
  diskReserve?: number
}

export class ChecksumError extends Error {}

const PROGRESS_EVERY_MS = 200

/** Streams a file through sha256 (multi-GB files: never read whole). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file), hash)
  return hash.digest('hex')
}

export function freeDiskBytes(dir: string): number {
  const s = statfsSync(dir)
  return s.bavail * s.bsize
}

export async function downloadFile(opts: DownloadOptions): Promise<{ path: string; sha256: string; size: number }> {
  const part = `${opts.dest}.part`
  mkdirSync(path.dirname(opts.dest), { recursive: true })
  const reserve = opts.diskReserve ?? 1e9
  if (opts.expectedSize) {
    const have = existsSync(part) ? statSync(part).size : 0
    const free = freeDiskBytes(path.dirname(opts.dest))
    if (free < opts.expectedSize - have + reserve) {
      throw new Error(
        `Not enough disk space for ${path.basename(opts.dest)}: needs ${gb(opts.expectedSize - have)} plus ${gb(reserve)} spare, ${gb(free)} free`
      )
    }
  }
  let attempts = 0
  for (;;) {
    try {
      await fetchInto(part, opts)
      break
    } catch (err) {
      if (err instanceof OfflineError && attempts === 0) throw err
      if (err instanceof ChecksumError || ++attempts > (opts.retries ?? 5)) throw err
      await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** attempts)))
    }
  }
  const size = statSync(part).size
  if (opts.expectedSize && size !== opts.expectedSize) {
    rmSync(part, { force: true })
    throw new ChecksumError(`${path.basename(opts.dest)}: got ${size} bytes, the repository lists ${opts.expectedSize}`)
  }
  const sha256 = await sha256File(part)
  if (opts.expectedSha256 && sha256 !== opts.expectedSha256.toLowerCase()) {
    // a resumed download that went wrong must not be resumed again: start over next time
    rmSync(part, { force: true })
    throw new ChecksumError(`${path.basename(opts.dest)} is corrupted: sha256 ${sha256} does not match the published ${opts.expectedSha256}`)
  }
  renameSync(part, opts.dest)
  return { path: opts.dest, sha256, size }
}

/** One request: appends from the .part's size when the server honours Range, else starts over. */
async function fetchInto(part: string, opts: DownloadOptions): Promise<void> {
  const have = existsSync(part) ? statSync(part).size : 0
  if (opts.expectedSize && have === opts.expectedSize) return
  let res: Response
  try {
    res = await fetch(opts.url, { headers: have > 0 ? { range: `bytes=${have}-` } : {}, redirect: 'follow' })
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message
    throw new OfflineError(`Cannot download ${opts.url} (${cause}): check the network; local models keep working.`)
  }
  if (res.status === 416 && have > 0) return // nothing left to fetch
  if (!res.ok || !res.body) throw new Error(`Download of ${opts.url} failed: HTTP ${res.status}`)
  const resumed = res.status === 206
  const offset = resumed ? have : 0
  const length = Number(res.headers.get('content-length') ?? NaN)
  const total = opts.expectedSize ?? (Number.isFinite(length) ? offset + length : null)
  let received = offset
  let last = 0
  const body = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>)
  body.on('data', (chunk: Buffer) => {
    received += chunk.length
    const now = Date.now()
    if (now - last >= PROGRESS_EVERY_MS) {
      last = now
      opts.onProgress?.(received, total)
    }
  })
  await pipeline(body, createWriteStream(part, { flags: resumed ? 'a' : 'w' }))
  if (Number.isFinite(length) && received - offset < length) throw new Error(`Connection closed after ${received} bytes`)
  opts.onProgress?.(received, total)
}

const gb = (n: number) => `${(n / 1e9).toFixed(2)} GB`
