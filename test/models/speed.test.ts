// The speed model's arithmetic redone by hand for a table of machines, and the recommendation
// that weighs memory, speed and precision on four machines.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { getLlama } from 'node-llama-cpp'
import { describe, expect, it } from 'vitest'
import { parseCpuInfo, readCpuFeatures } from '../../src/main/models/cpuFeatures'
import { fitQuant, JOB_PROMPT_TOKENS, jobContext, predictQuant, recommend, SPEED_TOLERANCE, type Machine } from '../../src/main/models/fit'
import { PUBLISHED_QUANTS, QWEN25VL_7B, QWEN25VL_7B_VISION, estimatedFileBytes, precisionRank, publishedLmFacts } from '../../src/main/models/quants'
import {
  DEFAULT_GPU_SPEED,
  defaultCpuSpeed,
  defaultSampling,
  predictSpeed,
  predictSplit,
  TYPICAL_OUTPUT_TOKENS,
  type MachineSpeed
} from '../../src/main/models/speed'
import { ensureTinyModels } from '../../scripts/make-tiny-models'
import { EventBus } from '../../src/main/events'
import { HardwareProbe } from '../../src/main/models/hardware'
import { ModelsService } from '../../src/main/models/modelsService'
import { formatDuration, formatSeconds } from '../../src/shared/durations'
import { FitResult } from '../../src/shared/models'
import { RESULT_CSV } from '../helpers/fixtures'
import { testRootsIn } from '../helpers/roots'
import { tempDir } from '../helpers/temp'
import { ProjectStore } from '../../src/main/store/project'
import { emptyCaption } from '../../src/shared/caption'

const GB = 1e9
const AVX2 = parseCpuInfo('flags\t\t: fpu sse2 avx avx2 fma', 'x64')
const AVX512 = parseCpuInfo('flags\t\t: fpu sse2 avx avx2 fma avx512f', 'x64')
const machineSpeed = (memoryBandwidthGBs: number, computeGflops: number): MachineSpeed => ({ memoryBandwidthGBs, computeGflops, source: 'user' })

// Qwen2.5-VL-7B's job: 7.62e9 LM parameters, a 0.675e9-parameter vision tower (1.35 GB in F16),
// 1,560 vision tokens of a 1,927-token prompt, 320 tokens out, 57,344 bytes of KV per token.
const job = { params: 7.62e9, visionParams: 0.675e9, visionTokens: 1560, promptTokens: 1927, outputTokens: 320, kvBytesPerToken: 57344 }

