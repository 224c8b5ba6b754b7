// Fusion with a real LLM: the tiny random-weight Qwen2 text GGUF run in-process by node-llama-cpp,
// through the job system, into the project file. The words are noise; the whole path is real.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyTextModel } from '../../scripts/make-tiny-text-model'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { LocalFusionLlm } from '../../src/main/fusion/localLlm'
import { planFusion } from '../../src/main/fusion/rules'
import { RESULT_CSV } from '../helpers/fixtures'
import { call, fail, waitForJob } from '../helpers/dispatch'
import { scratch } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

const newDir = scratch('skycap-fusion-llm-')

let model: string
let app: StudioApp
let project: string

beforeAll(async () => {
  model = await ensureTinyTextModel()
  app = createStudioApp({ dataDir: newDir('fusion-llm'), roots: testRoots() })
  project = (await call(app, 'project.create', { name: 'fusion' })).path
  const report = await call(app, 'clips.import', { kind: 'csv', path: RESULT_CSV })
  expect(report).toMatchObject({ found: 3, prelabelsAdded: 3 })
}, 120_000)

afterAll(async () => {
  await app?.close()
})

describe('LocalFusionLlm', () => {
  it('runs the GGUF in-process with its chat template and gives the same text for the same seed', async () => {
    const llm = await LocalFusionLlm.load({ model, contextSize: 2048, parallel: 1, gpuLayers: 0, threads: 1 })
    try {
      expect(llm.provenance).toMatchObject({ label: 'tiny-qwen2.5-instruct.gguf (node-llama-cpp)', details: { engine: 'node-llama-cpp', model, quant: null } })
      const prompt = planFusion((await call(app, 'clips.get', { id: 2 })).prelabel!.caption, 't2v').prompt!
      const first = await llm.complete(prompt, { maxTokens: 32, seed: 1 })
      const second = await llm.complete(prompt, { maxTokens: 32, seed: 1 })
      expect(first.text.length).toBeGreaterThan(0)
      expect(second.text).toBe(first.text)
      expect(first.text).not.toContain('\n\n') // the original stops at a blank line
      expect(['maxTokens', 'customStopTrigger', 'eogToken', 'stopGenerationTrigger']).toContain(first.details.stopReason)
    } finally {
      await llm.dispose()
    }
  }, 60_000)
})

describe('a fusion job with the local model', () => {
  it('stores T2V and I2V captions for every clip with a caption, with their provenance', async () => {
    const started = await call(app, 'fusion.start', {
      scope: 'all',
      engine: { local: { model, contextSize: 2048, gpuLayers: 0, threads: 1 }, maxTokens: 32 }
    })
    expect(started).toMatchObject({ kind: 'fusion', state: 'running', progress: { total: 3 } })
    const job = await waitForJob(app, started.id, (j) => j.state !== 'running', 90_000)
    expect(job).toMatchObject({ state: 'done', progress: { total: 3, done: 3, failed: 0 } })

    const { rows } = await call(app, 'clips.list', { sort: 'name' })
    expect(rows.map((r) => r.name)).toEqual(['1.mp4', '2.mp4', '3.mp4'])
    for (const row of rows) {
      const { prelabel } = await call(app, 'clips.get', { id: row.id })
      const fused = await call(app, 'fusion.get', { clipId: row.id })
      for (const caption of [fused.t2v, fused.i2v]) {
        expect(caption).toMatchObject({ origin: 'model', number: 1, revisionNumber: 0, prelabelId: prelabel!.id, jobId: job.id, annotator: null })
        expect(caption!.source).toMatchObject({ label: 'tiny-qwen2.5-instruct.gguf (node-llama-cpp)', engine: 'node-llama-cpp', model, augmentSeed: null })
        expect(caption!.text.trim().length).toBeGreaterThan(0)
      }
    }
    // 1.mp4 has camera motion: the sentence follows the model's text; 2.mp4 has none: a trailing space
    const one = await call(app, 'fusion.get', { clipId: rows[0].id })
    expect(one.t2v!.text.endsWith(' The camera moves toward zooms in.')).toBe(true)
    expect(one.i2v!.text.endsWith(' The camera moves toward zooms in.')).toBe(true)
    expect((await call(app, 'fusion.get', { clipId: rows[1].id })).t2v!.text.endsWith(' ')).toBe(true)

    const db = new Database(project, { readonly: true })
    try {
      expect(db.prepare('SELECT task, count(*) AS n FROM fusion_captions GROUP BY task ORDER BY task').all()).toEqual([
        { task: 'i2v', n: 3 },
        { task: 't2v', n: 3 }
      ])
    } finally {
      db.close()
    }
  }, 120_000)

  it('keeps a human edit as the next revision, refuses a stale one, and never changes a stored row', async () => {
    const clipId = 2
    const before = await call(app, 'fusion.get', { clipId })
    const saved = await call(app, 'fusion.save', { clipId, task: 't2v', text: 'A woman talks in a car. ', annotator: 'ana', baseNumber: before.t2v!.number })
    expect(saved).toMatchObject({ number: 2, origin: 'human', annotator: 'ana', text: 'A woman talks in a car. ', source: { editedFrom: 1 } })
    expect((await fail(app, 'fusion.save', { clipId, task: 't2v', text: 'again', annotator: 'bo', baseNumber: 1 })).code).toBe('conflict')
    const history = await call(app, 'fusion.history', { clipId, task: 't2v' })
    expect(history.map((h) => [h.number, h.origin])).toEqual([
      [2, 'human'],
      [1, 'model']
    ])
    expect(history[1].text).toBe(before.t2v!.text)
    expect((await call(app, 'fusion.get', { clipId })).i2v).toEqual(before.i2v)

    const db = new Database(project)
    try {
      expect(() => db.prepare("UPDATE fusion_captions SET text = 'x'").run()).toThrow(/append-only/)
      expect(() => db.prepare('DELETE FROM fusion_captions').run()).toThrow(/append-only/)
    } finally {
      db.close()
    }
    expect(path.basename(project)).toBe('fusion.sqlite')
  })
})
