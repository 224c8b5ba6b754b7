// Fusion jobs against an OpenAI-compatible endpoint: the request the original sends, job scopes,
// pause / resume / cancel, and a job interrupted by closing the app that resumes at the next start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emptyCaption } from '../../src/shared/caption'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { planFusion } from '../../src/main/fusion/rules'
import { chatEndpoint, type ChatEndpoint } from '../helpers/chatEndpoint'
import { RESULT_CSV } from '../helpers/fixtures'
import { call, fail, waitForJob } from '../helpers/dispatch'
import { scratch } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

const newDir = scratch('skycap-fusion-job-')

let endpoint: ChatEndpoint
let slow: ChatEndpoint

beforeAll(async () => {
  endpoint = await chatEndpoint(() => 'Composed by the endpoint.\n')
  slow = await chatEndpoint(() => 'Slowly composed.', 300)
})
afterAll(async () => {
  await endpoint?.close()
  await slow?.close()
})

async function seededApp(dataDir = newDir('fusion-job')): Promise<{ app: StudioApp; ids: number[] }> {
  const app = createStudioApp({ dataDir, roots: testRoots() })
  await call(app, 'project.create', { name: 'fusion job' })
  await call(app, 'clips.import', { kind: 'csv', path: RESULT_CSV })
  const { rows } = await call(app, 'clips.list', { sort: 'name' })
  return { app, ids: rows.map((r) => r.id) }
}

const remote = (url: string, concurrency = 1) => ({ endpoints: [{ url, concurrency, model: 'Qwen2.5-32B-Instruct-Q8_0' }] })

describe('fusion jobs against an endpoint', () => {
  it('sends the original request: the prompt as the only (system) message, temperature 0.1, 512 tokens, stop at a blank line, other samplers off', async () => {
    const { app, ids } = await seededApp()
    try {
      const job = await call(app, 'fusion.start', { scope: 'selected', clipIds: [ids[1]], tasks: ['i2v'], engine: remote(endpoint.url) })
      expect(await waitForJob(app, job.id)).toMatchObject({ state: 'done', progress: { done: 1 } })
      const caption = (await call(app, 'clips.get', { id: ids[1] })).prelabel!.caption
      expect(endpoint.bodies.at(-1)).toEqual({
        model: 'Qwen2.5-32B-Instruct-Q8_0',
        messages: [{ role: 'system', content: planFusion(caption, 'i2v').prompt }],
        temperature: 0.1,
        max_tokens: 512,
        // neither llama-server nor vLLM: the OpenAI fields every server knows
        top_p: 1,
        presence_penalty: 0,
        frequency_penalty: 0,
        stop: ['\n\n'],
        seed: 0
      })
      const fused = await call(app, 'fusion.get', { clipId: ids[1] })
      expect(fused.t2v).toBeNull()
      expect(fused.i2v).toMatchObject({ text: 'Composed by the endpoint. ', origin: 'model' })
      expect(fused.i2v!.source).toMatchObject({ engine: 'openai-compatible', quant: 'Q8_0', servedModel: 'served-Q8_0' })
    } finally {
      await app.close()
    }
  })

  it('missing: approved clips without their captions only; a clip without subjects makes no request', async () => {
    const { app, ids } = await seededApp()
    try {
      for (const id of ids.slice(0, 2)) {
        const { prelabel } = await call(app, 'clips.get', { id })
        const caption = id === ids[0] ? { ...emptyCaption(), camera_motion: 'static shot' } : prelabel!.caption
        await call(app, 'captions.save', { clipId: id, caption, status: 'approved', annotator: 'ana', baseNumber: 0 })
      }
      const requests = endpoint.bodies.length
      const job = await call(app, 'fusion.start', { scope: 'missing', engine: remote(endpoint.url) })
      expect(job.progress.total).toBe(2) // 3.mp4 is not approved
      expect(await waitForJob(app, job.id)).toMatchObject({ state: 'done', progress: { done: 2, failed: 0 } })
      expect(endpoint.bodies.length - requests).toBe(2) // t2v + i2v of 2.mp4; none for the empty caption
      expect((await call(app, 'fusion.get', { clipId: ids[0] })).t2v).toMatchObject({ text: '- Static shot.', origin: 'rule', revisionNumber: 1 })
      const again = await fail(app, 'fusion.start', { scope: 'missing', engine: remote(endpoint.url) })
      expect(again).toMatchObject({ code: 'invalid_input', message: 'Every approved clip already has its fusion captions' })
    } finally {
      await app.close()
    }
  })

  it('pauses, resumes and cancels like a pre-label job', async () => {
    const { app, ids } = await seededApp()
    try {
      const job = await call(app, 'fusion.start', { scope: 'selected', clipIds: [...ids, ...ids], engine: remote(slow.url) })
      await waitForJob(app, job.id, (j) => j.progress.done >= 1, 20_000)
      await call(app, 'jobs.pause', { id: job.id })
      const paused = await waitForJob(app, job.id, (j) => j.state !== 'running', 20_000)
      expect(paused.state).toBe('paused')
      expect(paused.progress.pending).toBeGreaterThan(0)
      await call(app, 'jobs.resume', { id: job.id })
      expect(await waitForJob(app, job.id, (j) => j.state !== 'running', 20_000)).toMatchObject({ state: 'done', progress: { done: 3, pending: 0 } })

      const second = await call(app, 'fusion.start', { scope: 'all', engine: remote(slow.url) })
      await call(app, 'jobs.cancel', { id: second.id })
      const cancelled = await waitForJob(app, second.id, (j) => j.state !== 'running', 20_000)
      expect(cancelled.state).toBe('cancelled')
      expect(cancelled.progress.pending).toBeGreaterThan(0)
    } finally {
      await app.close()
    }
  })

  it('a job running when the app closes carries on at the next start, without doing a clip twice', async () => {
    const dataDir = newDir('fusion-resume')
    const first = await seededApp(dataDir)
    const job = await call(first.app, 'fusion.start', { scope: 'all', engine: remote(slow.url) })
    await waitForJob(first.app, job.id, (j) => j.progress.done >= 1, 20_000)
    const project = (await call(first.app, 'app.info', {})).project!.path
    await first.app.close()

    const app = createStudioApp({ dataDir, projectPath: project, roots: testRoots() })
    try {
      const resumed = await waitForJob(app, job.id, (j) => j.state === 'done', 20_000)
      expect(resumed.progress).toMatchObject({ total: 3, done: 3, failed: 0 })
      for (const id of first.ids) {
        const history = await call(app, 'fusion.history', { clipId: id, task: 't2v' })
        expect(history).toHaveLength(1)
      }
    } finally {
      await app.close()
    }
  })
})