describe('the speed model', () => {
  it.each([
    // [machine, GB/s, GFLOP/s, weight bytes read, vision s, prefill s, decode s]
    // effective compute = GFLOP/s × 0.6; effective bandwidth = GB/s × 0.75
    // vision  = 2 × 0.675e9 × 1,560 tokens × 4 patches / flops = 8.424e12 / flops
    // prefill = 2 × 7.62e9 × 1,927 / flops = 2.936748e13 / flops
    // decode  = 320 × (weights + 57,344 × (1,927 + 160) = 119,676,928 bytes of KV) / bandwidth
    // 8-core desktop, Q4_K_M (4.2e9 bytes read): flops 288e9 → 29.25 s, 101.97 s; 320 × 4.3197e9 / 30e9 = 46.08 s
    ['8-core desktop, Q4_K_M', 40, 480, 4.2e9, 29.25, 101.9704, 46.0766],
    // same machine, F16 (14.5e9): decode 320 × 14.6197e9 / 30e9 = 155.94 s
    ['8-core desktop, F16', 40, 480, 14.5e9, 29.25, 101.9704, 155.9432],
    // 2-core VM: flops 120e9 → 70.2 s, 244.729 s; bandwidth 12e9 → 320 × 4.3197e9 / 12e9 = 115.19 s
    ['2-core VM, Q4_K_M', 16, 200, 4.2e9, 70.2, 244.729, 115.1914],
    // GPU: flops 12e12 → 0.702 s, 2.4473 s; bandwidth 225e9 → 320 × 4.3197e9 / 225e9 = 6.1436 s
    ['GPU, Q4_K_M', 300, 20000, 4.2e9, 0.702, 2.4473, 6.1436]
  ])('%s: %i GB/s, %i GFLOP/s', (_name, bw, gflops, weightBytes, vision, prefill, decode) => {
    const s = predictSpeed({ ...job, weightBytes, machine: machineSpeed(bw, gflops) })
    expect(s.visionSeconds).toBeCloseTo(vision, 3)
    expect(s.prefillSeconds).toBeCloseTo(prefill, 3)
    expect(s.decodeSeconds).toBeCloseTo(decode, 3)
    expect(s.secondsPerClip).toBeCloseTo(vision + prefill + decode, 3)
    expect(s.clipsPerHour * (vision + prefill + decode)).toBeCloseTo(3600, 0)
    expect(s.prefillTokensPerSecond * prefill).toBeCloseTo(1927, 0)
    expect(s.decodeTokensPerSecond * decode).toBeCloseTo(320, 0)
  })

  it('splits a partial offload: the layers by share, the vision tower on the GPU', () => {
    const input = { ...job, weightBytes: 4.2e9 }
    const cpu = machineSpeed(40, 480)
    const half = predictSplit(input, cpu, DEFAULT_GPU_SPEED, 0.5)
    // from the table: decode (46.0766 + 6.1436) / 2 = 26.1101 s, prefill (101.9704 + 2.4473) / 2 = 52.2089 s, vision 0.702 s
    expect(half.decodeSeconds).toBeCloseTo(26.1101, 3)
    expect(half.prefillSeconds).toBeCloseTo(52.2089, 3)
    expect(half.visionSeconds).toBeCloseTo(0.702, 3)
    expect(predictSplit(input, cpu, null, 0.5)).toEqual(predictSpeed({ ...input, machine: cpu }))
  })

  it('defaults per core for the CPU’s instruction set, with bandwidth capped at 64 GB/s', () => {
    // AVX2: 100 GFLOP/s and 8 GB/s a core; AVX-512: 200 GFLOP/s a core
    // and the sampling cost per vocabulary entry for the ISA (AVX2 12/45 ns, AVX-512 8/40 ns plain/schema)
    expect(defaultCpuSpeed(AVX2, 2)).toEqual({
      memoryBandwidthGBs: 16,
      computeGflops: 200,
      source: 'default',
      sampling: { plainNs: 12, schemaNs: 45, source: 'default' }
    })
    expect(defaultCpuSpeed(AVX512, 16)).toEqual({
      memoryBandwidthGBs: 64,
      computeGflops: 3200,
      source: 'default',
      sampling: { plainNs: 8, schemaNs: 40, source: 'default' }
    })
  })

  it('prices a clip at the job’s 1,927 prompt tokens and the fixtures’ mean output, counted with the Qwen2 tokenizer', async () => {
    expect(JOB_PROMPT_TOKENS).toBe(1560 + 36 + 331)
    const rows = parse(readFileSync(RESULT_CSV, 'utf8'), { columns: true }) as { structural_caption: string }[]
    const llama = await getLlama({ gpu: false, build: 'never' })
    const model = await llama.loadModel({ modelPath: (await ensureTinyModels()).model, vocabOnly: true })
    const counts = rows.map((r) => model.tokenize(r.structural_caption).length)
    await model.dispose()
    expect(counts).toHaveLength(3)
    expect(TYPICAL_OUTPUT_TOKENS).toBe(Math.round(counts.reduce((a, b) => a + b, 0) / counts.length))
  }, 60_000)

  it('writes times for people', () => {
    expect(formatSeconds(9.46)).toBe('9.5 s')
    expect(formatSeconds(40.4)).toBe('40 s')
    expect(formatSeconds(518.6)).toBe('8.6 min')
    expect(formatDuration(40 * 10_000)).toBe('4.6 days')
    expect(formatDuration(9.5 * 10_000)).toBe('26.4 h')
  })
})

