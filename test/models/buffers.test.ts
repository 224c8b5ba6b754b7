// The CPU-feature → weight-buffer rules, worked by hand from ggml-cpu's amx.cpp and repack.cpp
// for four kinds of CPU, and the CPU features read from /proc/cpuinfo text.
import { describe, expect, it } from 'vitest'
import { assumedCpuFeatures, describeCpu, parseCpuInfo, readCpuFeatures, type CpuFeatures } from '../../src/main/models/cpuFeatures'
import { estimateMemory } from '../../src/main/models/estimate'
import { describeCpuWeights, extraBuffersCpu, jobContext } from '../../src/main/models/fit'
import { QWEN25VL_7B, QWEN25VL_7B_VISION, estimatedFileBytes, nominalTypes, publishedLmFacts } from '../../src/main/models/quants'
import { extraBufferFor, extraBufferTypes, placeWeights, type TensorFacts } from '../../src/main/models/weightBuffers'

// /proc/cpuinfo lines as those CPUs print them (shortened to the flags that matter and a few others)
const SAPPHIRE_RAPIDS = parseCpuInfo(
  'processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw avx512_vnni avx512_bf16 amx_bf16 amx_tile amx_int8\n',
  'x64'
)
const ZEN4 = parseCpuInfo('flags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw avx512vl avx512_vnni avx512vbmi\n', 'x64')
const HASWELL = parseCpuInfo('flags\t\t: fpu sse2 avx avx2 fma bmi2\n', 'x64')
const GRAVITON3 = parseCpuInfo('processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics asimddp sve i8mm bf16\n', 'arm64')
const CORTEX_A72 = parseCpuInfo('Features\t: fp asimd evtstrm crc32 cpuid\n', 'arm64')

describe('CPU features', () => {
  it('reads x86 flags and Arm features from /proc/cpuinfo text', () => {
    expect(SAPPHIRE_RAPIDS).toEqual({ arch: 'x86-64', avx2: true, avx512: true, amx: true, dotprod: false, i8mm: false, source: '/proc/cpuinfo' })
    expect(ZEN4).toMatchObject({ avx2: true, avx512: true, amx: false })
    expect(HASWELL).toMatchObject({ avx2: true, avx512: false, amx: false })
    expect(GRAVITON3).toMatchObject({ arch: 'arm64', avx2: false, dotprod: true, i8mm: true })
    expect(CORTEX_A72).toMatchObject({ dotprod: false, i8mm: false })
    // AMX tiles without AVX512-VNNI: llama.cpp does not build its AMX buffer
    expect(parseCpuInfo('flags\t\t: avx2 avx512f amx_int8 amx_tile', 'x64').amx).toBe(false)
    expect(describeCpu(ZEN4)).toBe('x86-64: AVX2, AVX-512, no AMX')
    expect(describeCpu(GRAVITON3)).toBe('arm64: dotprod, i8mm')
  })

  it('states what it assumes where there is no /proc/cpuinfo', () => {
    expect(assumedCpuFeatures('x64', 'win32')).toEqual({
      arch: 'x86-64',
      avx2: true,
      avx512: false,
      amx: false,
      dotprod: false,
      i8mm: false,
      source: 'assumed for win32 (no /proc/cpuinfo)'
    })
    expect(assumedCpuFeatures('arm64', 'darwin')).toMatchObject({ arch: 'arm64', dotprod: true, i8mm: false })
    expect(assumedCpuFeatures('riscv64', 'linux')).toMatchObject({ arch: 'other', avx2: false, dotprod: false })
  })

  it('reads this machine', () => {
    const here = readCpuFeatures()
    console.log(`[models-buffers] this CPU: ${describeCpu(here)} (${here.source})`)
    expect(here.source).toBe(process.platform === 'linux' ? '/proc/cpuinfo' : `assumed for ${process.platform} (no /proc/cpuinfo)`)
  })
})

