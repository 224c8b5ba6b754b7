// Fit verdicts for hypothetical machines, with the arithmetic redone by hand in the test.
import { getLlama } from 'node-llama-cpp'
import { describe, expect, it } from 'vitest'
import { parseCpuInfo } from '../../src/main/models/cpuFeatures'
import { estimateMemory, kvBytesPerToken, padContext, videoTokens } from '../../src/main/models/estimate'
import { fitQuant, jobContext, jobTokens, predictQuant, PROMPT_TOKENS, recommend, usable, type Machine } from '../../src/main/models/fit'
import { DEFAULT_GPU_SPEED, defaultCpuSpeed } from '../../src/main/models/speed'
import {
  PUBLISHED_QUANTS,
  QWEN25VL_7B,
  QWEN25VL_7B_VISION,
  estimatedFileBytes,
  precisionRank,
  publishedLmFacts,
  quantOfFileName
} from '../../src/main/models/quants'
import { structPrompt } from '../../src/main/inference/captionRequest'
import { ensureTinyModels } from '../../scripts/make-tiny-models'

const GiB = 2 ** 30
const GB = 1e9
const vision = QWEN25VL_7B_VISION
const job = { contextPerSlot: jobContext(), slots: 1 }
// the common x86-64 CPU; which CPU a GPU machine has does not change its weights (docs/models.md)
const AVX2 = parseCpuInfo('flags\t\t: fpu sse2 avx avx2 fma', 'x64')

function rows(machine: Machine, slots = 1) {
  return PUBLISHED_QUANTS.map((q) => {
    const lm = publishedLmFacts(estimatedFileBytes(q.bpw), q.quant)
    const outcome = fitQuant(lm, vision, { ...job, slots }, machine)
    const speeds = { cpu: defaultCpuSpeed(machine.cpu, 8), gpu: machine.gpu === 'none' ? null : DEFAULT_GPU_SPEED }
    return {
      id: q.quant,
      quant: q.quant,
      rank: precisionRank(q.quant, q.bpw),
      outcome,
      speed: predictQuant(lm, vision, QWEN25VL_7B.parameters, outcome.verdict, speeds)
    }
  })
}
const gpu = (vramGb: number, ramGb = 32): Machine => ({ gpu: 'cuda', vram: vramGb * GB, ram: ramGb * GB, cpu: AVX2 })

describe('the job the estimate is for', () => {
  it('needs 1,560 video + 36 template + 331 prompt + 2,048 output tokens per slot: a 4,096 context', () => {
    expect(videoTokens()).toBe(8 * 13 * 15)
    expect(jobTokens()).toBe(1560 + 36 + 331 + 2048)
    expect(jobContext()).toBe(4096)
  })

  it('counts the prompt with the real Qwen2 tokenizer', async () => {
    const llama = await getLlama({ gpu: false, build: 'never' })
    const model = await llama.loadModel({ modelPath: (await ensureTinyModels()).model, vocabOnly: true })
    expect(model.tokenize(structPrompt()).length).toBe(PROMPT_TOKENS)
    await model.dispose()
  }, 60_000)

  it('prices Qwen2.5-VL-7B KV at 56 KiB per token', () => {
    expect(kvBytesPerToken(QWEN25VL_7B)).toBe(56 * 1024)
    expect(padContext(3975)).toBe(4096)
  })
})

describe('memory of one published quant', () => {
  it('adds weights, KV, compute, mmproj and the vision buffer on a full offload (Q4_K_M, 4k context)', () => {
    const file = estimatedFileBytes(4.89)
    expect(file / GB).toBeCloseTo(4.66, 2) // the card's ~4.7 GB
    const e = estimateMemory(publishedLmFacts(file, 'Q4_K_M'), vision, job, 29, null)
    const embedding = QWEN25VL_7B.vocab * QWEN25VL_7B.embd * (file / QWEN25VL_7B.parameters)
    expect(e.weightsGpu).toBeCloseTo(file - embedding, -3) // the token embedding stays on the CPU
    expect(e.kvCache).toBe(4096 * 56 * 1024)
    expect(e.compute).toBe(4096 * 512 * 2 + 512 * 4 * (2 * 18944 + 4 * 3584))
    const warmupPatches = 92 * 92
    expect(e.visionCompute).toBe(6 * warmupPatches ** 2 + 4 * warmupPatches * (2 * 1280 + 2 * 3420) + 1288 * 1288 * 3 * 4)
    expect(e.vram).toBeCloseTo(e.weightsGpu + e.kvCache + e.compute + 1.35e9 + e.visionCompute, -3)
    // product.md: a Q4_K_M run with mmproj and an 8k context needs roughly 7–8 GB
    const at8k = estimateMemory(publishedLmFacts(file, 'Q4_K_M'), vision, { contextPerSlot: 8192, slots: 1 }, 29, null)
    expect(at8k.vram / GB).toBeGreaterThan(6.5)
    expect(at8k.vram / GB).toBeLessThan(8)
  })

  it('puts every part in RAM on the CPU, counting only the vision memory a frame pair touches', () => {
    const e = estimateMemory(publishedLmFacts(estimatedFileBytes(6.56), 'Q6_K'), vision, job, 0, null)
    expect(e.vram).toBe(0)
    expect(e.weightsCpu).toBeCloseTo(estimatedFileBytes(6.56), 0)
    expect(e.weightBuffers).toEqual({ CPU_Mapped: e.weightsCpu })
    expect(e.visionWorking).toBe(6 * 780 ** 2 + 4 * 780 * (2 * 1280 + 2 * 3420) + 2 * 364 * 420 * 3 * 4)
    expect(e.ram).toBe(e.weightsCpu + e.kvCache + e.output + e.compute + e.mmproj + e.visionWorking + e.overhead)
  })

  it('moves the output layer first, then one block at a time, with its share of the KV cache', () => {
    const lm = publishedLmFacts(estimatedFileBytes(8.5), 'Q8_0')
    const one = estimateMemory(lm, vision, job, 1, null)
    const two = estimateMemory(lm, vision, job, 2, null)
    expect(two.weightsGpu - one.weightsGpu).toBeCloseTo((estimatedFileBytes(8.5) - 2 * one.weightsGpu) / 28, -3)
    expect(two.vram - one.vram).toBeCloseTo(two.weightsGpu - one.weightsGpu + two.kvCache / 28, -3)
  })
})