describe('the recommendation weighs memory, speed and precision', () => {
  function rows(machine: Machine, speeds: { cpu: MachineSpeed; gpu: MachineSpeed | null }) {
    return PUBLISHED_QUANTS.map((q) => {
      const lm = publishedLmFacts(estimatedFileBytes(q.bpw), q.quant)
      const outcome = fitQuant(lm, QWEN25VL_7B_VISION, { contextPerSlot: jobContext(), slots: 1 }, machine)
      return {
        id: q.quant,
        quant: q.quant,
        rank: precisionRank(q.quant, q.bpw),
        outcome,
        speed: predictQuant(lm, QWEN25VL_7B_VISION, QWEN25VL_7B.parameters, outcome.verdict, speeds)
      }
    })
  }
  const secs = (r: ReturnType<typeof rows>, id: string) => r.find((x) => x.id === id)!.speed!.secondsPerClip

  it.each([
    // [machine, GPU, VRAM GB, RAM GB, cores, pick, the finer quant it passed over (or null), reason]
    // CPU-only, 24 GB, 2 AVX2 cores: F16 fits but prefill (2 × 6.53e9 matmul parameters × 1,927 / 120e9 = 209.7 s),
    // vision (70.2 s) and sampling (320 × 152,064 × 45 ns = 2.2 s) are shared by all, and its 15.2 GB per token
    // make it ≈ 1.4× Q8_0; Q8_0 is within 1.25× of Q4_0, the fastest Q4_0-or-finer
    [
      'CPU 24 GB, 2 cores',
      'none',
      0,
      24,
      2,
      'Q8_0',
      'F16',
      /^Q8_0: no usable GPU, fits in 24\.0 GB of RAM on the CPU \(needs 10\.2 GB\), about 8\.1 min per clip, 7 clips per hour \(10,000 clips ≈ 56\.2 days\); F16 would take about 1\.4× as long per clip: traded its precision for speed\.$/
    ],
    // CPU-only, 8 GB: only Q4_K_M and smaller fit; Q4_K_M is within 1.25× of Q4_0
    [
      'CPU 8 GB, 8 cores',
      'none',
      0,
      8,
      8,
      'Q4_K_M',
      null,
      /^Q4_K_M: no usable GPU, fits in 8\.0 GB of RAM on the CPU .*; the most precise quant that fits, and about as fast as any\.$/
    ],
    // 8 GB GPU: Q5_K_M and finer run partly on the CPU and take ≥ 1.7× as long
    [
      'GPU 8 GB',
      'cuda',
      8,
      32,
      8,
      'Q4_K_M',
      'F16',
      /^Q4_K_M: fits entirely in 8\.0 GB of VRAM \(needs 6\.8 GB\), about 11 s per clip.*F16 would take about 9\.9× as long/
    ],
    // 24 GB GPU: everything fits; F16 reads 15 GB a token (1.9× Q6_K); the CPU's 2.2 s of sampling per clip,
    // the same for every quant, brings Q6_K to 1.23× Q4_0 (13.4 s against 10.9 s), within the tolerance
    [
      'GPU 24 GB',
      'cuda',
      24,
      32,
      8,
      'Q6_K',
      'F16',
      /^Q6_K: fits entirely in 24\.0 GB of VRAM.*F16 would take about 1\.9× as long per clip: traded its precision for speed\.$/
    ]
  ] as const)('%s recommends %s', (_name, gpu, vram, ram, cores, pick, passedOver, reason) => {
    const machine: Machine = { gpu, vram: vram * GB, ram: ram * GB, cpu: AVX2 }
    const ranked = rows(machine, { cpu: defaultCpuSpeed(AVX2, cores), gpu: gpu === 'none' ? null : DEFAULT_GPU_SPEED })
    const choice = recommend(ranked, machine)
    expect(choice.id).toBe(pick)
    expect(choice.reason).toMatch(reason)
    // the rule by hand: the pick is within the tolerance of the fastest Q4_0-or-finer quant that fits,
    // and every finer quant that fits is not
    const fits = ranked.filter((r) => r.outcome.verdict.kind !== 'wont_fit' && r.rank >= 45)
    const fastest = Math.min(...fits.map((r) => r.speed!.secondsPerClip))
    const chosen = ranked.find((r) => r.id === pick)!
    expect(secs(ranked, pick)).toBeLessThanOrEqual(fastest * SPEED_TOLERANCE)
    for (const r of fits.filter((x) => x.rank > chosen.rank)) expect(r.speed!.secondsPerClip, r.id).toBeGreaterThan(fastest * SPEED_TOLERANCE)
    if (passedOver) expect(ranked.find((r) => r.id === passedOver)!.outcome.verdict.kind).not.toBe('wont_fit')
  })

  it('uses the figures the user gives: a fast-memory CPU can afford a finer quant', () => {
    const machine: Machine = { gpu: 'none', vram: 0, ram: 24 * GB, cpu: AVX2 }
    const slow = recommend(rows(machine, { cpu: machineSpeed(16, 200), gpu: null }), machine)
    // with 400 GB/s (unified memory) and the same compute, decode is a small part of every quant's time:
    // F16 decodes in 320 × 15.4e9 / 300e9 ≈ 16 s of its ≈ 330 s, within 5% of Q4_0
    const fast = recommend(rows(machine, { cpu: machineSpeed(400, 200), gpu: null }), machine)
    expect(slow.id).toBe('Q8_0')
    expect(fast.id).toBe('F16')
    expect(fast.reason).toMatch(/^F16: .*; the most precise quant that fits, and about as fast as any\.$/)
  })
})