// a 4096 × 4096 matrix: every alignment rule holds, so only the type and the CPU decide
const SQUARE = [4096, 4096]
const blocks = (block: number, ne = SQUARE) => (ne[0] / block) * ne[1]
const bytesOf: Record<string, number> = {
  F16: 4096 * 4096 * 2,
  BF16: 4096 * 4096 * 2,
  F32: 4096 * 4096 * 4,
  Q4_0: blocks(32) * 18,
  Q8_0: blocks(32) * 34,
  Q4_K: blocks(256) * 144,
  Q6_K: blocks(256) * 210,
  Q2_K: blocks(256) * 84,
  IQ4_NL: blocks(32) * 18
}
const R = 'CPU_REPACK'

describe('which extra buffer a 4096×4096 matrix goes to', () => {
  // [type, Sapphire Rapids (AMX), Zen 4 (AVX-512), Haswell (AVX2), Graviton 3 (Arm i8mm), Cortex-A72 (plain Arm)]
  it.each([
    ['F16', 'AMX', null, null, null, null],
    ['BF16', null, null, null, null, null],
    ['F32', null, null, null, null, null],
    ['Q4_0', 'AMX', R, R, R, null],
    ['Q8_0', 'AMX', null, null, R, null],
    ['Q4_K', 'AMX', R, R, R, null],
    ['Q6_K', 'AMX', null, null, R, null],
    // AMX has no Q2_K kernels: AVX-512's repack takes it
    ['Q2_K', R, R, null, null, null],
    ['IQ4_NL', R, R, R, R, null]
  ])('%s: AMX CPU %s, AVX-512 %s, AVX2 %s, Arm i8mm %s, plain Arm %s', (type, ...expected) => {
    const cpus = [SAPPHIRE_RAPIDS, ZEN4, HASWELL, GRAVITON3, CORTEX_A72]
    const got = cpus.map((cpu) => extraBufferFor({ type, ne: SQUARE, bytes: bytesOf[type] }, cpu)?.buffer ?? null)
    expect(got).toEqual(expected)
  })

  it('sizes AMX copies in its VNNI layout: Q8_0 and Q4_K grow by 4 bytes a block, F16, Q4_0 and Q6_K do not', () => {
    const amx = (type: string) => extraBufferFor({ type, ne: SQUARE, bytes: bytesOf[type] }, SAPPHIRE_RAPIDS)!.bytes
    expect(amx('Q8_0')).toBe(blocks(32) * 38)
    expect(amx('Q4_K')).toBe(blocks(256) * 148)
    expect(amx('F16')).toBe(bytesOf.F16)
    expect(amx('Q4_0')).toBe(bytesOf.Q4_0)
    expect(amx('Q6_K')).toBe(bytesOf.Q6_K)
    // CPU_REPACK interleaves rows without changing the size
    expect(extraBufferFor({ type: 'Q4_K', ne: SQUARE, bytes: bytesOf.Q4_K }, HASWELL)).toEqual({ buffer: R, bytes: bytesOf.Q4_K })
  })

  it('checks the shape: AMX wants 32 rows and aligned row lengths, CPU_REPACK 8 rows on x86 (4 on Arm) and 2-D only', () => {
    const to = (type: string, ne: number[], cpu: CpuFeatures) => extraBufferFor({ type, ne, bytes: 1 }, cpu)?.buffer ?? null
    // 48 rows: not AMX, but a multiple of 8 for the repack
    expect(to('Q4_K', [256, 48], SAPPHIRE_RAPIDS)).toBe(R)
    // 20 rows: neither AMX nor x86 repack; Arm's Q4_0 repack takes multiples of 4
    expect(to('Q4_0', [64, 20], SAPPHIRE_RAPIDS)).toBeNull()
    expect(to('Q4_0', [64, 20], HASWELL)).toBeNull()
    expect(to('Q4_0', [64, 20], GRAVITON3)).toBe(R)
    // an f16 row of 40 is not a multiple of AMX's 16
    expect(to('F16', [40, 64], SAPPHIRE_RAPIDS)).toBeNull()
    // a vector or a 3-D tensor is never repacked
    expect(to('Q4_0', [4096, 1], HASWELL)).toBeNull()
    expect(to('Q4_0', [64, 64, 2], HASWELL)).toBeNull()
  })

  it('lists per CPU which types each buffer takes', () => {
    expect(extraBufferTypes(SAPPHIRE_RAPIDS)).toEqual({
      AMX: ['F16', 'Q4_0', 'Q4_1', 'Q8_0', 'Q4_K', 'Q5_K', 'Q6_K', 'IQ4_XS'],
      CPU_REPACK: ['Q2_K', 'IQ4_NL', 'MXFP4']
    })
    expect(extraBufferTypes(ZEN4)).toEqual({ AMX: [], CPU_REPACK: ['Q4_0', 'Q2_K', 'Q4_K', 'IQ4_NL', 'MXFP4'] })
    expect(extraBufferTypes(HASWELL)).toEqual({ AMX: [], CPU_REPACK: ['Q4_0', 'Q4_K', 'IQ4_NL', 'MXFP4'] })
    expect(extraBufferTypes(GRAVITON3).CPU_REPACK).toEqual(['Q4_0', 'Q8_0', 'Q4_K', 'Q5_K', 'Q6_K', 'IQ4_NL', 'MXFP4', 'Q1_0'])
    expect(extraBufferTypes(CORTEX_A72)).toEqual({ AMX: [], CPU_REPACK: [] })
  })
})

