// A job whose start never gets through (here: an endpoint check that never answers, as a model
// file that wedges its loader would) must not wedge every later host start: after
// MAX_START_FAILURES starts in a row it is no longer resumed, and says why. Real SQLite file,
// real restarts of the app on the same data folder, real ffmpeg for the check clip.
import { copyFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { MAX_START_FAILURES } from '../../src/main/jobs/jobsService'
import { fakeEndpoint, type FakeEndpoint } from '../helpers/fakeEndpoint'
import { call, waitForJob } from '../helpers/dispatch'
import { CLIP_2 } from '../helpers/fixtures'
import { tempDir } from '../helpers/temp'

const endpoints: FakeEndpoint[] = []
afterAll(async () => {
  for (const e of endpoints) await e.close()
})

function startFailures(projectFile: string, jobId: number): unknown {
  const db = new Database(projectFile, { readonly: true })
  try {
    return db.prepare<[number], { n: unknown }>(`SELECT json_extract(progress_json, '$.startFailures') AS n FROM jobs WHERE id = ?`).get(jobId)?.n
  } finally {
    db.close()
  }
}

/** A project with one clip on a fresh app. */
async function projectWithClip(dataDir: string, media: string): Promise<{ app: StudioApp; file: string; clipId: number }> {
  const app = createStudioApp({ dataDir, roots: { media: [media] } })
  const project = await call(app, 'project.create', { name: 'starts' })
  await call(app, 'clips.import', { kind: 'folder', path: media })
  const { rows } = await call(app, 'clips.list', {})
  return { app, file: project.path, clipId: rows[0].id }
}

describe('jobs that fail at start', () => {
  it(`are not resumed after ${MAX_START_FAILURES} starts in a row that never got through, and say why`, async () => {
    const dir = tempDir('skycap-starts-')
    const media = path.join(dir, 'media')
    mkdirSync(media)
    copyFileSync(CLIP_2, path.join(media, '2.mp4'))
    const hang = await fakeEndpoint('hang')
    endpoints.push(hang)
    const first = await projectWithClip(path.join(dir, 'data'), media)
    const engine = { endpoints: [{ url: hang.url, concurrency: 1, timeoutMs: 300_000, retries: 0 }] }
    const job = await call(first.app, 'prelabel.start', { scope: 'selected', clipIds: [first.clipId], engine })

    let app = first.app
    for (let start = 1; start <= MAX_START_FAILURES; start++) {
      // in the check, which never answers; then the host goes away
      await expect.poll(() => hang.requests, { timeout: 20_000 }).toBeGreaterThanOrEqual(start)
      expect((await call(app, 'jobs.list', {})).find((j) => j.id === job.id)?.state).toBe('running')
      await app.close()
      expect(startFailures(first.file, job.id)).toBe(start)
      app = createStudioApp({ dataDir: path.join(dir, 'data'), roots: { media: [media] } })
    }
    // this start does not resume it
    const [stopped] = (await call(app, 'jobs.list', {})).filter((j) => j.id === job.id)
    expect(stopped.state).toBe('failed')
    expect(stopped.error).toBe(
      `Not resumed: its last ${MAX_START_FAILURES} starts failed or never finished (loading the model, checking the endpoints). Fix that, then resume it.`
    )
    const requests = hang.requests
    await app.close()
    expect(hang.requests).toBe(requests)
  }, 120_000)

  it('count from zero again once a start gets through', async () => {
    const dir = tempDir('skycap-starts-ok-')
    const media = path.join(dir, 'media')
    mkdirSync(media)
    copyFileSync(CLIP_2, path.join(media, '2.mp4'))
    const prose = await fakeEndpoint({ prose: 'no caption here' })
    endpoints.push(prose)
    const { app, file, clipId } = await projectWithClip(path.join(dir, 'data'), media)
    try {
      const engine = { endpoints: [{ url: prose.url, concurrency: 1, timeoutMs: 5000, retries: 0, check: false }] }
      const job = await call(app, 'prelabel.start', { scope: 'selected', clipIds: [clipId], engine })
      expect(await waitForJob(app, job.id)).toMatchObject({ state: 'done', progress: { failed: 1 } })
      expect(startFailures(file, job.id)).toBe(0)
    } finally {
      await app.close()
    }
  }, 60_000)
})