describe('models.fit with speed', () => {
  it('gives every quant that fits a time per clip, at the figures the user enters for a what-if CPU', async () => {
    process.env.HF_ENDPOINT = 'http://127.0.0.1:9' // nothing listens there: the catalog is the card's quants
    const dataDir = tempDir('skycap-speed-')
    const models = new ModelsService({ dataDir, bus: new EventBus(), hardware: new HardwareProbe(), roots: testRootsIn(dataDir) })
    const fit = await models.fit({ vramGb: 0, ramGb: 24, bandwidthGbs: 16, computeGflops: 200 })
    expect(FitResult.parse(fit)).toEqual(fit)
    // the user's figures, with this CPU's default sampling cost (no probe yet)
    expect(fit.machine.speed).toEqual({
      cpu: { memoryBandwidthGBs: 16, computeGflops: 200, source: 'user', sampling: defaultSampling(readCpuFeatures()) },
      gpu: null
    })
    expect(fit.machine.probe).toBeNull()
    expect(fit.job).toMatchObject({ promptTokens: 1927, outputTokens: TYPICAL_OUTPUT_TOKENS })
    for (const row of fit.rows) expect(row.speed === null, row.entryId).toBe(row.verdict.kind === 'wont_fit')
    // the same machine as the first recommendation case above: Q8_0, F16 passed over
    expect(fit.recommended).toMatch(/q8_0\.gguf$/)
    expect(fit.reason).toMatch(/^Q8_0: .* per clip, \d+ clips per hour \(10,000 clips ≈ [\d.]+ days\); F16 would take about 1\.\d× as long per clip/)
    const mine = await models.fit({ vramGb: 0, ramGb: 24 })
    expect(mine.machine.speed.cpu.source).toBe('default')
  })
})

describe('the output length of this project', () => {
  it('is the mean generated tokens of its model pre-labels, and the fixtures’ without any', async () => {
    process.env.HF_ENDPOINT = 'http://127.0.0.1:9'
    const store = ProjectStore.create(path.join(tempDir('skycap-speed-'), 'p.sqlite'), 'Speed')
    const info = {
      size: 1,
      mtimeMs: 1,
      fingerprint: 'v1:1:a',
      duration: 4,
      fps: 25,
      frameCount: 100,
      width: 640,
      height: 360,
      codec: 'h264',
      importError: null
    }
    const prelabel = (kind: 'model' | 'imported', timings: Record<string, number>) => ({
      rawText: '{}',
      caption: emptyCaption(),
      problems: [],
      source: { kind, label: kind, details: {} },
      timings
    })
    const dataDir = tempDir('skycap-speed-')
    const models = new ModelsService({
      dataDir,
      bus: new EventBus(),
      hardware: new HardwareProbe(),
      roots: testRootsIn(dataDir),
      outputTokens: () => store.prelabels.outputTokens()
    })
    const before = await models.fit({ vramGb: 0, ramGb: 24 })
    expect(before.job).toMatchObject({ outputTokens: TYPICAL_OUTPUT_TOKENS, outputSource: "mean of the fixtures' real outputs" })
    // two model runs (400 and 301 tokens); an imported one and a run that did not count its tokens do not count
    store.recordClips([
      { path: '/v/a.mp4', info, extra: {}, prelabels: [prelabel('model', { outputTokens: 400 }), prelabel('imported', {})] },
      {
        path: '/v/b.mp4',
        info: { ...info, fingerprint: 'v1:1:b' },
        extra: {},
        prelabels: [prelabel('model', { outputTokens: 301 }), prelabel('model', { requestMs: 5 })]
      }
    ])
    expect(store.prelabels.outputTokens()).toEqual({ runs: 2, mean: 350.5 })
    const after = await models.fit({ vramGb: 0, ramGb: 24 })
    expect(after.job).toMatchObject({ outputTokens: 351, outputSource: "mean of this project's 2 pre-label(s)" })
    // more output than the fixtures' 320, more decode time for the same quant
    const q4 = (f: typeof before) => f.rows.find((r) => r.entryId.endsWith('q4_k_m.gguf'))!.speed!
    expect(q4(after).decodeSeconds).toBeGreaterThan(q4(before).decodeSeconds)
    expect(q4(after).prefillSeconds).toBe(q4(before).prefillSeconds)
    store.close()
  })
})
