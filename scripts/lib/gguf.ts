// A small GGUF v3 reader and writer: header, typed metadata (arrays included), tensor infos,
// and f32/f16 tensor data. Layout per ggml's docs/gguf.md; all numbers are little-endian.
import { open } from 'node:fs/promises'

/** Metadata value types, indexed by their GGUF type code. */
const VALUE_TYPES = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32', 'bool', 'string', 'array', 'u64', 'i64', 'f64'] as const
export type GgufType = (typeof VALUE_TYPES)[number]
export type GgufScalar = number | bigint | boolean | string
/** One metadata value. Arrays keep their item type; arrays of arrays hold GgufValue items. */
export type GgufValue =
  | { type: Exclude<GgufType, 'array'>; value: GgufScalar }
  | { type: 'array'; itemType: Exclude<GgufType, 'array'>; value: GgufScalar[] }
  | { type: 'array'; itemType: 'array'; value: GgufValue[] }

export const GGML_F32 = 0
export const GGML_F16 = 1
const DEFAULT_ALIGNMENT = 32
const MAGIC = 0x46554747 // "GGUF" read as a little-endian u32

export interface GgufTensorInfo {
  name: string
  /** ggml order: innermost dimension first */
  dims: number[]
  /** ggml type code (GGML_F32, GGML_F16, or anything else when only reading) */
  type: number
  /** byte offset from the start of the data section */
  offset: number
}

export interface GgufFile {
  version: number
  metadata: Map<string, GgufValue>
  tensors: GgufTensorInfo[]
  alignment: number
  /** absolute byte offset of the data section */
  dataOffset: number
}

export type GgufTensorInput = {
  name: string
  dims: number[]
} & (
  | {
      type: typeof GGML_F32 | typeof GGML_F16
      /** f32 values, or raw f16 bits (see floatToHalf) */
      data: Float32Array | Uint16Array
    }
  /** any other ggml type as its encoded blocks */
  | { type: number; data: Uint8Array }
)

// Short constructors for metadata values.
export const u32 = (value: number): GgufValue => ({ type: 'u32', value })
export const f32 = (value: number): GgufValue => ({ type: 'f32', value })
export const bool = (value: boolean): GgufValue => ({ type: 'bool', value })
export const str = (value: string): GgufValue => ({ type: 'string', value })
export const arr = (itemType: Exclude<GgufType, 'array'>, value: GgufScalar[]): GgufValue => ({ type: 'array', itemType, value })

type FixedType = Exclude<GgufType, 'string' | 'array'>
/** Fixed-size scalars: [byte size, read, write] */
const FIXED: Record<FixedType, [number, (b: Buffer, at: number) => GgufScalar, (b: Buffer, v: GgufScalar) => void]> = {
  u8: [1, (b, at) => b.readUInt8(at), (b, v) => b.writeUInt8(v as number)],
  i8: [1, (b, at) => b.readInt8(at), (b, v) => b.writeInt8(v as number)],
  u16: [2, (b, at) => b.readUInt16LE(at), (b, v) => b.writeUInt16LE(v as number)],
  i16: [2, (b, at) => b.readInt16LE(at), (b, v) => b.writeInt16LE(v as number)],
  u32: [4, (b, at) => b.readUInt32LE(at), (b, v) => b.writeUInt32LE(v as number)],
  i32: [4, (b, at) => b.readInt32LE(at), (b, v) => b.writeInt32LE(v as number)],
  f32: [4, (b, at) => b.readFloatLE(at), (b, v) => b.writeFloatLE(v as number)],
  bool: [1, (b, at) => b.readUInt8(at) !== 0, (b, v) => b.writeUInt8(v ? 1 : 0)],
  u64: [8, (b, at) => b.readBigUInt64LE(at), (b, v) => b.writeBigUInt64LE(BigInt(v as bigint))],
  i64: [8, (b, at) => b.readBigInt64LE(at), (b, v) => b.writeBigInt64LE(BigInt(v as bigint))],
  f64: [8, (b, at) => b.readDoubleLE(at), (b, v) => b.writeDoubleLE(v as number)]
}

/** Thrown when the buffer ends before the header does, so the caller can read more. */
class ShortBuffer extends Error {}

