// The speed model's per-token sampling term, the tied-embedding weight reads, the prompt's
// multiplied parameters, and the machine figures derived from a probe, all worked out by hand.
import { describe, expect, it } from 'vitest'
import type { LmFacts } from '../../src/main/models/estimate'
import {
  COMPUTE_EFFICIENCY,
  DECODE_EFFICIENCY,
  decodeTerms,
  predictSpeed,
  predictSplit,
  prefillParams,
  weightBytesRead,
  type MachineSpeed
} from '../../src/main/models/speed'
import { probeOrDefault } from '../../src/main/models/speedMeasure'
import { contextDecode, probedSpeed } from '../../src/main/models/speedProbe'

const sampling = { plainNs: 10, schemaNs: 50, source: 'probe' as const }
const cpu: MachineSpeed = { memoryBandwidthGBs: 40, computeGflops: 480, source: 'probe', sampling }
// 1e9 bytes a token, 1e9 parameters, no vision or KV: the sampling term stands alone beside the weight reads
const input = { weightBytes: 1e9, params: 1e9, visionParams: 0, visionTokens: 0, promptTokens: 1000, outputTokens: 100, vocab: 152_064 }

const lm = (tensors: [string, number][]): LmFacts => ({
  blocks: 1,
  embd: 4,
  ff: 8,
  kvHeads: 1,
  headDim: 4,
  vocab: 10,
  tensors: tensors.map(([name, bytes]) => ({ name, bytes, type: 'F16', ne: [bytes / 2], offset: 0 }))
})

describe('sampling in the speed model', () => {
  it('adds vocabulary × ns per entry to every generated token, the schema’s figure unless told otherwise', () => {
    // weights: 1e9 / (40e9 × 0.75) = 33.333 ms a token; schema: 152,064 × 50 ns = 7.6032 ms; plain: 1.52064 ms
    const schema = predictSpeed({ ...input, machine: cpu })
    expect(schema.decodeSeconds).toBeCloseTo(100 * (1 / 30 + 0.0076032), 6)
    const plain = predictSpeed({ ...input, schema: false, machine: cpu })
    expect(plain.decodeSeconds).toBeCloseTo(100 * (1 / 30 + 0.00152064), 6)
    // no sampling figure or no vocabulary: weight reads only
    expect(predictSpeed({ ...input, machine: { ...cpu, sampling: undefined } }).decodeSeconds).toBeCloseTo(100 / 30, 6)
    expect(predictSpeed({ ...input, vocab: undefined, machine: cpu }).decodeSeconds).toBeCloseTo(100 / 30, 6)
    // prefill is untouched by sampling
    expect(schema.prefillSeconds).toBeCloseTo((2 * 1e9 * 1000) / (480e9 * COMPUTE_EFFICIENCY), 6)
  })

  it('names each term of a token’s time, and they add up to the decode', () => {
    // KV: 1,000 B a token × (1,000 prompt + 100 / 2 output) = 1.05 MB over 30 GB/s = 0.035 ms
    const withKv = { ...input, kvBytesPerToken: 1000, machine: cpu }
    const t = decodeTerms(withKv)
    expect(t.weightsSeconds).toBeCloseTo(1 / 30, 9)
    expect(t.kvSeconds).toBeCloseTo(1.05e6 / 30e9, 12)
    expect(t.samplingSeconds).toBeCloseTo(0.0076032, 9)
    expect(predictSpeed(withKv).decodeSeconds).toBeCloseTo(100 * (1 / 30 + 1.05e6 / 30e9 + 0.0076032), 9)
  })

  it('samples on the CPU when the layers run on a GPU', () => {
    const gpu: MachineSpeed = { memoryBandwidthGBs: 300, computeGflops: 20_000, source: 'default' }
    // GPU weights: 1e9 / 225e9 = 4.4444 ms a token, plus the CPU's 7.6032 ms of sampling
    expect(predictSplit(input, cpu, gpu, 1).decodeSeconds).toBeCloseTo(100 * (1 / 225 + 0.0076032), 6)
    // half and half: the layers' reads mix, the sampling is paid once
    expect(predictSplit(input, cpu, gpu, 0.5).decodeSeconds).toBeCloseTo(100 * ((1 / 225 + 1 / 30) / 2 + 0.0076032), 6)
  })
})

describe('what a token reads and a prompt token multiplies', () => {
  const untied = lm([
    ['token_embd.weight', 80],
    ['blk.0.ffn_up.weight', 64],
    ['output.weight', 80]
  ])
  const tied = lm([
    ['token_embd.weight', 80],
    ['blk.0.ffn_up.weight', 64]
  ])

  it('reads the embedding per token only when the output is tied to it', () => {
    expect(weightBytesRead(untied)).toBe(64 + 80)
    expect(weightBytesRead(tied)).toBe(80 + 64)
    expect(weightBytesRead(lm([['token_embd.weight', 80]]))).toBe(80)
  })

  it('leaves out the embedding lookup and, for a separate output, the projection run for the last token only', () => {
    // vocab 10 × embd 4 = 40 parameters each
    expect(prefillParams(untied, 1000)).toBe(1000 - 80)
    expect(prefillParams(tied, 1000)).toBe(1000 - 40)
  })
})