/** A one-block Q4_0 model laid out as a file: embedding, output norm, then the block. */
function tinyLayout(withOutput: boolean): TensorFacts[] {
  const list: [string, string, number[], number][] = [
    ['token_embd.weight', 'Q4_0', [64, 256], 9216],
    ['output_norm.weight', 'F32', [64], 256],
    ['blk.0.attn_norm.weight', 'F32', [64], 256],
    ['blk.0.attn_q.weight', 'Q4_0', [64, 64], 2304],
    ['blk.0.ffn_norm.weight', 'F32', [64], 256],
    ['blk.0.ffn_down.weight', 'Q4_0', [64, 64], 2304]
  ]
  if (withOutput) list.push(['output.weight', 'Q4_0', [64, 256], 9216])
  let offset = 0
  return list.map(([name, type, ne, bytes]) => ({ name, type, ne, bytes, offset: (offset += bytes) - bytes }))
}

describe('placing a model’s weights', () => {
  it('repacks the block matrices and the tied output, and maps the file up to its last plain tensor (AVX2, CPU only)', () => {
    // mapped: embedding … ffn_norm = 12,288 bytes, with attn_q (2,304) inside it unused after loading
    expect(placeWeights(tinyLayout(false), 1, 0, HASWELL)).toEqual({ gpu: 0, cpu: { CPU_Mapped: 12288, CPU_REPACK: 2304 * 2 + 9216 }, mappedUnused: 2304 })
    // a real output matrix is repacked itself; the embedding is only looked up, so it stays mapped
    expect(placeWeights(tinyLayout(true), 1, 0, HASWELL)).toEqual({ gpu: 0, cpu: { CPU_Mapped: 12288, CPU_REPACK: 2304 * 2 + 9216 }, mappedUnused: 2304 })
    // --no-repack or a plain CPU: the whole file, nothing more
    expect(placeWeights(tinyLayout(false), 1, 0, null)).toEqual({ gpu: 0, cpu: { CPU_Mapped: 14592 }, mappedUnused: 0 })
    expect(placeWeights(tinyLayout(false), 1, 0, CORTEX_A72)).toEqual({ gpu: 0, cpu: { CPU_Mapped: 14592 }, mappedUnused: 0 })
  })

  it('puts nothing of an offloaded layer in a CPU buffer', () => {
    // 1 layer: the output (its norm + the tied matrix's GPU copy); the block stays on the CPU
    expect(placeWeights(tinyLayout(false), 1, 1, HASWELL)).toEqual({
      gpu: 256 + 9216,
      cpu: { CPU_Mapped: 12288, CPU_REPACK: 2304 * 2 },
      mappedUnused: 256 + 2304
    })
    // everything: only the embedding is left, mapped; the GPU holds the rest and the tied copy
    expect(placeWeights(tinyLayout(false), 1, 2, HASWELL)).toEqual({ gpu: 256 + (256 + 2304 + 256 + 2304) + 9216, cpu: { CPU_Mapped: 9216 }, mappedUnused: 0 })
  })
})

