// Downloads from a Hugging Face-shaped server on 127.0.0.1 serving the tiny GGUF: an interrupted
// transfer resumes with Range, a corrupted one is caught by its sha256, offline is said plainly.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DownloadProgress } from '../../src/shared/models'
import { EventBus } from '../../src/main/events'
import { ChecksumError, downloadFile } from '../../src/main/models/download'
import { HardwareProbe } from '../../src/main/models/hardware'
import { ModelsService } from '../../src/main/models/modelsService'
import { ensureTinyModels } from '../../scripts/make-tiny-models'
import { tempDir } from '../helpers/temp'
import { Roots, defaultRoots } from '../../src/main/roots/roots'

const REPO = 'test-owner/SkyCaptioner-V1-GGUF'
const MODEL = 'SkyCaptioner-V1-q4_k_m.gguf'
const MMPROJ = 'SkyCaptioner-V1-mmproj-f16.gguf'

interface Served {
  bytes: Buffer
  sha256: string
}
const files = new Map<string, Served>()
const ranges: (string | undefined)[] = []
/** Per request: cut the body after this many bytes, or flip a byte (corrupt). */
let behaviour: { cutAfter?: number; corrupt?: boolean } = {}
let server: http.Server
let base = ''

beforeAll(async () => {
  const tiny = await ensureTinyModels()
  for (const [name, file] of [
    [MODEL, tiny.model],
    [MMPROJ, tiny.mmproj]
  ]) {
    const bytes = readFileSync(file)
    files.set(name, { bytes, sha256: createHash('sha256').update(bytes).digest('hex') })
  }
  server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x')
    if (url.pathname === `/api/models/${REPO}/tree/main`) {
      const listing = [...files].map(([name, f]) => ({ type: 'file', path: name, size: f.bytes.length, lfs: { oid: f.sha256, size: f.bytes.length } }))
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([{ type: 'file', path: 'README.md', size: 10 }, ...listing]))
      return
    }
    const name = decodeURIComponent(url.pathname.split('/resolve/main/')[1] ?? '')
    const served = files.get(name)
    if (!served) return void res.writeHead(404).end()
    ranges.push(req.headers.range)
    const from = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0)
    let body = served.bytes.subarray(from)
    if (behaviour.corrupt) {
      body = Buffer.from(body)
      body[body.length >> 1] ^= 0xff
    }
    res.writeHead(from > 0 ? 206 : 200, { 'content-length': body.length, 'accept-ranges': 'bytes' })
    if (behaviour.cutAfter !== undefined) {
      const cut = behaviour.cutAfter
      behaviour = {} // only the first request breaks off
      res.write(body.subarray(0, cut), () => res.destroy())
      return
    }
    res.end(body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  process.env.HF_ENDPOINT = base
}, 120_000)

afterAll(() => new Promise<void>((r) => server.close(() => r())))

