// The header check that runs before any GGUF parser: real files pass, and each crafted header
// (counts and lengths that lie about the file) is refused with a message naming the file and
// the problem, never the file's content.
import { readFileSync, truncateSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { arr, encodeGguf, GGML_F32, str as gstr, u32 as gu32, type GgufValue } from '../../scripts/lib/gguf'
import { ensureTinyModels, type TinyModels } from '../../scripts/make-tiny-models'
import { ensureTinyQ4Model } from '../../scripts/make-tiny-q4-model'
import { ensureTinyTextModel } from '../../scripts/make-tiny-text-model'
import { checkGgufFiles, checkGgufHeader, GgufHeaderError } from '../../src/main/models/ggufHeader'
import { craft, kv, str, tensor, TYPE, u32, u64, wedgingGguf, writeCrafted } from '../helpers/crafted-gguf'
import { scratch } from '../helpers/temp'

const folder = scratch('gguf-header-')
let tiny: TinyModels
let dir: string
beforeAll(async () => {
  tiny = await ensureTinyModels()
  dir = folder('crafted')
}, 120_000)

/** The message checkGgufHeader refused `file` with. */
async function refusal(file: string): Promise<string> {
  const err = await checkGgufHeader(file).then(
    () => null,
    (e: unknown) => e
  )
  if (!(err instanceof GgufHeaderError)) throw new Error(`expected a GgufHeaderError for ${path.basename(file)}, got ${String(err)}`)
  return err.message
}

const SECRET = 'SECRET-7f3a'
const marked = (name: string, opts: Parameters<typeof craft>[0]) => writeCrafted(dir, name, opts)

describe('real GGUF files pass', () => {
  it('passes the tiny vision model, its projector, its Q4_0 copy and the tiny text model', async () => {
    for (const file of [tiny.model, tiny.mmproj, await ensureTinyQ4Model(), await ensureTinyTextModel()]) {
      await expect(checkGgufHeader(file), path.basename(file)).resolves.toBeUndefined()
    }
  }, 120_000)

  it('passes every value type, string arrays, a custom alignment, and version 2', async () => {
    const metadata = new Map<string, GgufValue>([
      ['general.architecture', gstr('llama')],
      ['general.alignment', gu32(64)],
      ['test.u64', { type: 'u64', value: 2n ** 64n - 1n }],
      ['test.f64', { type: 'f64', value: Math.PI }],
      ['test.i8', { type: 'i8', value: -1 }],
      ['test.bool', { type: 'bool', value: true }],
      ['test.strings', arr('string', ['a', '', 'ĠĠ', '日本'])],
      ['test.empty', arr('u32', [])]
    ])
    const bytes = encodeGguf(metadata, [{ name: 'w', dims: [3, 5], type: GGML_F32, data: new Float32Array(15) }])
    const v3 = path.join(dir, 'all-types.gguf')
    writeFileSync(v3, bytes)
    await expect(checkGgufHeader(v3)).resolves.toBeUndefined()
    const v2 = path.join(dir, 'all-types-v2.gguf')
    writeFileSync(v2, Buffer.from(bytes).fill(2, 4, 5))
    await expect(checkGgufHeader(v2)).resolves.toBeUndefined()
  })
})

describe('crafted headers are refused before anything is parsed', () => {
  it('refuses the finding’s file: 1.7 MB claiming 2^40 tensors', async () => {
    const message = await refusal(wedgingGguf(dir))
    expect(message).toBe('crafted-2e40.gguf is not a readable GGUF file: header claims 1,099,511,627,776 tensors; a 1.7 MB file can hold at most 70,832')
  })

  it('refuses 2^40 metadata entries, and counts over the caps even in a big enough file', async () => {
    expect(await refusal(marked('keys.gguf', { tensors: 0, keys: 2n ** 40n, size: 1_700_000 }))).toMatch(
      /header claims 1,099,511,627,776 metadata entries; a 1\.7 MB file can hold at most 121,426$/
    )
    expect(await refusal(marked('many-tensors.gguf', { tensors: 70_000, keys: 0, size: 1_700_000 }))).toMatch(
      /header claims 70,000 tensors; the studio reads at most 65,536$/
    )
  })

  it('refuses a string whose length runs past the end of the file or over the cap', async () => {
    const past = marked('string-past-eof.gguf', {
      tensors: 0,
      keys: 1,
      body: [str(`general.name.${SECRET}`), u32(TYPE.string), u64(5000), Buffer.from(SECRET)]
    })
    const message = await refusal(past)
    expect(message).toMatch(/the string of metadata entry 1 claims 5,000 bytes; the 11 bytes left in the file can hold at most 11$/)
    expect(message).not.toContain(SECRET)
    const huge = marked('string-2e40.gguf', { tensors: 0, keys: 1, body: [kv('general.name', TYPE.string, u64(2n ** 40n))], size: 100_000 })
    expect(await refusal(huge)).toMatch(/claims 1,099,511,627,776 bytes; the 99,9\d\d bytes left in the file can hold at most 99,9\d\d$/)
  })

  it('refuses an array of 2^40 items, and one whose items cannot fit the rest of the file', async () => {
    const huge = marked('array-2e40.gguf', {
      tensors: 0,
      keys: 1,
      body: [kv('tokenizer.ggml.scores', TYPE.array, Buffer.concat([u32(TYPE.u32), u64(2n ** 40n)]))]
    })
    expect(await refusal(huge)).toMatch(/the array of metadata entry 1 claims 1,099,511,627,776 items; the 0 bytes left in the file can hold at most 0$/)
    const capped = marked('array-capped.gguf', {
      tensors: 0,
      keys: 1,
      body: [kv('x', TYPE.array, Buffer.concat([u32(TYPE.u8), u64(2 ** 24 + 1)]))],
      size: 2 ** 24 + 64
    })
    expect(await refusal(capped)).toMatch(/claims 16,777,217 items; the studio reads at most 16,777,216$/)
    // strings are at least their 8-byte length: 1,000 of them need 8,000 bytes
    const strings = marked('strings.gguf', { tensors: 0, keys: 1, body: [kv('x', TYPE.array, Buffer.concat([u32(TYPE.string), u64(1000)]))], size: 4000 })
    expect(await refusal(strings)).toMatch(/claims 1,000 items; the 3,9\d\d bytes left in the file can hold at most 49\d$/)
  })

  it('refuses a string inside an array that runs past the end of the file', async () => {
    const body = [kv('tokenizer.ggml.tokens', TYPE.array, Buffer.concat([u32(TYPE.string), u64(3), str('a'), str('b'), u64(1e6)]))]
    expect(await refusal(marked('token-past-eof.gguf', { tensors: 0, keys: 1, body }))).toMatch(
      /string 3 of the array of metadata entry 1 claims 1,000,000 bytes/
    )
  })

  it('refuses arrays of arrays, which llama.cpp does not read', async () => {
    const nested = Buffer.concat([u32(TYPE.array), u64(2), u32(TYPE.u32), u64(0), u32(TYPE.u32), u64(0)])
    expect(await refusal(marked('nested.gguf', { tensors: 0, keys: 1, body: [kv('x', TYPE.array, nested)] }))).toMatch(
      /metadata entry 1 is an array of arrays, which llama.cpp does not read$/
    )
  })

  it('refuses a truncated file: inside the header, and with tensor data cut off', async () => {
    const bytes = readFileSync(tiny.model)
    const header = path.join(dir, 'cut-header.gguf')
    writeFileSync(header, bytes.subarray(0, 100_000)) // inside the vocabulary
    expect(await refusal(header)).toMatch(/claims [\d,]+ (items|bytes); the [\d,]+ bytes left in the file can hold at most|the file ends inside/)
    const data = path.join(dir, 'cut-data.gguf')
    writeFileSync(data, bytes)
    truncateSync(data, bytes.length - 1)
    expect(await refusal(data)).toMatch(/its tensors need [\d,]+ bytes but the file has [\d,]+ \(truncated\?\)$/)
  })

  it('refuses what is not GGUF v2/v3 without quoting it', async () => {
    expect(await refusal(marked('magic.gguf', { magic: 'GGML', tensors: 0, keys: 0 }))).toMatch(/it does not start with the GGUF magic$/)
    expect(await refusal(marked('v1.gguf', { version: 1, tensors: 0, keys: 0 }))).toMatch(/version 1 is not GGUF v2 or v3$/)
    expect(await refusal(marked('big-endian.gguf', { version: 0x03000000, tensors: 0, keys: 0 }))).toMatch(/looks byte-swapped \(a big-endian file\?\)$/)
    const short = path.join(dir, 'short.gguf')
    writeFileSync(short, 'GGUF')
    expect(await refusal(short)).toMatch(/it is 4 bytes, shorter than a GGUF header$/)
    const shadow = path.join(dir, 'shadow')
    writeFileSync(shadow, `root:${SECRET}:20228:0:99999:7:::\n`)
    expect(await refusal(shadow)).not.toContain(SECRET)
  })

  it('refuses bad metadata: an empty key, an unknown value type, a bad alignment', async () => {
    expect(await refusal(marked('empty-key.gguf', { tensors: 0, keys: 1, body: [kv('', TYPE.u8, Buffer.of(1))], size: 4096 }))).toMatch(
      /metadata entry 1 has an empty key$/
    )
    expect(await refusal(marked('type.gguf', { tensors: 0, keys: 1, body: [kv('x', 13, u32(0))] }))).toMatch(
      /metadata entry 1 has value type 13; GGUF defines types 0 to 12$/
    )
    expect(await refusal(marked('align.gguf', { tensors: 0, keys: 1, body: [kv('general.alignment', TYPE.u32, u32(24))] }))).toMatch(
      /general\.alignment is not a u32 power of two$/
    )
  })

  it('refuses bad tensors: a long name, too many dimensions, an unknown type, data past the end', async () => {
    const one = (t: Buffer) => ({ tensors: 1, keys: 0, body: [t], size: 4096 })
    expect(await refusal(marked('name.gguf', one(tensor(`blk.0.${'x'.repeat(60)}`, [4], 0, 0))))).toMatch(
      /tensor 1 has a 66-byte name; llama\.cpp allows at most 63$/
    )
    expect(await refusal(marked('dims.gguf', one(tensor('w', [1, 1, 1, 1, 1], 0, 0))))).toMatch(/tensor 1 has 5 dimensions; ggml allows at most 4$/)
    expect(await refusal(marked('ggml-type.gguf', one(tensor('w', [4], 99, 0))))).toMatch(/tensor 1 has ggml type 99, which the studio does not know$/)
    expect(await refusal(marked('dim.gguf', one(tensor('w', [2n ** 60n], 0, 0))))).toMatch(/tensor 1 claims a dimension of 1,152,921,504,606,846,976 elements$/)
    expect(await refusal(marked('offset.gguf', one(tensor('w', [4], 0, 2n ** 40n))))).toMatch(
      /its tensors need 1,099,511,627,8\d\d bytes but the file has 4,096/
    )
  })

  it('checks every part of a split model', async () => {
    const good = encodeGguf(new Map([['general.architecture', gstr('llama')]]), [])
    writeFileSync(path.join(dir, 'split-00001-of-00002.gguf'), good)
    writeFileSync(path.join(dir, 'split-00002-of-00002.gguf'), craft({ tensors: 2n ** 40n, keys: 0, size: 1000 }))
    await expect(checkGgufFiles(path.join(dir, 'split-00001-of-00002.gguf'))).rejects.toThrow(
      /^split-00002-of-00002\.gguf is not a readable GGUF file: header claims/
    )
  })

  it('refuses the finding’s file over and over without the process growing', async () => {
    const file = wedgingGguf(dir, 'again.gguf')
    const before = process.memoryUsage().rss
    for (let i = 0; i < 500; i++) await refusal(file)
    // the unchecked parser grew by gigabytes on this file; each refusal holds one 1 MiB window at most
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 2 ** 20)
  })
})
