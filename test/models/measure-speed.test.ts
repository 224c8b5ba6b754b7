// "Measure on this machine" with a real llama-server, real ffmpeg and a real project file: the
// tiny model captions clips through the job path, each clip's figures are stored and read back,
// no pre-label is added, and a missing or crashing engine fails with a message that says so.
import { chmodSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyModels, type TinyModels } from '../../scripts/make-tiny-models'
import type { LocalEngine } from '../../src/shared/jobs'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { readGgufSummary } from '../../src/main/models/ggufRead'
import { COMPUTE_EFFICIENCY, DECODE_EFFICIENCY } from '../../src/main/models/speed'
import { fail } from '../helpers/dispatch'
import { call, copyClips, requireLlamaServer, waitForJob } from '../helpers/prelabel'
import { testRoots } from '../helpers/roots'
import { tempDir } from '../helpers/temp'

requireLlamaServer() // fails the suite, saying how to build one, when llama-server is missing

interface Row {
  clip_id: number
  quant: string
  prompt_tokens: number
  prompt_ms: number
  text_prefill_ms: number
  vision_ms: number
  output_tokens: number
  predicted_ms: number
  wall_ms: number
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

describe('speed measured on this machine with a real llama-server', () => {
  let models: TinyModels
  let local: LocalEngine
  const apps: StudioApp[] = []

  async function studio(name: string, llamaServerPath?: string): Promise<{ app: StudioApp; dataDir: string; clipIds: number[] }> {
    const dataDir = tempDir(`skycap-speed-${name}-`)
    const app = createStudioApp({ dataDir, roots: testRoots(), llamaServerPath })
    apps.push(app)
    await call(app, 'project.create', { name })
    const clips = path.join(dataDir, 'clips')
    copyClips(clips, 3)
    await call(app, 'clips.import', { kind: 'folder', path: clips })
    const { rows } = await call(app, 'clips.list', { sort: 'name' })
    return { app, dataDir, clipIds: rows.map((r) => r.id) }
  }

  beforeAll(async () => {
    models = await ensureTinyModels()
    local = { model: models.model, mmproj: models.mmproj, contextPerSlot: 4096, parallel: 1, gpuLayers: 0, timeoutMs: 60_000 }
  }, 120_000)

  afterAll(async () => {
    for (const app of apps) await app.close()
  })

  it('times the chosen clips through the job path, stores each clip and reads the figures back', async () => {
    const { app, clipIds } = await studio('measure')
    const started = await call(app, 'speed.measure', { local, clipIds: clipIds.slice(0, 2), maxTokens: 24 })
    expect(started).toMatchObject({ kind: 'speed', progress: { total: 2 } })
    const job = await waitForJob(app, started.id, (j) => j.state !== 'running', 360_000)
    expect(job.failures).toEqual([])
    expect(job).toMatchObject({ state: 'done', progress: { done: 2, failed: 0 } })

    const project = await call(app, 'app.info', {})
    const db = new Database(project.project!.path, { readonly: true })
    const rows = db.prepare('SELECT * FROM speed_measurements WHERE job_id = ? ORDER BY clip_id').all(started.id) as Row[]
    const prelabels = db.prepare('SELECT count(*) AS n FROM prelabels').get() as { n: number }
    const probeJson = db.prepare("SELECT value FROM project_meta WHERE key = 'speed_probe'").get() as { value: string }
    db.close()
    expect(rows.map((r) => r.clip_id)).toEqual(clipIds.slice(0, 2))
    // a measuring quant leaves the clips' pre-labels alone
    expect(prelabels.n).toBe(0)
    for (const r of rows) {
      expect(r.quant).toBe('F16')
      // the 16 frames as 8 pairs of 13×15 patches plus the instruction; a few template tokens may come from the cache
      expect(r.prompt_tokens).toBeGreaterThan(1800)
      expect(r.prompt_tokens).toBeLessThanOrEqual(1928)
      expect(r.output_tokens).toBeGreaterThan(0)
      expect(r.output_tokens).toBeLessThanOrEqual(24)
      for (const ms of [r.prompt_ms, r.text_prefill_ms, r.predicted_ms, r.wall_ms]) expect(ms).toBeGreaterThan(0)
      expect(r.vision_ms).toBeCloseTo(Math.max(0, r.prompt_ms - r.text_prefill_ms), 6)
    }

    const [summary, ...others] = await call(app, 'speed.list', {})
    expect(others).toEqual([])
    expect(summary).toMatchObject({ model: models.model, quant: 'F16', jobId: started.id, clips: 2 })
    // without figures from the caller, the machine probe's: one round per clip, its figures worked out here
    const probe = JSON.parse(probeJson.value) as {
      jobId: number
      rounds: { greedyMs: number; plainMs: number; schemaMs: number; context: { tokens: number; greedyMs: number; plainMs: number } }[]
    }
    expect(probe.jobId).toBe(started.id)
    expect(probe.rounds).toHaveLength(2)
    // each round also decodes after a prompt as long as its clip's (bench:speed's decode check)
    expect(probe.rounds.map((r) => r.context.tokens)).toEqual(rows.map((r) => r.prompt_tokens))
    for (const r of probe.rounds) for (const ms of [r.context.greedyMs, r.context.plainMs]) expect(ms).toBeGreaterThan(0)
    const lm = await readGgufSummary(models.model)
    const elements = (name: string) => lm.tensors.find((t) => t.name === name)!.dims.reduce((a, b) => a * b, 1)
    const params = lm.tensors.reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0)
    // the tiny model ties its output to the embedding: a token reads every tensor; a prompt token multiplies all but the embedding
    expect(lm.tensors.some((t) => t.name === 'output.weight')).toBe(false)
    // every tensor is F32 (type 0, 4 bytes) or F16 (type 1, 2 bytes)
    expect(new Set(lm.tensors.map((t) => t.type))).toEqual(new Set([0, 1]))
    const bytesPerToken = lm.tensors.reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1) * (t.type === 0 ? 4 : 2), 0)
    const matmulParams = params - elements('token_embd.weight')
    // the fastest round's decodes: other work only slows a decode
    const greedy = Math.min(...probe.rounds.map((r) => r.greedyMs))
    const predictedMachine = summary.predicted!.machine
    expect(predictedMachine.source).toBe('probe')
    // greedy at the clip's prompt length reads the weights and that much KV cache: 2 layers × 2 KV heads × 16 × (K + V) × 2 bytes a token
    const kvRead = 2 * 2 * 16 * 2 * 2 * (median(probe.rounds.map((r) => r.context.tokens)) + 48 / 2)
    const contextGreedy = Math.min(...probe.rounds.map((r) => r.context.greedyMs))
    expect(predictedMachine.memoryBandwidthGBs).toBeCloseTo((bytesPerToken + kvRead) / (contextGreedy / 1000) / DECODE_EFFICIENCY / 1e9, 6)
    const prefillSeconds = median(rows.map((r) => r.text_prefill_ms / r.prompt_tokens)) / 1000
    expect(predictedMachine.computeGflops).toBeCloseTo((2 * matmulParams) / prefillSeconds / COMPUTE_EFFICIENCY / 1e9, 3)
    const vocab = elements('token_embd.weight') / lm.tensors.find((t) => t.name === 'token_embd.weight')!.dims[0]
    const perEntry = (ms: number) => Math.max(0, ((ms - greedy) * 1e6) / vocab)
    expect(predictedMachine.sampling).toEqual({
      plainNs: perEntry(Math.min(...probe.rounds.map((r) => r.plainMs))),
      schemaNs: perEntry(Math.min(...probe.rounds.map((r) => r.schemaMs))),
      source: 'probe'
    })
    // the Models screen shows the same probe beside the figures it uses; the tiny model's 19 MB a token
    // run from the caches, so for the 7B only its sampling cost is used, over this CPU's defaults
    const fit = await call(app, 'models.fit', { vramGb: 0, ramGb: 24 })
    expect(fit.machine.probe).toMatchObject({ ...predictedMachine, model: models.model, jobId: started.id, representative: false })
    expect(fit.machine.probe?.cpu).toMatch(/^(x86-64|arm64|not)/)
    expect(fit.machine.speed.cpu).toMatchObject({ source: 'default', sampling: predictedMachine.sampling })
    const m = summary.measured
    expect(m.decodeTokensPerSecond).toBeCloseTo(median(rows.map((r) => r.output_tokens / (r.predicted_ms / 1000))), 6)
    expect(m.prefillTokensPerSecond).toBeCloseTo(median(rows.map((r) => r.prompt_tokens / (r.text_prefill_ms / 1000))), 6)
    expect(m.promptTokensPerSecond).toBeCloseTo(median(rows.map((r) => r.prompt_tokens / (r.prompt_ms / 1000))), 6)
    expect(m.visionSeconds).toBeCloseTo(median(rows.map((r) => r.vision_ms)) / 1000, 6)
    expect(m.clipsPerHour).toBeCloseTo(3600 / (median(rows.map((r) => r.wall_ms)) / 1000), 6)

    // with machine figures, the speed model's prediction for the same prompt: worked out here from the file's tensors
    const machine = { memoryBandwidthGBs: 20, computeGflops: 400 }
    const [withPrediction] = await call(app, 'speed.list', { machine })
    // prefill costs 2 FLOPs per multiplied parameter per token, at the share of the machine's compute llama.cpp reaches
    expect(withPrediction.predicted?.prefillTokensPerSecond).toBeCloseTo((400e9 * COMPUTE_EFFICIENCY) / (2 * matmulParams), 3)
    // the user's figures, the probe's sampling cost
    expect(withPrediction.predicted?.machine).toEqual({ ...machine, source: 'user', sampling: predictedMachine.sampling })
    expect(withPrediction.predicted?.decodeTokensPerSecond).toBeGreaterThan(0)
    expect(withPrediction.measured).toEqual(m)
  }, 480_000)

  it('says the project has no clip to measure on, and that a model outside the models folder is refused', async () => {
    const dataDir = tempDir('skycap-speed-empty-')
    const app = createStudioApp({ dataDir, roots: testRoots() })
    apps.push(app)
    await call(app, 'project.create', { name: 'empty' })
    expect((await fail(app, 'speed.measure', { local })).message).toMatch(/no readable clip to measure on/)
    const outside = { ...local, model: path.join(dataDir, 'elsewhere.gguf') }
    const refused = await fail(app, 'speed.measure', { local: outside })
    expect(refused.code).toBe('forbidden')
    expect(refused.message).toContain('elsewhere.gguf is outside the')
  })

  it('fails at once with the reason when llama-server is missing', async () => {
    const { app } = await studio('missing', '/nonexistent/llama-server')
    const error = await fail(app, 'speed.measure', { local })
    expect(error.code).toBe('not_found')
    expect(error.message).toContain('llama-server set in settings does not exist')
  })

  it('fails the job with the engine’s own words when llama-server crashes while loading', async () => {
    const bin = path.join(tempDir('skycap-speed-crash-'), 'llama-server')
    writeFileSync(bin, '#!/bin/sh\necho "fake engine: segmentation fault while loading" >&2\nexit 139\n')
    chmodSync(bin, 0o755)
    const { app } = await studio('crash', bin)
    const started = await call(app, 'speed.measure', { local, count: 1 })
    const job = await waitForJob(app, started.id, (j) => j.state !== 'running', 60_000)
    expect(job.state).toBe('failed')
    expect(job.error).toMatch(/llama-server exited while loading the model/)
    expect(job.error).toContain('segmentation fault while loading')
  }, 90_000)
})