describe('machine figures from a probe', () => {
  it('divides the efficiencies back out, takes the fastest decodes, and charges sampling beyond greedy per vocabulary entry', () => {
    const model = { weightBytesPerToken: 20e6, kvBytesPerToken: 1000, prefillParams: 1e6, vocab: 100_000, cpu: 'x86-64: AVX2, AVX-512, no AMX' }
    const rounds = [
      { greedyMs: 2, plainMs: 3, schemaMs: 7 },
      { greedyMs: 1, plainMs: 2, schemaMs: 6 },
      { greedyMs: 9, plainMs: 9, schemaMs: 9 }
    ]
    // fastest: greedy 1 ms, plain 2 ms, schema 6 ms (other work only slows a decode); prefill, the median: 0.1 and 0.3 ms a token → 0.2 ms
    const m = probedSpeed(model, rounds, [
      { tokens: 1000, ms: 100 },
      { tokens: 1000, ms: 300 }
    ])
    expect(m.source).toBe('probe')
    // 20e6 bytes / 1 ms = 20 GB/s reached, / 0.75
    expect(m.memoryBandwidthGBs).toBeCloseTo(20 / DECODE_EFFICIENCY, 9)
    // 2 × 1e6 FLOPs / 0.2 ms = 10 GFLOP/s reached, / 0.6
    expect(m.computeGflops).toBeCloseTo(10 / COMPUTE_EFFICIENCY, 9)
    // (2 − 1) ms / 100,000 = 10 ns; (6 − 1) ms / 100,000 = 50 ns
    expect(m.sampling).toEqual({ plainNs: expect.closeTo(10, 9), schemaNs: expect.closeTo(50, 9), source: 'probe' })
    // a sampled run faster than greedy (noise) costs nothing rather than negative time
    expect(probedSpeed(model, [{ greedyMs: 5, plainMs: 4, schemaMs: 6 }], [{ tokens: 10, ms: 1 }]).sampling?.plainNs).toBe(0)
  })
})

describe('the probe’s decodes at the clip’s prompt length', () => {
  const round = (greedyMs: number, tokens?: number) => ({
    greedyMs: 1,
    plainMs: 2,
    schemaMs: 3,
    ...(tokens ? { context: { tokens, greedyMs, plainMs: greedyMs + 1 } } : {})
  })

  it('takes the median length and the fastest decodes of the rounds that have them (rounds stored before it had none)', () => {
    // tokens 1,920, the median of 1,900 / 1,920 / 1,927; greedy 10 of 30 / 20 / 10, plain 11
    expect(contextDecode([round(30, 1900), round(1), round(20, 1920), round(10, 1927)])).toEqual({ tokens: 1920, greedyMs: 10, plainMs: 11 })
    expect(contextDecode([round(5)])).toBeNull()
  })

  it('takes the bandwidth from greedy there, counting the KV cache a token reads', () => {
    const model = { weightBytesPerToken: 20e6, kvBytesPerToken: 1000, prefillParams: 1e6, vocab: 100_000, cpu: 'x86-64' }
    // 20e6 + 1,000 B × (2,000 + 48 / 2) = 22.024e6 B in 4 ms = 5.506 GB/s reached, / 0.75
    const m = probedSpeed(model, [round(4, 2000)], [{ tokens: 10, ms: 1 }])
    expect(m.memoryBandwidthGBs).toBeCloseTo(5.506 / DECODE_EFFICIENCY, 9)
    // sampling still against the short prompt's greedy (1 ms): plain 2 ms → 10 ns
    expect(m.sampling?.plainNs).toBeCloseTo(10, 9)
  })
})

describe('which probe figures a prediction uses', () => {
  const fallback: MachineSpeed = { memoryBandwidthGBs: 16, computeGflops: 200, source: 'default', sampling: { plainNs: 12, schemaNs: 45, source: 'default' } }
  const probe = { ...cpu, model: '/models/tiny.gguf', jobId: 3, cpu: 'x86-64', measuredAt: '2026-01-01T00:00:00Z', representative: false }

  it('uses a small model’s probe in full for that model, else only its sampling cost', () => {
    expect(probeOrDefault(probe, fallback, '/models/tiny.gguf')).toEqual(cpu)
    expect(probeOrDefault(probe, fallback, '/models/7b.gguf')).toEqual({ ...fallback, sampling })
    expect(probeOrDefault(probe, fallback)).toEqual({ ...fallback, sampling })
  })

  it('uses a representative probe for every model, and the defaults without one', () => {
    expect(probeOrDefault({ ...probe, representative: true }, fallback, '/models/7b.gguf')).toEqual(cpu)
    expect(probeOrDefault(null, fallback)).toEqual(fallback)
  })
})
