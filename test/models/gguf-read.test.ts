// The budgeted GGUF reader: node-llama-cpp's parser in a child with a heap cap and a deadline.
// A header that passes the size checks but costs too much is stopped, and says so.
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyModels, type TinyModels } from '../../scripts/make-tiny-models'
import { readLocalGguf } from '../../src/main/models/ggufFacts'
import { checkGgufHeader, GgufHeaderError } from '../../src/main/models/ggufHeader'
import { readGgufSummary, READ_BUDGET } from '../../src/main/models/ggufRead'
import { ProcessManager } from '../../src/main/processes'
import { kv, str, TYPE, u32, u64, writeCrafted } from '../helpers/crafted-gguf'
import { scratch } from '../helpers/temp'

const folder = scratch('gguf-read-')
let tiny: TinyModels
let dir: string
beforeAll(async () => {
  tiny = await ensureTinyModels()
  dir = folder('files')
}, 120_000)

const architecture = kv('general.architecture', TYPE.string, str('llama'))

describe('the GGUF reader child', () => {
  it('reads the tiny model in the child with the default budget, and leaves no child behind', async () => {
    const processes = new ProcessManager()
    const summary = await readGgufSummary(tiny.model, READ_BUDGET, processes)
    expect(summary).toMatchObject({ architecture: 'qwen2vl', fileType: 1, tokens: 151936, arch: { block_count: 2, context_length: 32768 } })
    expect(summary.tensors.length).toBe(2 * 12 + 2)
    expect(processes.running).toBe(0)
  }, 60_000)

  it('kills a read that passes its deadline and says so', async () => {
    const processes = new ProcessManager()
    const read = readGgufSummary(tiny.model, { deadlineMs: 1, heapMb: 512 }, processes)
    expect(processes.running).toBe(1)
    await expect(read).rejects.toThrow('tiny-qwen2.5-vl.gguf is not a readable GGUF file: reading its header took longer than 0.001 s')
    expect(processes.running).toBe(0)
  }, 60_000)

  it('stops a read that needs more memory than its budget: in-bounds arrays the parser expands 8×', async () => {
    // 12 MB of u8 arrays: fine for the size checks, ~100 MB as the parser's JS arrays
    const items = 4 * 2 ** 20
    const body = [architecture, ...[0, 1, 2].map((i) => kv(`big.${i}`, TYPE.array, Buffer.concat([u32(TYPE.u8), u64(items), Buffer.alloc(items)])))]
    const file = writeCrafted(dir, 'big-arrays.gguf', { tensors: 0, keys: 4, body })
    await expect(checkGgufHeader(file)).resolves.toBeUndefined()
    const processes = new ProcessManager()
    const err = await readLocalGguf(file, { deadlineMs: 60_000, heapMb: 32 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GgufHeaderError)
    expect((err as Error).message).toBe('big-arrays.gguf is not a readable GGUF file: reading its header needs more than 32 MB of memory')
    await expect(readGgufSummary(file, { deadlineMs: 60_000, heapMb: 32 }, processes)).rejects.toThrow(/needs more than 32 MB/)
    expect(processes.running).toBe(0)
  }, 60_000)

  it('reports a parser error by its kind only, as its messages can quote the file', async () => {
    // node-llama-cpp's own error quotes the first four bytes; the header check refuses this file first anyway
    const file = writeCrafted(dir, 'magic.gguf', { magic: 'SECR', tensors: 0, keys: 0 })
    await expect(readGgufSummary(file)).rejects.toThrow(
      /^magic\.gguf is not a readable GGUF file: node-llama-cpp could not parse its header \(InvalidGgufMagicError\)$/
    )
  }, 60_000)

  it('refuses a crafted file before starting any child', async () => {
    const file = writeCrafted(dir, 'lying.gguf', { tensors: 2n ** 40n, keys: 0, size: 4096 })
    await expect(readLocalGguf(file)).rejects.toThrow(/^lying\.gguf is not a readable GGUF file: header claims 1,099,511,627,776 tensors/)
    expect(path.basename(file)).toBe('lying.gguf')
  })
})
