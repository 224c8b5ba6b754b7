// Log-probabilities collected by a real pre-label job on a real llama-server with the tiny model,
// and kept in the real project file: the tokens spell the stored answer byte for byte, each with at
// most K alternatives; K = 0 asks for none and stores no confidence at all.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyModels } from '../../scripts/make-tiny-models'
import type { ProjectInfo } from '../../src/shared/contract'
import type { EngineConfig } from '../../src/shared/jobs'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { ConfidenceRepo } from '../../src/main/store/confidence'
import { call, copyClips, requireLlamaServer, waitForJob } from '../helpers/prelabel'
import { testRoots } from '../helpers/roots'
import { tempDir } from '../helpers/temp'

requireLlamaServer() // fails the suite, saying how to build one, when llama-server is missing

describe('confidence collected by a pre-label job on llama-server', () => {
  let app: StudioApp
  let project: ProjectInfo
  let clipIds: number[]
  let engine: (topLogprobs: number) => EngineConfig

  beforeAll(async () => {
    const models = await ensureTinyModels()
    const local = { model: models.model, mmproj: models.mmproj, contextPerSlot: 4096, parallel: 1, gpuLayers: 0 as const, timeoutMs: 120_000 }
    engine = (topLogprobs) => ({ local, endpoints: [], maxTokens: 48, topLogprobs })
    app = createStudioApp({ dataDir: tempDir('skycap-confidence-'), roots: testRoots() })
    project = await call(app, 'project.create', { name: 'confidence' })
    const copies = copyClips(path.join(tempDir('skycap-confidence-clips-'), 'clips'), 2)
    await call(app, 'clips.import', { kind: 'folder', path: path.dirname(copies[0]) })
    clipIds = (await call(app, 'clips.byPath', { paths: copies })).map((c) => c.clipId as number)
  }, 120_000)

  afterAll(async () => {
    await app?.close()
  })

  /** The project file as another reader sees it: what the job committed. */
  function inFile<T>(read: (db: Database.Database) => T): T {
    const db = new Database(project.path, { readonly: true, fileMustExist: true })
    try {
      return read(db)
    } finally {
      db.close()
    }
  }

  async function prelabelOf(clipId: number, jobId: number) {
    const { prelabel } = await call(app, 'clips.get', { id: clipId })
    if (!prelabel || prelabel.source.details.jobId !== jobId) throw new Error(`clip ${clipId} has no pre-label from job ${jobId}`)
    return prelabel
  }

  it('with K = 5 stores the tokens that spell the raw text byte for byte, each with at most 5 alternatives', async () => {
    const job = await call(app, 'prelabel.start', { scope: 'selected', clipIds: [clipIds[0]], engine: engine(5) })
    expect((await waitForJob(app, job.id, (j) => j.state !== 'running', 240_000)).progress).toMatchObject({ done: 1, failed: 0 })
    const prelabel = await prelabelOf(clipIds[0], job.id)
    expect(prelabel.confidence, JSON.stringify(prelabel.confidence)).toMatchObject({ status: 'scored', topK: 5 })
    expect(prelabel.source.details.topLogprobs).toBe(5)

    const { tokens, bytes } = inFile((db) => {
      const repo = new ConfidenceRepo(db)
      return { tokens: repo.tokens(prelabel.id), bytes: repo.storedBytes(prelabel.id) }
    })
    if (!tokens) throw new Error('no tokens stored')
    expect(prelabel.rawText.length).toBeGreaterThan(0)
    expect(Buffer.from(tokens.map((t) => t.token).join(''), 'utf8').equals(Buffer.from(prelabel.rawText, 'utf8'))).toBe(true)
    // one token per generated token at most (a trimmed whitespace token is dropped), at temperature 0.05 nearly all chosen
    expect(tokens.length).toBeLessThanOrEqual(prelabel.timings.outputTokens)
    for (const t of tokens) {
      expect(t.top.length).toBeGreaterThanOrEqual(1)
      expect(t.top.length).toBeLessThanOrEqual(5)
      expect(t.logprob).toBeLessThanOrEqual(0)
    }
    expect(bytes).toBeGreaterThan(0)
    console.log(`[prelabel-confidence] ${tokens.length} tokens, ${prelabel.rawText.length} characters, ${bytes} bytes stored`)
  }, 300_000)

  it('with K = 0 stores the pre-label and no confidence row', async () => {
    const job = await call(app, 'prelabel.start', { scope: 'selected', clipIds: [clipIds[1]], engine: engine(0) })
    expect((await waitForJob(app, job.id, (j) => j.state !== 'running', 240_000)).progress).toMatchObject({ done: 1, failed: 0 })
    const prelabel = await prelabelOf(clipIds[1], job.id)
    expect(prelabel.confidence).toBeUndefined()
    expect(prelabel.rawText.length).toBeGreaterThan(0)
    const rows = inFile((db) => db.prepare('SELECT count(*) AS n FROM prelabel_confidence WHERE prelabel_id = ?').get(prelabel.id) as { n: number })
    expect(rows.n).toBe(0)
    const clip = inFile((db) => db.prepare('SELECT confidence FROM clips WHERE id = ?').get(clipIds[1]) as { confidence: number | null })
    expect(clip.confidence).toBeNull()
  }, 300_000)
})
