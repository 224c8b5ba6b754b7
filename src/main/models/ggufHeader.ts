// Walks a GGUF header (v2/v3, little-endian; ggml's docs/gguf.md) checking every count and length
// against the bytes left in the file and under caps, before any parser allocates for it: a 1.7 MB
// file claiming 2^40 tensors is refused in microseconds instead of wedging the host.
// Messages name the file and the problem, never the file's content (keys and names by index).
import { open, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { ggmlTensor } from './weightBuffers'

/** Caps far above any published model (~2,000 tensors, ~60 keys, 262k-token vocabularies, 100 kB templates). */
export const GGUF_LIMITS = {
  /** each tensor becomes a row of facts the host keeps */
  tensors: 65_536,
  keys: 65_536,
  /** the GGUF spec's own limit on key length */
  keyBytes: 65_535,
  /** a value string: chat templates are the longest, at ~100 kB */
  stringBytes: 16 * 2 ** 20,
  /** an array: vocabularies and merges are the longest, at ~262k items */
  arrayItems: 16 * 2 ** 20,
  /** llama.cpp's GGML_MAX_NAME (64, with the terminating NUL) and GGML_MAX_DIMS */
  tensorNameBytes: 63,
  dims: 4
}

const MAGIC = 0x46554747 // "GGUF" as a little-endian u32
const HEADER_BYTES = 24 // magic, version, tensor count, key count
const MIN_TENSOR_BYTES = 24 // name length, dimension count, type, offset
const MIN_KEY_BYTES = 14 // key length, a 1-byte key, value type, a 1-byte value
const STRING = 8
const ARRAY = 9
/** Bytes per item of each value type; a string is at least its 8-byte length. */
const ITEM_BYTES = [1, 1, 2, 2, 4, 4, 4, 1, 8, 12, 8, 8, 8]
const WINDOW = 1 << 20

/** A header that breaks the format or the caps; the message is safe to show anyone. */
export class GgufHeaderError extends Error {}

const n = (x: number | bigint) => x.toLocaleString('en-US')

/** "1.7 MB", "512 bytes": how big a file is, for messages. */
export function sizeLabel(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`
  return `${bytes} bytes`
}

/** Sequential little-endian reads through a 1 MiB window; skips move without reading. */
class Cursor {
  pos = 0
  private buf = Buffer.alloc(WINDOW)
  private start = 0
  private end = 0

  constructor(
    private readonly fh: FileHandle,
    readonly size: number,
    readonly fail: (problem: string) => never
  ) {}

  left(): number {
    return this.size - this.pos
  }

  /** Makes sure the next `bytes` (at most a window) are in the buffer. */
  private async window(bytes: number, what: string): Promise<void> {
    if (bytes > this.left()) this.fail(`the file ends inside ${what} (at byte ${n(this.pos)} of ${n(this.size)})`)
    if (this.pos >= this.start && this.pos + bytes <= this.end) return
    const { bytesRead } = await this.fh.read(this.buf, 0, WINDOW, this.pos)
    this.start = this.pos
    this.end = this.pos + bytesRead
    if (this.pos + bytes > this.end) this.fail(`the file changed while being read (at byte ${n(this.pos)})`)
  }

  private async at(bytes: number, what: string): Promise<number> {
    await this.window(bytes, what)
    this.pos += bytes
    return this.pos - bytes - this.start
  }

  async u32(what: string): Promise<number> {
    return this.buf.readUInt32LE(await this.at(4, what))
  }

  async u64(what: string): Promise<bigint> {
    return this.buf.readBigUInt64LE(await this.at(8, what))
  }

  async text(bytes: number, what: string): Promise<string> {
    const at = await this.at(bytes, what)
    return this.buf.toString('utf8', at, at + bytes)
  }

  skip(bytes: number, what: string): void {
    if (bytes > this.left()) this.fail(`the file ends inside ${what} (at byte ${n(this.pos)} of ${n(this.size)})`)
    this.pos += bytes
  }

  /** A u64 length or count, refused past `cap` or past what the rest of the file can hold. */
  async count(what: string, unit: string, cap: number, bytesEach: number): Promise<number> {
    return this.limit(await this.u64(`the length of ${what}`), cap, bytesEach, () => what, unit)
  }

  private limit(value: bigint, cap: number, bytesEach: number, what: () => string, unit: string): number {
    const most = Math.floor(this.left() / bytesEach)
    if (Number(value) > most) this.fail(`${what()} claims ${n(value)} ${unit}; the ${n(this.left())} bytes left in the file can hold at most ${n(most)}`)
    if (value > BigInt(cap)) this.fail(`${what()} claims ${n(value)} ${unit}; the studio reads at most ${n(cap)}`)
    return Number(value)
  }

  /** Skips `items` strings, reading their lengths a window at a time: vocabularies hold ~150k. */
  async skipStrings(items: number, entry: string): Promise<void> {
    const what = (i: number) => () => `string ${n(i + 1)} of the array of ${entry}`
    for (let i = 0; i < items;) {
      await this.window(8, what(i)())
      for (; i < items && this.pos + 8 <= this.end; i++) {
        const bytes = this.buf.readBigUInt64LE(this.pos - this.start)
        this.pos += 8
        this.pos += this.limit(bytes, GGUF_LIMITS.stringBytes, 1, what(i), 'bytes')
      }
    }
  }
}

/** Checks the header of one GGUF file; throws GgufHeaderError naming the file and the first problem. */
export async function checkGgufHeader(file: string): Promise<void> {
  const name = path.basename(file)
  const fail = (problem: string): never => {
    throw new GgufHeaderError(`${name} is not a readable GGUF file: ${problem}`)
  }
  const fh = await open(file, 'r')
  try {
    const size = (await fh.stat()).size
    const cur = new Cursor(fh, size, fail)
    if (size < HEADER_BYTES) fail(`it is ${sizeLabel(size)}, shorter than a GGUF header`)
    if ((await cur.u32('the magic')) !== MAGIC) fail('it does not start with the GGUF magic')
    const version = await cur.u32('the version')
    if ((version & 0xffff) === 0) fail(`version ${n(version)} looks byte-swapped (a big-endian file?)`)
    if (version !== 2 && version !== 3) fail(`version ${n(version)} is not GGUF v2 or v3`)
    const tensors = await cur.u64('the tensor count')
    const keys = await cur.u64('the metadata count')
    const claim = (count: bigint, noun: string, cap: number, bytesEach: number) => {
      const most = Math.floor((size - HEADER_BYTES) / bytesEach)
      if (count > BigInt(most)) fail(`header claims ${n(count)} ${noun}; a ${sizeLabel(size)} file can hold at most ${n(most)}`)
      if (count > BigInt(cap)) fail(`header claims ${n(count)} ${noun}; the studio reads at most ${n(cap)}`)
    }
    claim(tensors, 'tensors', GGUF_LIMITS.tensors, MIN_TENSOR_BYTES)
    claim(keys, 'metadata entries', GGUF_LIMITS.keys, MIN_KEY_BYTES)
    if (Number(tensors) * MIN_TENSOR_BYTES + Number(keys) * MIN_KEY_BYTES > size - HEADER_BYTES)
      fail(`header claims ${n(tensors)} tensors and ${n(keys)} metadata entries, more than a ${sizeLabel(size)} file can hold`)

    let alignment = 32
    for (let i = 0; i < Number(keys); i++) {
      const entry = `metadata entry ${n(i + 1)}`
      const keyBytes = await cur.count(`the key of ${entry}`, 'bytes', GGUF_LIMITS.keyBytes, 1)
      if (keyBytes === 0) fail(`${entry} has an empty key`)
      const isAlignment = keyBytes === 17 && (await cur.text(17, `the key of ${entry}`)) === 'general.alignment'
      if (keyBytes !== 17) cur.skip(keyBytes, `the key of ${entry}`)
      const type = await cur.u32(`the value type of ${entry}`)
      if (type >= ITEM_BYTES.length) fail(`${entry} has value type ${n(type)}; GGUF defines types 0 to 12`)
      if (isAlignment) {
        alignment = type === 4 ? await cur.u32(`the value of ${entry}`) : 0
        if (alignment === 0 || (alignment & (alignment - 1)) !== 0) fail('general.alignment is not a u32 power of two')
      } else await skipValue(cur, type, entry)
    }

    let dataEnd = 0
    for (let i = 0; i < Number(tensors); i++) {
      const tensor = `tensor ${n(i + 1)}`
      const nameBytes = await cur.u64(`the name length of ${tensor}`)
      if (nameBytes > BigInt(GGUF_LIMITS.tensorNameBytes))
        fail(`${tensor} has a ${n(nameBytes)}-byte name; llama.cpp allows at most ${GGUF_LIMITS.tensorNameBytes}`)
      cur.skip(Number(nameBytes), `the name of ${tensor}`)
      const dims = await cur.u32(`the dimension count of ${tensor}`)
      if (dims > GGUF_LIMITS.dims) fail(`${tensor} has ${n(dims)} dimensions; ggml allows at most ${GGUF_LIMITS.dims}`)
      const ne: number[] = []
      for (let d = 0; d < dims; d++) {
        const dim = await cur.u64(`the shape of ${tensor}`)
        if (dim > BigInt(Number.MAX_SAFE_INTEGER)) fail(`${tensor} claims a dimension of ${n(dim)} elements`)
        ne.push(Number(dim))
      }
      const type = await cur.u32(`the type of ${tensor}`)
      let bytes = 0
      try {
        bytes = Math.ceil(ggmlTensor(type, ne).bytes)
      } catch {
        fail(`${tensor} has ggml type ${n(type)}, which the studio does not know`)
      }
      const offset = await cur.u64(`the data offset of ${tensor}`)
      dataEnd = Math.max(dataEnd, Number(offset) + bytes)
    }
    const dataStart = Math.ceil(cur.pos / alignment) * alignment
    if (tensors > 0n && dataStart + dataEnd > size) fail(`its tensors need ${n(dataStart + dataEnd)} bytes but the file has ${n(size)} (truncated?)`)
  } finally {
    await fh.close()
  }
}

async function skipValue(cur: Cursor, type: number, entry: string): Promise<void> {
  if (type === STRING) {
    cur.skip(await cur.count(`the string of ${entry}`, 'bytes', GGUF_LIMITS.stringBytes, 1), `the string of ${entry}`)
    return
  }
  if (type !== ARRAY) return cur.skip(ITEM_BYTES[type], `the value of ${entry}`)
  const item = await cur.u32(`the item type of ${entry}`)
  if (item === ARRAY) cur.fail(`${entry} is an array of arrays, which llama.cpp does not read`)
  if (item >= ITEM_BYTES.length) cur.fail(`${entry} is an array of value type ${n(item)}; GGUF defines types 0 to 12`)
  const items = await cur.count(`the array of ${entry}`, 'items', GGUF_LIMITS.arrayItems, ITEM_BYTES[item])
  if (item === STRING) return cur.skipStrings(items, entry)
  cur.skip(items * ITEM_BYTES[item], `the array of ${entry}`)
}

/** Checks a model file and, for a split model (…-00001-of-00003.gguf), every other part beside it. */
export async function checkGgufFiles(file: string): Promise<void> {
  await checkGgufHeader(file)
  const split = /-(\d{5})-of-(\d{5})\.gguf$/.exec(file)
  if (!split) return
  const stem = file.slice(0, split.index)
  for (let part = 1; part <= Number(split[2]); part++) {
    const sibling = `${stem}-${String(part).padStart(5, '0')}-of-${split[2]}.gguf`
    if (sibling !== file) await checkGgufHeader(sibling)
  }
}
