// jobs.cancel through the real app stops a job whose start never returns and ignores the abort
// (as an in-process model load does), and the app still closes. The work is a test kind put in
// place of pre-labeling's (prelabel.start then runs it): what is under test is the route, the jobs
// service and its runner.
import { copyFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createStudioApp } from '../../src/main/app'
import { call, waitForJob } from '../helpers/dispatch'
import { CLIP_2 } from '../helpers/fixtures'
import { tempDir } from '../helpers/temp'

describe('jobs.cancel', () => {
  it('stops a job during a start that never returns, and the app closes', async () => {
    const dir = tempDir('skycap-cancel-')
    const media = path.join(dir, 'media')
    mkdirSync(media)
    copyFileSync(CLIP_2, path.join(media, '2.mp4'))
    const app = createStudioApp({ dataDir: path.join(dir, 'data'), roots: { media: [media] } })
    let processed = 0
    app.jobs.register('prelabel', {
      work: () => ({
        prepare: () => new Promise<void>(() => undefined),
        concurrency: () => 1,
        processOne: async () => void processed++,
        store: () => undefined
      })
    })
    await call(app, 'project.create', { name: 'cancel' })
    await call(app, 'clips.import', { kind: 'folder', path: media })
    const { rows } = await call(app, 'clips.list', {})
    const engine = { endpoints: [{ url: 'http://127.0.0.1:9', concurrency: 1 }] }
    const job = await call(app, 'prelabel.start', { scope: 'selected', clipIds: [rows[0].id], engine })
    expect(job.state).toBe('running')
    await call(app, 'jobs.cancel', { id: job.id })
    expect(await waitForJob(app, job.id, (j) => j.state !== 'running', 10_000)).toMatchObject({ state: 'cancelled', progress: { pending: 1 } })
    expect(processed).toBe(0)
    await app.close()
  })
})
