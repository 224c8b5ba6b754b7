// A caption with é, ü, — and an emoji from a real HTTP server standing in for vLLM (which cannot run
// here), its log-probabilities in vLLM's shape: each token decoded alone, so a token holding part of
// a UTF-8 character reads U+FFFD with the bytes of U+FFFD. The real pre-label job and captioner path
// still score it, with tokens that spell the stored answer.
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { ConfidenceRepo } from '../../src/main/store/confidence'
import { readCsv } from '../helpers/cli'
import { call, waitForJob } from '../helpers/dispatch'
import { RESULT_CSV } from '../helpers/fixtures'
import { copyClips } from '../helpers/prelabel'
import { testRoots } from '../helpers/roots'
import { tempDir } from '../helpers/temp'
import { vllmStandIn, type VllmStandIn } from '../helpers/vllmStandIn'

/** vLLM's logprobs for `content` cut into 3-byte tokens: token = the piece decoded alone, bytes = that text's UTF-8. */
function vllmLogprobs(content: string) {
  const bytes = Buffer.from(content, 'utf8')
  const pieces: Buffer[] = []
  for (let at = 0; at < bytes.length; at += 3) pieces.push(bytes.subarray(at, at + 3))
  return {
    content: pieces.map((piece, i) => {
      const token = new TextDecoder().decode(piece)
      const logprob = -((i % 7) + 1) / 20
      const alternative = { token: 'x', logprob: -4, bytes: [0x78] }
      return { token, logprob, bytes: [...Buffer.from(token, 'utf8')], top_logprobs: [{ token, logprob, bytes: [...Buffer.from(token, 'utf8')] }, alternative] }
    })
  }
}

describe('confidence from a vLLM stand-in whose tokens split UTF-8 characters', () => {
  const real = JSON.parse(readCsv(RESULT_CSV)[1].structural_caption) as Record<string, unknown>
  const answer = JSON.stringify({ ...real, environment: 'A café terrace in Zürich — at dusk 🌇, tables along the street' })
  const logprobs = vllmLogprobs(answer)
  let app: StudioApp
  let server: VllmStandIn
  let clipId: number
  let projectFile: string

  beforeAll(async () => {
    server = await vllmStandIn({ content: answer, logprobs })
    app = createStudioApp({ dataDir: tempDir('skycap-vllm-split-'), roots: testRoots() })
    projectFile = (await call(app, 'project.create', { name: 'vllm split' })).path
    const copies = copyClips(path.join(tempDir('skycap-vllm-split-clips-'), 'clips'), 1)
    await call(app, 'clips.import', { kind: 'folder', path: path.dirname(copies[0]) })
    clipId = (await call(app, 'clips.byPath', { paths: copies }))[0].clipId as number
  })
  afterAll(async () => {
    await app?.close()
    await server?.close()
  })

  it('scores the caption and stores tokens that spell it, each split character given to the token that completes it', async () => {
    // the shape under test: replacement characters where the answer has none
    expect(logprobs.content.filter((t) => t.token.includes('\uFFFD')).length).toBeGreaterThanOrEqual(4)
    const job = await call(app, 'prelabel.start', {
      scope: 'selected',
      clipIds: [clipId],
      engine: { endpoints: [{ url: server.url, concurrency: 1, timeoutMs: 30_000, retries: 0 }], topLogprobs: 2 }
    })
    expect((await waitForJob(app, job.id)).progress).toMatchObject({ done: 1, failed: 0 })
    const { prelabel } = await call(app, 'clips.get', { id: clipId })
    expect(prelabel?.rawText).toBe(answer)
    expect(prelabel?.confidence, JSON.stringify(prelabel?.confidence)).toMatchObject({ status: 'scored', topK: 2 })
    const fields = prelabel?.confidence?.status === 'scored' ? prelabel.confidence.fields : []
    expect(fields.find((f) => f.path === 'environment')?.p).toBeGreaterThan(0)

    const db = new Database(projectFile, { readonly: true, fileMustExist: true })
    const tokens = new ConfidenceRepo(db).tokens(prelabel!.id)
    db.close()
    expect(tokens?.map((t) => t.token).join('')).toBe(answer)
    expect(tokens).toHaveLength(logprobs.content.length)
    // each split character sits in the 3-byte token holding its last byte; no U+FFFD is left
    for (const c of ['é', 'ü', '—', '🌇']) {
      const last = Buffer.from(answer, 'utf8').indexOf(Buffer.from(c, 'utf8')) + Buffer.byteLength(c) - 1
      expect(tokens![Math.floor(last / 3)].token, c).toContain(c)
    }
    expect(tokens!.some((t) => t.token.includes('\uFFFD'))).toBe(false)
  })
})
