// Hand-built GGUF bytes for attack tests: headers whose counts and lengths lie about the file.
// Valid files come from scripts/lib/gguf.ts; these write exactly the bytes asked for.
import { writeFileSync } from 'node:fs'
import path from 'node:path'

export const TYPE = { u8: 0, u32: 4, string: 8, array: 9, u64: 10 } as const

export const u32 = (v: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(v)
  return b
}
export const u64 = (v: number | bigint) => {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE(BigInt(v))
  return b
}
/** A GGUF string: u64 length, then the bytes. */
export const str = (s: string) => Buffer.concat([u64(Buffer.byteLength(s)), Buffer.from(s)])
/** One metadata entry: key, value type, then the value's bytes as given. */
export const kv = (key: string, type: number, value: Buffer) => Buffer.concat([str(key), u32(type), value])
/** One tensor info: name, dimensions, ggml type, offset. */
export const tensor = (name: string, dims: (number | bigint)[], type: number, offset: number | bigint) =>
  Buffer.concat([str(name), u32(dims.length), ...dims.map(u64), u32(type), u64(offset)])

export interface CraftOptions {
  magic?: string
  version?: number
  tensors: number | bigint
  keys: number | bigint
  body?: Buffer[]
  /** zero-pad the file to this many bytes */
  size?: number
}

export function craft(opts: CraftOptions): Buffer {
  const bytes = Buffer.concat([Buffer.from(opts.magic ?? 'GGUF', 'latin1'), u32(opts.version ?? 3), u64(opts.tensors), u64(opts.keys), ...(opts.body ?? [])])
  return opts.size && opts.size > bytes.length ? Buffer.concat([bytes, Buffer.alloc(opts.size - bytes.length)]) : bytes
}

export function writeCrafted(dir: string, name: string, opts: CraftOptions): string {
  const file = path.join(dir, name)
  writeFileSync(file, craft(opts))
  return file
}

/** The finding's file: 1.7 MB whose header claims 2^40 tensors and 2^40 metadata entries. */
export function wedgingGguf(dir: string, name = 'crafted-2e40.gguf'): string {
  return writeCrafted(dir, name, { tensors: 2n ** 40n, keys: 2n ** 40n, size: 1_700_000 })
}
