import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { readGgufFileInfo } from 'node-llama-cpp'
import { afterAll, describe, expect, it } from 'vitest'
import {
  GGML_F16,
  GGML_F32,
  arr,
  bool,
  encodeGguf,
  f32,
  floatToHalf,
  halfToFloat,
  parseGgufHeader,
  readGguf,
  readTensor,
  str,
  u32,
  type GgufTensorInput,
  type GgufValue
} from '../../scripts/lib/gguf'
import { tempDir } from '../helpers/temp'

const dir = tempDir('gguf-test-')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// one value of every GGUF type, plus arrays of strings and an array of arrays
const metadata = new Map<string, GgufValue>([
  ['general.architecture', str('llama')],
  ['test.u8', { type: 'u8', value: 255 }],
  ['test.i8', { type: 'i8', value: -128 }],
  ['test.u16', { type: 'u16', value: 65535 }],
  ['test.i16', { type: 'i16', value: -32768 }],
  ['test.u32', u32(4294967295)],
  ['test.i32', { type: 'i32', value: -2147483648 }],
  ['test.f32', f32(1.5)],
  ['test.bool', bool(true)],
  ['test.string', str('héllo ✓ <|vision_start|>')],
  ['test.u64', { type: 'u64', value: 2n ** 64n - 1n }],
  ['test.i64', { type: 'i64', value: -(2n ** 63n) }],
  ['test.f64', { type: 'f64', value: Math.PI }],
  ['test.strings', arr('string', ['a', '', 'ĠĠ', '日本'])],
  ['test.empty', arr('u32', [])],
  ['test.nested', { type: 'array', itemType: 'array', value: [arr('i32', [1, 2]), arr('i32', [])] }]
])

const weights = Float32Array.from({ length: 3 * 5 }, (_, i) => i / 7 - 1)
const halfs = Uint16Array.from([0, 1, -2, 0.5, 65504, -0.000061035156, 3.14159], floatToHalf)
const tensors: GgufTensorInput[] = [
  { name: 'w', dims: [3, 5], type: GGML_F32, data: weights },
  { name: 'h', dims: [7], type: GGML_F16, data: halfs },
  { name: 'one', dims: [1], type: GGML_F32, data: Float32Array.of(42) }
]

describe('GGUF writer and reader', () => {
  const bytes = encodeGguf(metadata, tensors)
  const file = path.join(dir, 'synthetic.gguf')
  writeFileSync(file, bytes)

  it('reads back every metadata value with its type', () => {
    const parsed = parseGgufHeader(bytes)
    expect(parsed.version).toBe(3)
    expect([...parsed.metadata.keys()]).toEqual([...metadata.keys()])
    for (const [key, value] of metadata) {
      if (value.type === 'f32') expect(parsed.metadata.get(key)).toEqual({ type: 'f32', value: Math.fround(value.value as number) })
      else expect(parsed.metadata.get(key), key).toEqual(value)
    }
  })

  it('aligns tensor data to 32 bytes and reads it back', async () => {
    const parsed = await readGguf(file)
    expect(parsed.alignment).toBe(32)
    expect(parsed.dataOffset % 32).toBe(0)
    expect(parsed.tensors.map((t) => [t.name, t.dims, t.type])).toEqual(tensors.map((t) => [t.name, t.dims, t.type]))
    for (const t of parsed.tensors) expect(t.offset % 32).toBe(0)
    expect(await readTensor(file, parsed, 'w')).toEqual(weights)
    expect([...(await readTensor(file, parsed, 'h'))]).toEqual([...halfs].map(halfToFloat))
    expect(bytes.length).toBe(parsed.dataOffset + parsed.tensors[2].offset + 32)
  })

  it('re-encodes what it read to identical bytes', async () => {
    const parsed = await readGguf(file)
    const again = encodeGguf(parsed.metadata, tensors)
    expect(again.equals(bytes)).toBe(true)
  })

  it('honours general.alignment', () => {
    const meta = new Map(metadata).set('general.alignment', u32(64))
    const parsed = parseGgufHeader(encodeGguf(meta, tensors))
    expect(parsed.alignment).toBe(64)
    expect(parsed.dataOffset % 64).toBe(0)
    expect(parsed.tensors.every((t) => t.offset % 64 === 0)).toBe(true)
  })

  it('is readable by node-llama-cpp (an independent GGUF parser)', async () => {
    // node-llama-cpp does not parse arrays of arrays, so leave that key out here
    const meta = new Map(metadata)
    meta.delete('test.nested')
    const other = path.join(dir, 'for-node-llama-cpp.gguf')
    writeFileSync(other, encodeGguf(meta, tensors))
    const info = await readGgufFileInfo(other, { logWarnings: false })
    const test = (info.metadata as unknown as { test: Record<string, unknown> }).test
    expect(test.string).toBe('héllo ✓ <|vision_start|>')
    expect(test.strings).toEqual(['a', '', 'ĠĠ', '日本'])
    expect(test.i16).toBe(-32768)
    expect(test.u64).toBe(2n ** 64n - 1n)
    expect(info.tensorInfo?.map((t) => [t.name, t.dimensions.map(Number), t.ggmlType, Number(t.offset)])).toEqual([
      ['w', [3, 5], GGML_F32, 0],
      ['h', [7], GGML_F16, 64],
      ['one', [1], GGML_F32, 96]
    ])
  })

  it('rejects what is not GGUF v3', () => {
    expect(() => parseGgufHeader(Buffer.from('GGML0000'))).toThrow(/bad magic/)
    const v2 = Buffer.from(bytes)
    v2.writeUInt32LE(2, 4)
    expect(() => parseGgufHeader(v2)).toThrow(/version 2/)
  })
})

describe('f16 conversion', () => {
  it('matches known IEEE half bit patterns', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.5, 0x3800],
      [65504, 0x7bff],
      [65520, 0x7c00], // rounds up to infinity
      [1e6, 0x7c00],
      [Infinity, 0x7c00],
      [-Infinity, 0xfc00],
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [2 ** -26, 0x0000], // underflows to zero
      [1 + 2 ** -11, 0x3c00], // a tie rounds to even (down)
      [1 + 3 * 2 ** -11, 0x3c02], // a tie rounds to even (up)
      [0.1, 0x2e66]
    ]
    for (const [x, bits] of cases) expect(floatToHalf(x), String(x)).toBe(bits)
    expect(floatToHalf(NaN) & 0x7c00).toBe(0x7c00)
    expect(floatToHalf(NaN) & 0x3ff).not.toBe(0)
  })

  it('round-trips every finite half value', () => {
    const wrong: number[] = []
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) !== 0x7c00 && floatToHalf(halfToFloat(h)) !== h) wrong.push(h)
    }
    expect(wrong).toEqual([])
  })
})