describe('downloadFile', () => {
  it('resumes an interrupted transfer with a Range request and checks the sha256', async () => {
    const model = files.get(MODEL)!
    const dest = path.join(tempDir('skycap-dl-'), MODEL)
    ranges.length = 0
    behaviour = { cutAfter: 5_000_000 }
    const seen: number[] = []
    const done = await downloadFile({
      url: `${base}/${REPO}/resolve/main/${MODEL}`,
      dest,
      expectedSize: model.bytes.length,
      expectedSha256: model.sha256,
      onProgress: (received) => seen.push(received),
      diskReserve: 0
    })
    expect(ranges[0]).toBeUndefined()
    const resumedAt = Number(/bytes=(\d+)-/.exec(ranges[1] ?? '')?.[1])
    expect(resumedAt).toBeGreaterThan(0)
    expect(resumedAt).toBeLessThanOrEqual(5_000_000)
    expect(done).toEqual({ path: dest, sha256: model.sha256, size: model.bytes.length })
    expect(readFileSync(dest).equals(model.bytes)).toBe(true)
    expect(existsSync(`${dest}.part`)).toBe(false)
    expect(seen.at(-1)).toBe(model.bytes.length)
  })

  it('resumes a .part left by an earlier run (a crash, a closed app)', async () => {
    const model = files.get(MODEL)!
    const dest = path.join(tempDir('skycap-dl-'), MODEL)
    writeFileSync(`${dest}.part`, model.bytes.subarray(0, 1234567))
    ranges.length = 0
    await downloadFile({ url: `${base}/${REPO}/resolve/main/${MODEL}`, dest, expectedSize: model.bytes.length, expectedSha256: model.sha256, diskReserve: 0 })
    expect(ranges).toEqual(['bytes=1234567-'])
    expect(readFileSync(dest).equals(model.bytes)).toBe(true)
  })

  it('rejects a corrupted transfer by its sha256 and keeps nothing of it', async () => {
    const model = files.get(MODEL)!
    const dest = path.join(tempDir('skycap-dl-'), MODEL)
    behaviour = { corrupt: true }
    const attempt = downloadFile({
      url: `${base}/${REPO}/resolve/main/${MODEL}`,
      dest,
      expectedSize: model.bytes.length,
      expectedSha256: model.sha256,
      diskReserve: 0
    })
    await expect(attempt).rejects.toThrow(ChecksumError)
    await expect(attempt).rejects.toThrow(/is corrupted: sha256 [0-9a-f]{64} does not match the published/)
    behaviour = {}
    expect(existsSync(dest)).toBe(false)
    expect(existsSync(`${dest}.part`)).toBe(false)
  })

  it('checks free disk space before starting', async () => {
    const dest = path.join(tempDir('skycap-dl-'), MODEL)
    await expect(downloadFile({ url: `${base}/${REPO}/resolve/main/${MODEL}`, dest, expectedSize: 1e15 })).rejects.toThrow(/Not enough disk space/)
  })

  it('says plainly that it is offline', async () => {
    const dest = path.join(tempDir('skycap-dl-'), MODEL)
    await expect(downloadFile({ url: `http://127.0.0.1:9/x/resolve/main/${MODEL}`, dest })).rejects.toThrow(
      /Cannot download .* check the network; local models keep working/
    )
  })
})

describe('the models service downloads a repository quant', () => {
  it('lists real sizes and checksums, downloads the quant and its mmproj with progress, and can use it', async () => {
    const dataDir = tempDir('skycap-dl-service-')
    const bus = new EventBus()
    const events: DownloadProgress[] = []
    bus.subscribe((event, payload) => event === 'models.download' && events.push(payload as DownloadProgress))
    const models = new ModelsService({ dataDir, bus, hardware: new HardwareProbe(), roots: new Roots(defaultRoots(dataDir)) })
    models.setRepos([REPO])
    const catalog = await models.catalog()
    expect(catalog.offline).toBeNull()
    const entry = catalog.entries.find((e) => e.quant === 'Q4_K_M')!
    expect(entry.model).toMatchObject({ sizeBytes: files.get(MODEL)!.bytes.length, sizeIsEstimate: false, sha256: files.get(MODEL)!.sha256, path: null })

    const downloaded = await models.download(`hf:${REPO}/${MODEL}`, true)
    expect(downloaded.model.path).toBe(path.join(dataDir, 'models', 'test-owner__SkyCaptioner-V1-GGUF', MODEL))
    expect(statSync(downloaded.mmproj!.path!).size).toBe(files.get(MMPROJ)!.bytes.length)
    // read back from the file now: the tiny model's real metadata, not the card's
    expect(downloaded).toMatchObject({ layers: 2, parameters: 9798208 })
    expect(events.filter((e) => e.state === 'done').map((e) => e.file)).toEqual([MODEL, MMPROJ])
    expect(models.hashes.cached(downloaded.model.path!)).toBe(files.get(MODEL)!.sha256)

    const active = await models.setActive({ entryId: downloaded.id })
    expect(active.model).toBe(downloaded.model.path)
    await models.remove(downloaded.id, true)
    expect(existsSync(downloaded.model.path!)).toBe(false)
    expect(models.active()).toBeNull()
  }, 60_000)
})