class Reader {
  pos = 0
  constructor(private buf: Buffer) {}
  private take(n: number): number {
    if (this.pos + n > this.buf.length) throw new ShortBuffer(`GGUF header runs past ${this.buf.length} bytes`)
    const at = this.pos
    this.pos += n
    return at
  }
  u32 = () => this.buf.readUInt32LE(this.take(4))
  u64 = () => this.buf.readBigUInt64LE(this.take(8))
  /** a u64 count or size that must fit a JS number */
  size = () => Number(this.u64())
  string = () => {
    const n = this.size()
    const at = this.take(n)
    return this.buf.toString('utf8', at, at + n)
  }
  scalar(type: GgufType): GgufScalar {
    if (type === 'string') return this.string()
    const codec = FIXED[type as FixedType]
    if (!codec) throw new Error(`not a scalar type: ${type}`)
    return codec[1](this.buf, this.take(codec[0]))
  }
  valueType(): GgufType {
    const code = this.u32()
    const type = VALUE_TYPES[code]
    if (!type) throw new Error(`unknown GGUF value type ${code} at byte ${this.pos - 4}`)
    return type
  }
  value(type: GgufType): GgufValue {
    if (type !== 'array') return { type, value: this.scalar(type) }
    const itemType = this.valueType()
    const count = this.size()
    const items = new Array(count)
    for (let i = 0; i < count; i++) items[i] = itemType === 'array' ? this.value('array') : this.scalar(itemType)
    return { type, itemType, value: items } as GgufValue
  }
}

/** Parses a GGUF header (metadata and tensor infos) from the start of a file's bytes. */
export function parseGgufHeader(buf: Buffer): GgufFile {
  const r = new Reader(buf)
  if (r.u32() !== MAGIC) throw new Error('not a GGUF file (bad magic)')
  const version = r.u32()
  if (version !== 3) throw new Error(`unsupported GGUF version ${version}; only v3 is handled`)
  const tensorCount = r.size()
  const kvCount = r.size()
  const metadata = new Map<string, GgufValue>()
  // arguments evaluate left to right: the key, then its type, then its value
  for (let i = 0; i < kvCount; i++) metadata.set(r.string(), r.value(r.valueType()))
  const tensors: GgufTensorInfo[] = []
  for (let i = 0; i < tensorCount; i++) {
    const name = r.string()
    const dims = Array.from({ length: r.u32() }, () => r.size())
    tensors.push({ name, dims, type: r.u32(), offset: r.size() })
  }
  const alignment = alignmentOf(metadata)
  return { version, metadata, tensors, alignment, dataOffset: padTo(r.pos, alignment) }
}

/** Reads a GGUF file's header, reading only as much of the file as the header needs. */
export async function readGguf(path: string): Promise<GgufFile> {
  const fh = await open(path, 'r')
  try {
    const fileSize = (await fh.stat()).size
    for (let want = 8 << 20; ; want *= 2) {
      const n = Math.min(want, fileSize)
      const buf = Buffer.alloc(n)
      await fh.read(buf, 0, n, 0)
      try {
        return parseGgufHeader(buf)
      } catch (err) {
        if (!(err instanceof ShortBuffer) || n === fileSize) throw err
      }
    }
  } finally {
    await fh.close()
  }
}

/** Reads one f32 or f16 tensor's values as float32. */
export async function readTensor(path: string, file: GgufFile, name: string): Promise<Float32Array> {
  const info = file.tensors.find((t) => t.name === name)
  if (!info) throw new Error(`no tensor named ${name}`)
  if (info.type !== GGML_F32 && info.type !== GGML_F16) throw new Error(`${name}: ggml type ${info.type} is not f32/f16`)
  const count = info.dims.reduce((a, b) => a * b, 1)
  const bytes = Buffer.alloc(count * (info.type === GGML_F32 ? 4 : 2))
  const fh = await open(path, 'r')
  try {
    await fh.read(bytes, 0, bytes.length, file.dataOffset + info.offset)
  } finally {
    await fh.close()
  }
  // Buffer.alloc gives a fresh, aligned ArrayBuffer; typed arrays read little-endian as written
  if (info.type === GGML_F32) return new Float32Array(bytes.buffer, bytes.byteOffset, count)
  return Float32Array.from(new Uint16Array(bytes.buffer, bytes.byteOffset, count), halfToFloat)
}

function alignmentOf(metadata: Map<string, GgufValue>): number {
  const v = metadata.get('general.alignment')
  return v && v.type === 'u32' ? Number(v.value) : DEFAULT_ALIGNMENT
}

function padTo(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment
}