describe('the published quants on each CPU', () => {
  const job = { contextPerSlot: jobContext(), slots: 1 }
  const file = estimatedFileBytes(4.55)
  const lm = publishedLmFacts(file, 'Q4_0')
  const matrix = QWEN25VL_7B.vocab * QWEN25VL_7B.embd * (file / QWEN25VL_7B.parameters)
  const blockMatrices = (file - 2 * matrix) * (1 - (2 * 3584 + 3584 + 2 * 512) / (233_054_208 + 2 * 3584 + 3584 + 2 * 512))

  it('reads the types from the quant name: blocks, embedding, output', () => {
    expect(nominalTypes('Q4_K_M')).toEqual({ blocks: 'Q4_K', embedding: 'Q4_K', output: 'Q6_K' })
    expect(nominalTypes('Q8_0')).toEqual({ blocks: 'Q8_0', embedding: 'Q8_0', output: 'Q8_0' })
    expect(nominalTypes('BF16_Q8_0')).toEqual({ blocks: 'Q8_0', embedding: 'BF16', output: 'BF16' })
    expect(nominalTypes('F16_Q4_K')).toEqual({ blocks: 'Q4_K', embedding: 'F16', output: 'F16' })
    expect(nominalTypes('IQ2_XXS')).toEqual({ blocks: 'IQ2_XXS', embedding: 'IQ2_XXS', output: 'Q5_K' })
  })

  it('adds a repacked copy of Q4_0’s block matrices on AVX2 (its Q6_K output stays mapped); none on a plain CPU', () => {
    const avx2 = estimateMemory(lm, QWEN25VL_7B_VISION, job, 0, HASWELL)
    const plain = estimateMemory(lm, QWEN25VL_7B_VISION, job, 0, null)
    expect(avx2.weightBuffers.CPU_Mapped).toBeCloseTo(file, -1)
    // (each copy padded to 32 bytes)
    expect(avx2.weightBuffers.CPU_REPACK / blockMatrices).toBeCloseTo(1, 5)
    expect(plain.weightBuffers).toEqual({ CPU_Mapped: avx2.weightBuffers.CPU_Mapped })
    // the file pages of the repacked matrices are not read again: RAM needs about the same
    expect(avx2.mappedUnused).toBeCloseTo(avx2.weightBuffers.CPU_REPACK, -4)
    expect(avx2.ram - plain.ram).toBeLessThan(1e6)
  })

  it('says which CPU a fit counts for, and counts none with a GPU backend', () => {
    const machine = { gpu: 'none' as const, vram: 0, ram: 32e9, cpu: ZEN4 }
    expect(extraBuffersCpu(machine)).toBe(ZEN4)
    expect(describeCpuWeights(machine)).toBe(
      "CPU weights counted as on this machine's CPU (x86-64: AVX2, AVX-512, no AMX; /proc/cpuinfo): Q4_0, Q2_K, Q4_K, IQ4_NL and MXFP4 matrices get a CPU_REPACK copy, beside the mapped file."
    )
    expect(describeCpuWeights({ ...machine, cpu: CORTEX_A72 })).toMatch(/no extra weight buffers, the weights stay in the mapped file/)
    const withGpu = { ...machine, gpu: 'cuda' as const, vram: 24e9 }
    expect(extraBuffersCpu(withGpu)).toBeNull()
    expect(describeCpuWeights(withGpu)).toMatch(/^CPU-side weights counted as the mapped file only/)
  })
})