describe('verdicts for hypothetical machines', () => {
  const verdicts = (m: Machine) => Object.fromEntries(rows(m).map((r) => [r.id, r.outcome.verdict.label]))

  it.each([
    // [VRAM GB, the most precise quant that fits entirely] (which one is recommended also weighs speed: speed.test.ts)
    [8, 'Q4_K_M'],
    [10, 'Q6_K'],
    // the hybrid's 16-bit embedding (1.09 GB) stays on the CPU, which leaves room for it
    [12, 'BF16_Q8_0'],
    [16, 'BF16_Q8_0'],
    [24, 'F16'],
    [48, 'F16'],
    [80, 'F16']
  ])('%i GB of VRAM fits %s entirely, and no finer quant', (vram, quant) => {
    const machine = gpu(vram)
    const ranked = rows(machine)
    // the arithmetic: the pick's VRAM is under 90% of the card (and 512 MiB spare), the next finer quant's is not
    const chosen = ranked.find((r) => r.id === quant)!.outcome
    expect(chosen.verdict.kind).toBe('full_gpu')
    expect(chosen.estimate.vram).toBeLessThanOrEqual(Math.min(vram * GB * 0.9, vram * GB - 512 * 2 ** 20))
    const chosenRank = ranked.find((r) => r.id === quant)!.rank
    for (const r of ranked.filter((x) => x.rank > chosenRank)) expect(r.outcome.verdict.kind, r.id).not.toBe('full_gpu')
  })

  it('says how many of the 29 layers fit when a quant does not fit whole (8 GB, Q8_0)', () => {
    const machine = gpu(8)
    const q8 = rows(machine).find((r) => r.id === 'Q8_0')!.outcome
    expect(q8.verdict.kind).toBe('partial')
    const n = q8.verdict.gpuLayers
    const lm = publishedLmFacts(estimatedFileBytes(8.5), 'Q8_0')
    expect(estimateMemory(lm, vision, job, n, null).vram).toBeLessThanOrEqual(usable(8 * GB))
    expect(estimateMemory(lm, vision, job, n + 1, null).vram).toBeGreaterThan(usable(8 * GB))
    expect(q8.verdict.label).toBe(`Partial offload (${n} of 29 layers)`)
  })

  it('runs on the CPU without a GPU and refuses what RAM cannot hold', () => {
    const v = verdicts({ gpu: 'none', vram: 0, ram: 8 * GB, cpu: AVX2 })
    // usable RAM: 8 GB − 10% = 7.2 GB; Q4_K_M: 4.66 GB of weights + 1.35 GB mmproj + KV, buffers, overhead
    expect(v.Q4_K_M).toBe('CPU only')
    expect(v.Q6_K).toBe('Will not fit')
    expect(v.Q8_0).toBe('Will not fit')
    expect(v.F16).toBe('Will not fit')
    const cpuOnly: Machine = { gpu: 'none', vram: 0, ram: 8 * GB, cpu: AVX2 }
    const pick = recommend(rows(cpuOnly), cpuOnly)
    expect(pick.id).toBe('Q4_K_M')
    expect(pick.reason).toMatch(/^Q4_K_M: no usable GPU, fits in 8\.0 GB of RAM on the CPU \(needs \d+\.\d GB\)/)
  })

  it('finds nothing for a machine too small for any quant', () => {
    const machine: Machine = { gpu: 'none', vram: 0, ram: 2 * GiB, cpu: AVX2 }
    expect(recommend(rows(machine), machine)).toEqual({ id: null, reason: 'No quant fits this machine, even on the CPU: it needs more RAM.' })
  })

  it('fits fewer quants with more parallel slots (each slot holds its own 4k of KV)', () => {
    const machine = gpu(8)
    const one = rows(machine, 1).find((r) => r.id === 'Q4_K_M')!.outcome.estimate
    const four = rows(machine, 4).find((r) => r.id === 'Q4_K_M')!.outcome.estimate
    expect(four.kvCache - one.kvCache).toBe(3 * 4096 * 56 * 1024)
  })
})

describe('quant names', () => {
  it('reads the quant from the card’s file names, longest match first', () => {
    expect(quantOfFileName('SkyCaptioner-V1-q4_k_m.gguf')).toBe('Q4_K_M')
    expect(quantOfFileName('SkyCaptioner-V1-bf16_q8_0.gguf')).toBe('BF16_Q8_0')
    expect(quantOfFileName('SkyCaptioner-V1-iq2_xxs.gguf')).toBe('IQ2_XXS')
    expect(quantOfFileName('whatever.gguf')).toBeNull()
  })
})
