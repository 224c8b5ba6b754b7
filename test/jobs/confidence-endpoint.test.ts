// An engine that returns no log-probabilities: a real HTTP server on 127.0.0.1 standing in for a
// remote vLLM answers a real model's caption without any. The pre-label job and the shoot-out
// record "no confidence" with the reason, and the caption is stored as before.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCaption } from '../../src/shared/parseCaption'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { PrelabelsRepo } from '../../src/main/store/prelabels'
import { readCsv } from '../helpers/cli'
import { call, waitForJob } from '../helpers/dispatch'
import { RESULT_CSV } from '../helpers/fixtures'
import { copyClips } from '../helpers/prelabel'
import { testRoots } from '../helpers/roots'
import { tempDir } from '../helpers/temp'
import { vllmStandIn, type VllmStandIn } from '../helpers/vllmStandIn'

describe('an endpoint that returns no log-probabilities', () => {
  const answer = readCsv(RESULT_CSV)[1].structural_caption
  let app: StudioApp
  let servers: VllmStandIn[]
  let clipIds: number[]
  let projectFile: string

  beforeAll(async () => {
    servers = [await vllmStandIn({ content: answer }), await vllmStandIn({ content: answer })]
    app = createStudioApp({ dataDir: tempDir('skycap-no-logprobs-'), roots: testRoots() })
    projectFile = (await call(app, 'project.create', { name: 'no logprobs' })).path
    const copies = copyClips(path.join(tempDir('skycap-no-logprobs-clips-'), 'clips'), 2)
    await call(app, 'clips.import', { kind: 'folder', path: path.dirname(copies[0]) })
    clipIds = (await call(app, 'clips.byPath', { paths: copies })).map((c) => c.clipId as number)
  })
  afterAll(async () => {
    await app?.close()
    for (const s of servers ?? []) await s.close()
  })

  const endpoint = (s: VllmStandIn) => ({ endpoints: [{ url: s.url, concurrency: 1, timeoutMs: 30_000, retries: 0 }] })

  it('asks for them, then stores the caption with "no confidence" and why', async () => {
    const job = await call(app, 'prelabel.start', { scope: 'selected', clipIds: [clipIds[0]], engine: endpoint(servers[0]) })
    expect((await waitForJob(app, job.id)).progress).toMatchObject({ done: 1, failed: 0 })
    expect(servers[0].bodies.at(-1)).toMatchObject({ logprobs: true, top_logprobs: 5 })
    const { prelabel } = await call(app, 'clips.get', { id: clipIds[0] })
    expect(prelabel?.rawText).toBe(answer)
    expect(prelabel?.caption).toEqual(parseCaption(answer).caption)
    const host = new URL(servers[0].url).host
    expect(prelabel?.confidence).toEqual({ status: 'none', reason: `${host}#1: the endpoint returned no log-probabilities` })
  })

  it('does the same for each contender of a shoot-out', async () => {
    const quants = servers.map((s, i) => ({ label: `Q${i}`, engine: endpoint(s) }))
    const job = await call(app, 'shootout.start', { quants, sample: { kind: 'clips', clipIds: [clipIds[1]] } })
    expect((await waitForJob(app, job.id)).progress).toMatchObject({ done: 1, failed: 0 })
    // every pre-label of the clip, as the project file holds them (the app shows only the latest)
    const db = new Database(projectFile, { readonly: true, fileMustExist: true })
    const byContender = new PrelabelsRepo(db).forClip(clipIds[1]).filter((p) => p.source.details.jobId === job.id)
    db.close()
    expect(byContender.map((p) => p.source.details.shootoutLabel).sort()).toEqual(['Q0', 'Q1'])
    for (const p of byContender) expect(p.confidence).toMatchObject({ status: 'none', reason: expect.stringContaining('no log-probabilities') })
  })
})