class Writer {
  private chunks: Buffer[] = []
  length = 0
  push(b: Buffer) {
    this.chunks.push(b)
    this.length += b.length
  }
  fixed(size: number, write: (b: Buffer) => void) {
    const b = Buffer.alloc(size)
    write(b)
    this.push(b)
  }
  u32 = (v: number) => this.fixed(4, (b) => b.writeUInt32LE(v))
  u64 = (v: number | bigint) => this.fixed(8, (b) => b.writeBigUInt64LE(BigInt(v)))
  string(s: string) {
    const b = Buffer.from(s, 'utf8')
    this.u64(b.length)
    this.push(b)
  }
  scalar(type: GgufType, v: GgufScalar) {
    if (type === 'string') return this.string(v as string)
    const codec = FIXED[type as FixedType]
    if (!codec) throw new Error(`not a scalar type: ${type}`)
    this.fixed(codec[0], (b) => codec[2](b, v))
  }
  value(v: GgufValue) {
    if (v.type !== 'array') return this.scalar(v.type, v.value)
    this.u32(VALUE_TYPES.indexOf(v.itemType))
    this.u64(v.value.length)
    for (const item of v.value) {
      // an array item of an array is written without its own type tag
      if (v.itemType === 'array') this.value(item as GgufValue)
      else this.scalar(v.itemType, item as GgufScalar)
    }
  }
  pad(alignment: number) {
    const n = padTo(this.length, alignment) - this.length
    if (n > 0) this.push(Buffer.alloc(n))
  }
  result = () => Buffer.concat(this.chunks, this.length)
}

/** Encodes a complete GGUF v3 file. Tensor data follows in the given order, each aligned. */
export function encodeGguf(metadata: Map<string, GgufValue>, tensors: GgufTensorInput[]): Buffer {
  const alignment = alignmentOf(metadata)
  const w = new Writer()
  w.u32(MAGIC)
  w.u32(3)
  w.u64(tensors.length)
  w.u64(metadata.size)
  for (const [key, value] of metadata) {
    w.string(key)
    w.u32(VALUE_TYPES.indexOf(value.type))
    w.value(value)
  }
  let offset = 0
  const sized = tensors.map((t) => {
    const count = t.dims.reduce((a, b) => a * b, 1)
    const raw = t.data instanceof Uint8Array
    const bytes = raw ? t.data.length : count * (t.type === GGML_F32 ? 4 : 2)
    if (!raw && t.data.length !== count) throw new Error(`${t.name}: ${t.data.length} values for dims [${t.dims}]`)
    if (raw === (t.type === GGML_F32 || t.type === GGML_F16) || (!raw && (t.type === GGML_F32) !== t.data instanceof Float32Array)) {
      throw new Error(`${t.name}: data does not match its type`)
    }
    const at = offset
    offset = padTo(offset + bytes, alignment)
    return { t, at }
  })
  for (const { t, at } of sized) {
    w.string(t.name)
    w.u32(t.dims.length)
    for (const d of t.dims) w.u64(d)
    w.u32(t.type)
    w.u64(at)
  }
  if (tensors.length > 0) w.pad(alignment)
  for (const { t } of sized) {
    // typed arrays are little-endian on every platform Node runs on
    w.push(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength))
    w.pad(alignment)
  }
  return w.result()
}

const f32Box = new Float32Array(1)
const u32Box = new Uint32Array(f32Box.buffer)
/** float -> IEEE half bits, rounding to nearest even (as ggml's converter does). */
export function floatToHalf(x: number): number {
  f32Box[0] = x
  const bits = u32Box[0]
  const sign = (bits >>> 16) & 0x8000
  const exp = (bits >>> 23) & 0xff
  const mant = bits & 0x7fffff
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0)
  const e = exp - 112 // rebias 127 -> 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    if (e < -10) return sign
    return sign | roundShift(mant | 0x800000, 14 - e) // subnormal: the implicit 1 becomes explicit
  }
  // a carry out of the mantissa correctly bumps the exponent (up to infinity)
  return sign | ((e << 10) + roundShift(mant, 13))
}

function roundShift(v: number, shift: number): number {
  const kept = v >>> shift,
    rest = v & ((1 << shift) - 1),
    half = 1 << (shift - 1)
  return rest > half || (rest === half && kept & 1) ? kept + 1 : kept
}

export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1
  const e = (h >>> 10) & 0x1f
  const m = h & 0x3ff
  if (e === 0) return sign * m * 2 ** -24
  if (e === 0x1f) return m ? NaN : sign * Infinity
  return sign * (1 + m / 1024) * 2 ** (e - 15)
}
