// A shoot-out where one contender fails on every clip: the other's answers are stored anyway, each
// clip's item fails naming the failing quant, and the report shows who answered what. Real app,
// real SQLite, real ffmpeg sampling; the two contenders are stand-in endpoints on 127.0.0.1 (one
// answers a caption, one prose): what is under test is the job, not a model server.
import { copyFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createStudioApp } from '../../src/main/app'
import { fakeEndpoint, type FakeEndpoint } from '../helpers/fakeEndpoint'
import { call, waitForJob } from '../helpers/dispatch'
import { CLIP_2, CLIP_3 } from '../helpers/fixtures'
import { caption } from '../helpers/library'
import { tempDir } from '../helpers/temp'

const endpoints: FakeEndpoint[] = []
afterAll(async () => {
  for (const e of endpoints) await e.close()
})

const contender = (label: string, url: string) => ({
  label,
  engine: { endpoints: [{ url, concurrency: 1, timeoutMs: 10_000, retries: 0, check: false }], maxTokens: 256 }
})

describe('a shoot-out with a failing quant', () => {
  it('keeps the other quant’s answers, fails each clip naming the quant, and reports both', async () => {
    const dir = tempDir('skycap-shootout-partial-')
    const media = path.join(dir, 'media')
    mkdirSync(media)
    copyFileSync(CLIP_2, path.join(media, '2.mp4'))
    copyFileSync(CLIP_3, path.join(media, '3.mp4'))
    const good = await fakeEndpoint({ prose: JSON.stringify(caption({ shot_type: 'close_up' })) })
    const bad = await fakeEndpoint({ prose: 'I cannot describe this video.' })
    endpoints.push(good, bad)
    const app = createStudioApp({ dataDir: path.join(dir, 'data'), roots: { media: [media] } })
    try {
      await call(app, 'project.create', { name: 'partial' })
      await call(app, 'clips.import', { kind: 'folder', path: media })
      const clipIds = (await call(app, 'clips.list', { sort: 'name' })).rows.map((r) => r.id)
      const quants = [contender('Good', good.url), contender('Bad', bad.url)]
      const started = await call(app, 'shootout.start', { quants, sample: { kind: 'clips', clipIds } })
      const job = await waitForJob(app, started.id, (j) => j.state !== 'running', 120_000)
      expect(job).toMatchObject({ state: 'done', progress: { done: 0, failed: 2 } })
      expect(job.failures.map((f) => f.clipId)).toEqual(clipIds)
      for (const f of job.failures) expect(f.error).toMatch(/^Bad: Model output is not a caption/)
      // every clip kept Good's answer, marked as this shoot-out's
      for (const id of clipIds) {
        const detail = await call(app, 'clips.get', { id })
        expect(detail.prelabel?.source.details).toMatchObject({ shootoutLabel: 'Good', jobId: started.id })
        expect(detail.prelabel?.caption.shot_type).toBe('close_up')
      }
      const report = await call(app, 'shootout.report', {})
      expect(report.quants.map((q) => [q.label, q.clips, q.reused, q.unanswered])).toEqual([
        ['Good', 2, 0, 0],
        ['Bad', 0, 0, 2]
      ])
      expect(report.quants[0].secondsPerClip).toBeGreaterThan(0)
      expect(report.quants[1].secondsPerClip).toBeNull()
      // a second shoot-out of the same clips asks only the quant that failed
      const asked = { good: good.requests, bad: bad.requests }
      const again = await call(app, 'shootout.start', { quants, sample: { kind: 'clips', clipIds } })
      await waitForJob(app, again.id, (j) => j.state !== 'running', 120_000)
      expect(good.requests).toBe(asked.good)
      expect(bad.requests).toBe(asked.bad + 2)
    } finally {
      await app.close()
    }
  }, 180_000)
})
