// Metadata of the tiny GGUF pair read through the model manager (node-llama-cpp underneath),
// and the catalog built from it: local files, offline repository quants, active model, provenance.
import { copyFileSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { EventBus } from '../../src/main/events'
import { HardwareProbe } from '../../src/main/models/hardware'
import { FitResult } from '../../src/shared/models'
import { describeCpu, parseCpuInfo, readCpuFeatures } from '../../src/main/models/cpuFeatures'
import { readLocalGguf } from '../../src/main/models/ggufFacts'
import { extraBufferTypes, placeWeights } from '../../src/main/models/weightBuffers'
import { HashCache } from '../../src/main/models/hashes'
import { sha256File } from '../../src/main/models/download'
import { ModelsService } from '../../src/main/models/modelsService'
import { PUBLISHED_QUANTS } from '../../src/main/models/quants'
import { ensureTinyModels, type TinyModels } from '../../scripts/make-tiny-models'
import { tempDir } from '../helpers/temp'
import { testRootsIn } from '../helpers/roots'

let tiny: TinyModels
beforeAll(async () => {
  tiny = await ensureTinyModels()
  process.env.HF_ENDPOINT = 'http://127.0.0.1:9' // nothing listens there: the hub is unreachable
}, 120_000)

describe('reading GGUF files', () => {
  it('reads the language model: architecture, quant, parameters, layers, context, exact size', async () => {
    const info = await readLocalGguf(tiny.model)
    if (info.kind !== 'model') throw new Error('expected a model')
    expect(info).toMatchObject({ architecture: 'qwen2vl', quant: 'F16', blocks: 2, contextLength: 32768, sizeBytes: statSync(tiny.model).size })
    // 151,936 × 64 embedding + 2 blocks of (q, k, v, o, gate, up, down, norms, biases) + output norm
    const block = 64 * 64 + 64 + 2 * (64 * 32 + 32) + 64 * 64 + 3 * 64 * 128 + 2 * 64
    expect(info.parameters).toBe(151936 * 64 + 2 * block + 64)
    expect(info.lm).toMatchObject({ blocks: 2, embd: 64, ff: 128, kvHeads: 2, headDim: 16, vocab: 151936 })
    // file order: embedding, output norm, blocks (f16 matrices, f32 norms and biases)
    const embedding = 151936 * 64 * 2
    const blockMatrices = 2 * (64 * 64 + 2 * 64 * 32 + 64 * 64 + 3 * 64 * 128)
    const blockBytes = blockMatrices + 4 * (64 + 2 * 32 + 2 * 64)
    const file = embedding + 64 * 4 + 2 * blockBytes
    expect(file).toBe(19597568)
    // plain layout: the whole file is one mapped buffer
    expect(placeWeights(info.lm.tensors, 2, 0, null)).toEqual({ gpu: 0, cpu: { CPU_Mapped: file }, mappedUnused: 0 })
    // the output layer first: its norm, and a GPU copy of the embedding as the tied output matrix
    expect(placeWeights(info.lm.tensors, 2, 1, null)).toEqual({ gpu: 64 * 4 + embedding, cpu: { CPU_Mapped: file }, mappedUnused: 64 * 4 })
    // all offloaded: everything but the embedding, plus its copy as the output matrix
    expect(placeWeights(info.lm.tensors, 2, 3, null)).toEqual({ gpu: file, cpu: { CPU_Mapped: embedding }, mappedUnused: 0 })
  })

  it('gives the buffers llama-server logged on an AMX CPU for the tiny model (CPU_Mapped 18.64, AMX 18.69 MiB)', async () => {
    const info = await readLocalGguf(tiny.model)
    if (info.kind !== 'model') throw new Error('expected a model')
    const amx = parseCpuInfo('flags\t\t: avx2 avx512f avx512_vnni amx_tile amx_int8', 'x64')
    const placed = placeWeights(info.lm.tensors, 2, 0, amx)
    // AMX takes every f16 matrix and a copy of the embedding as the tied output; the mapped file
    // then ends after blk.1.ffn_norm, the last tensor nothing else takes
    const embedding = 151936 * 64 * 2
    const blockMatrices = 2 * (64 * 64 + 2 * 64 * 32 + 64 * 64 + 3 * 64 * 128)
    expect(placed.cpu.AMX).toBe(embedding + 2 * blockMatrices)
    expect(placed.cpu.CPU_Mapped).toBe(19597568 - 3 * 64 * 128 * 2)
    expect((placed.cpu.AMX / 2 ** 20).toFixed(2)).toBe('18.69')
    expect((placed.cpu.CPU_Mapped / 2 ** 20).toFixed(2)).toBe('18.64')
    // the matrices of blk.0 and the first ones of blk.1 sit inside the mapped span, unused after loading
    expect(placed.mappedUnused).toBe(2 * blockMatrices - 3 * 64 * 128 * 2)
  })

  it('reads the projector as a vision tower', async () => {
    const info = await readLocalGguf(tiny.mmproj)
    expect(info).toMatchObject({ kind: 'mmproj', architecture: 'clip', quant: 'F16', vision: { width: 64, ff: 128, patch: 14, merge: 2 } })
  })

  it('rejects a file that is not GGUF with a readable message', async () => {
    await expect(readLocalGguf(path.join(import.meta.dirname, 'gguf.test.ts'))).rejects.toThrow(/is not a readable GGUF file/)
  })
})

describe('the catalog, offline', () => {
  const service = (dataDir = tempDir('skycap-models-')) =>
    new ModelsService({ dataDir, bus: new EventBus(), hardware: new HardwareProbe(), roots: testRootsIn(dataDir) })

  it('lists every published quant with estimated sizes and says it is offline', async () => {
    const catalog = await service().catalog()
    expect(catalog.offline).toMatch(/working offline with local files/)
    expect(catalog.entries.map((e) => e.quant)).toEqual(PUBLISHED_QUANTS.map((q) => q.quant))
    const q4 = catalog.entries.find((e) => e.quant === 'Q4_K_M')!
    expect(q4.model).toMatchObject({ file: 'SkyCaptioner-V1-q4_k_m.gguf', sizeIsEstimate: true, path: null })
    expect(q4.model.sizeBytes).toBe(Math.round((4.89 * 7.62e9) / 8))
    expect(q4.mmproj).toMatchObject({ sizeBytes: 1.35e9, sizeIsEstimate: true })
  })

  it('adds a local pair, makes it active with the fit’s GPU layers, and records its checksums', async () => {
    const models = service()
    const entry = await models.addLocal(tiny.model, tiny.mmproj)
    expect(entry).toMatchObject({ origin: 'local', quant: 'F16', layers: 2, parameters: 9798208, architecture: 'qwen2vl' })
    expect((await models.catalog()).entries.at(-1)!.id).toBe(tiny.model)
    const active = await models.setActive({ entryId: entry.id })
    expect(active).toMatchObject({ model: tiny.model, mmproj: tiny.mmproj, quant: 'F16', contextPerSlot: 4096, parallel: 1 })
    expect(models.active()).toEqual(active)

    const sha = await models.hashes.ensure(tiny.model)
    await models.hashes.ensure(tiny.mmproj)
    expect(sha).toBe(await sha256File(tiny.model))
    const details = models.provenance({ model: tiny.model, mmproj: tiny.mmproj, contextPerSlot: 4096, parallel: 1, gpuLayers: 0, timeoutMs: 1000 })
    expect(details).toEqual({
      modelFile: 'tiny-qwen2.5-vl.gguf',
      quant: 'F16',
      modelSha256: sha,
      mmprojFile: 'tiny-qwen2.5-vl-mmproj.gguf',
      mmprojSha256: await sha256File(tiny.mmproj)
    })

    await models.remove(entry.id, false)
    expect(models.active()).toBeNull()
    expect(statSync(tiny.model).isFile()).toBe(true) // a user's own file is never deleted
  }, 60_000)

  it('says for a what-if machine which CPU its weight buffers are counted for', async () => {
    const models = service()
    const cpuOnly = await models.fit({ vramGb: 0, ramGb: 16 })
    expect(FitResult.parse(cpuOnly)).toEqual(cpuOnly)
    expect(cpuOnly.machine).toMatchObject({ gpu: 'none', whatIf: true })
    expect(cpuOnly.machine.cpuWeights).toContain(`CPU weights counted as on this machine's CPU (${describeCpu(readCpuFeatures())}`)
    const q4 = cpuOnly.rows.find((r) => r.entryId.endsWith('q4_0.gguf'))!.estimate
    // a Q4_0 quant gets a copy in whichever extra buffer takes Q4_0 on this CPU, beside the mapped file
    const takesQ4 = Object.entries(extraBufferTypes(readCpuFeatures())).find(([, types]) => types.includes('Q4_0'))?.[0]
    expect(Object.keys(q4.weightBuffers).sort()).toEqual(['CPU_Mapped', ...(takesQ4 ? [takesQ4] : [])].sort())
    expect(q4.weightsCpu).toBe(Object.values(q4.weightBuffers).reduce((a, b) => a + b, 0))
    const withGpu = await models.fit({ vramGb: 24, ramGb: 16 })
    expect(withGpu.machine.cpuWeights).toMatch(/^CPU-side weights counted as the mapped file only/)
    expect(withGpu.rows.every((r) => Object.keys(r.estimate.weightBuffers).every((name) => name === 'CPU_Mapped'))).toBe(true)
  })

  it('refuses an mmproj as a model and a model as an mmproj', async () => {
    const models = service()
    await expect(models.addLocal(tiny.mmproj)).rejects.toThrow(/vision projector/)
    await expect(models.addLocal(tiny.model, tiny.model)).rejects.toThrow(/not a vision projector/)
  })
})

describe('the sha256 cache', () => {
  it('hashes once per file version and again when the file changes', async () => {
    const dir = tempDir('skycap-hash-')
    const file = path.join(dir, 'copy.gguf')
    copyFileSync(tiny.mmproj, file)
    const cache = new HashCache(dir)
    expect(cache.cached(file)).toBeNull()
    const first = await cache.ensure(file)
    expect(cache.cached(file)).toBe(first)
    // same size, new content and mtime: the cached hash no longer applies
    const bytes = readFileSync(file)
    bytes[bytes.length - 1] ^= 0xff
    writeFileSync(file, bytes)
    utimesSync(file, new Date(), new Date(Date.now() + 5000))
    expect(cache.cached(file)).toBeNull()
    expect(await cache.ensure(file)).not.toBe(first)
  })
})
