// Pre-label jobs through dispatch() with a real llama-server, real ffmpeg and a real SQLite file:
// every clip gets a schema-valid model pre-label, the frames reach the model as one video of
// 8 merged pairs, pause/resume/cancel work, and no llama-server survives app.close().
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyModels, type TinyModels } from '../../scripts/make-tiny-models'
import { StructuralCaption } from '../../src/shared/caption'
import type { EngineConfig } from '../../src/shared/jobs'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { structPrompt } from '../../src/main/inference/captionRequest'
import { MODEL_FRAME_HEIGHT, MODEL_FRAME_WIDTH, sampleClip } from '../../src/main/inference/frames'
import { ProcessManager } from '../../src/main/processes'
import { CLIP_2, SEED_DIR } from '../helpers/fixtures'
import { busy, call, copyClips, waitForJob, waitGone, requireLlamaServer } from '../helpers/prelabel'
import { tempDir } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

requireLlamaServer() // fails the suite, saying how to build one, when llama-server is missing

describe('pre-label jobs with a real llama-server', () => {
  let models: TinyModels
  let app: StudioApp
  let dataDir: string
  let engine: EngineConfig

  beforeAll(async () => {
    models = await ensureTinyModels()
    engine = {
      local: { model: models.model, mmproj: models.mmproj, contextPerSlot: 4096, parallel: 1, gpuLayers: 0, timeoutMs: 60_000 },
      endpoints: [],
      maxTokens: 96,
      topLogprobs: 5
    }
    dataDir = tempDir('skycap-prelabel-job-')
    app = createStudioApp({ dataDir, roots: testRoots() })
    await call(app, 'project.create', { name: 'prelabel' })
  }, 120_000)

  afterAll(async () => {
    await app?.close()
  })

  const llamaPid = () => app.processes.list().find((p) => path.basename(p.command).startsWith('llama-server'))?.pid

  /** The local server's URL, from the line the host writes to its log at each start. */
  function serverUrl(): string {
    const log = readFileSync(path.join(dataDir, 'logs/llama-server.log'), 'utf8')
    const port = [...log.matchAll(/starting .* on port (\d+)/g)].pop()?.[1]
    if (!port) throw new Error(`no start line in the llama-server log:\n${log.slice(-1000)}`)
    return `http://127.0.0.1:${port}`
  }

  async function promptTokens(content: unknown[]): Promise<number> {
    const res = await fetch(`${serverUrl()}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // cache_prompt off: usage counts every prompt token, not just the uncached tail
      body: JSON.stringify({ messages: [{ role: 'user', content }], max_tokens: 1, cache_prompt: false })
    })
    const body = (await res.json()) as { usage?: { prompt_tokens: number } }
    if (!res.ok || !body.usage) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body).slice(0, 300)}`)
    return body.usage.prompt_tokens
  }

  it('gives every fixture clip a schema-valid model pre-label, its frames sent as one video of 8 pairs', async () => {
    const report = await call(app, 'clips.import', { kind: 'folder', path: SEED_DIR })
    expect(report).toMatchObject({ found: 2, added: 2, failed: [] })

    const started = await call(app, 'prelabel.start', { scope: 'unlabeled', engine })
    expect(started).toMatchObject({ state: 'running', progress: { total: 2 } })
    const job = await waitForJob(app, started.id, (j) => j.state === 'done', 90_000)
    expect(job.progress).toMatchObject({ total: 2, done: 2, failed: 0, pending: 0 })
    expect(job.failures).toEqual([])

    const { rows } = await call(app, 'clips.list', { sort: 'name' })
    expect(rows.map((r) => r.name)).toEqual(['2.mp4', '3.mp4'])
    const prompts: number[] = []
    for (const row of rows) {
      const { prelabel } = await call(app, 'clips.get', { id: row.id })
      if (!prelabel) throw new Error(`${row.name} has no pre-label`)
      expect(prelabel.source.kind).toBe('model')
      expect(StructuralCaption.safeParse(prelabel.caption).success).toBe(true)
      expect(prelabel.rawText.length).toBeGreaterThan(0)
      expect(prelabel.source.details).toMatchObject({ model: models.model, mmproj: models.mmproj, jobId: started.id, endpoint: 'local' })
      // provenance of the files: name, quant from the GGUF header, sha256 (hashed in the background at launch)
      expect(prelabel.source.details).toMatchObject({
        modelFile: 'tiny-qwen2.5-vl.gguf',
        quant: 'F16',
        modelSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        mmprojFile: 'tiny-qwen2.5-vl-mmproj.gguf',
        mmprojSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        contextPerSlot: 4096
      })
      const t = prelabel.timings
      for (const key of ['sampleMs', 'requestMs', 'promptMs']) expect(t[key], key).toBeGreaterThan(0)
      expect(t.promptTokens).toBeGreaterThan(500)
      prompts.push(t.promptTokens)
    }

    // The same 16 frames as 16 separate images cost about twice the vision tokens of one video:
    // the video was merged into 8 temporal pairs of 13x15 = 195 tokens each (364x420, 14 px patches).
    const text = await promptTokens([{ type: 'text', text: structPrompt() }])
    const frames = await sixteenFramesAsPng(CLIP_2)
    const images = await promptTokens([...frames.map((url) => ({ type: 'image_url', image_url: { url } })), { type: 'text', text: structPrompt() }])
    const videoVision = prompts[0] - text
    const imageVision = images - text
    console.log(`[prelabel-job] prompt tokens: text ${text}, job's video ${prompts.join('/')}, 16 images ${images}`)
    expect(videoVision).toBeGreaterThanOrEqual(8 * 195)
    expect(videoVision).toBeLessThan(8 * 195 + 40) // pairs plus a few marker tokens, no 9th chunk
    expect(imageVision).toBeGreaterThanOrEqual(16 * 195)
    expect(imageVision / videoVision).toBeGreaterThan(1.8)
  }, 120_000)

  it('pauses, resumes and cancels a job over several clips', async () => {
    const copies = copyClips(path.join(tempDir('skycap-pause-'), 'copies'), 6)
    await call(app, 'clips.import', { kind: 'folder', path: path.dirname(copies[0]) })
    const ids = (await call(app, 'clips.byPath', { paths: copies })).map((c) => c.clipId as number)

    const job = await call(app, 'prelabel.start', { scope: 'selected', clipIds: ids, engine })
    await waitForJob(app, job.id, (j) => j.progress.done >= 1)
    await call(app, 'jobs.pause', { id: job.id })
    const paused = await waitForJob(app, job.id, (j) => j.state === 'paused')
    expect(paused.progress.done).toBeLessThan(6)
    // paused really means stopped: nothing moves while we wait
    await new Promise((r) => setTimeout(r, 1500))
    const still = (await call(app, 'jobs.list', {})).find((j) => j.id === job.id)
    expect(still?.progress).toMatchObject({ done: paused.progress.done, pending: 6 - paused.progress.done })

    await call(app, 'jobs.resume', { id: job.id })
    const resumed = await waitForJob(app, job.id, (j) => j.state === 'running' && j.progress.done > paused.progress.done)
    await call(app, 'jobs.cancel', { id: job.id })
    const cancelled = await waitForJob(app, job.id, (j) => j.state === 'cancelled')
    expect(cancelled.progress.done).toBeGreaterThanOrEqual(resumed.progress.done)
    expect(cancelled.progress.pending).toBeGreaterThan(0)
    expect(cancelled.progress.failed).toBe(0)
    // a cancelled job stays cancelled: resume does not bring it back
    await new Promise((r) => setTimeout(r, 200))
    expect((await call(app, 'jobs.resume', { id: job.id })).state).toBe('cancelled')
    await new Promise((r) => setTimeout(r, 1500))
    expect((await call(app, 'jobs.list', {})).find((j) => j.id === job.id)).toMatchObject({ state: 'cancelled', progress: cancelled.progress })

    // each done item has exactly one pre-label from this job; pending ones have none
    let labelled = 0
    for (const id of ids) {
      const { prelabel } = await call(app, 'clips.get', { id })
      if (prelabel?.source.details.jobId === job.id) labelled++
    }
    expect(labelled).toBe(cancelled.progress.done)
  }, 120_000)

  it('ends a job done, not paused, when it is paused while its last clip is in flight', async () => {
    const [copy] = copyClips(path.join(tempDir('skycap-last-'), 'copies'), 1)
    await call(app, 'clips.import', { kind: 'folder', path: path.dirname(copy) })
    const [{ clipId }] = await call(app, 'clips.byPath', { paths: [copy] })
    const job = await call(app, 'prelabel.start', { scope: 'selected', clipIds: [clipId as number], engine })
    await call(app, 'jobs.pause', { id: job.id }) // the clip is already taken: pausing lets it finish
    const end = await waitForJob(app, job.id)
    expect(end).toMatchObject({ state: 'done', progress: { done: 1, pending: 0 } })
  }, 60_000)

  it('restarts the local llama-server when it dies mid-job, and the clip it had is not lost', async () => {
    const copies = copyClips(path.join(tempDir('skycap-restart-'), 'copies'), 4)
    await call(app, 'clips.import', { kind: 'folder', path: path.dirname(copies[0]) })
    const ids = (await call(app, 'clips.byPath', { paths: copies })).map((c) => c.clipId as number)
    const job = await call(app, 'prelabel.start', { scope: 'selected', clipIds: ids, engine })
    await waitForJob(app, job.id, (j) => j.progress.done >= 1)
    const before = llamaPid() as number
    expect(await busy(serverUrl())).toBe(true) // kill it while it works on a clip
    process.kill(before, 'SIGKILL')
    const done = await waitForJob(app, job.id, undefined, 60_000)
    expect(done.failures).toEqual([])
    expect(done).toMatchObject({ state: 'done', progress: { done: 4, failed: 0 } })
    const after = llamaPid()
    expect(after).toBeTypeOf('number')
    expect(after).not.toBe(before)
    expect(readFileSync(path.join(dataDir, 'logs/llama-server.log'), 'utf8')).toMatch(/exited code=null signal=SIGKILL/)
  }, 90_000)

  it('leaves no llama-server behind after app.close() in the middle of a job, which stays resumable', async () => {
    const { rows } = await call(app, 'clips.list', { limit: 100 })
    const job = await call(app, 'prelabel.start', { scope: 'all', engine })
    const pid = llamaPid()
    expect(pid, JSON.stringify(app.processes.list())).toBeTypeOf('number')
    expect(await busy(serverUrl())).toBe(true)
    const project = (await call(app, 'app.info', {})).project?.path as string
    await app.close()
    await waitGone(pid as number, 3000)
    expect(app.processes.list()).toEqual([])

    const db = new Database(project, { readonly: true })
    const state = db.prepare('SELECT state FROM jobs WHERE id = ?').get(job.id) as { state: string }
    const pending = db.prepare(`SELECT count(*) AS n FROM job_items WHERE job_id = ? AND state = 'pending'`).get(job.id) as { n: number }
    db.close()
    expect(state.state).toBe('running') // picked up again at the next start
    expect(pending.n).toBeGreaterThan(0)
    expect(pending.n).toBeLessThanOrEqual(rows.length)
  }, 30_000)
})

/** The 16 sampled frames of a clip as PNG data URLs, exactly as the job samples them. */
async function sixteenFramesAsPng(clip: string): Promise<string[]> {
  const processes = new ProcessManager()
  const probe = JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=nb_frames', '-of', 'json', clip], { encoding: 'utf8' })
  )
  const sample = await sampleClip('ffmpeg', processes, clip, Number(probe.streams[0].nb_frames))
  const dir = tempDir('skycap-frames-')
  writeFileSync(path.join(dir, 'frames.rgb'), Buffer.concat(sample.frames))
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-s',
    `${MODEL_FRAME_WIDTH}x${MODEL_FRAME_HEIGHT}`,
    '-i',
    path.join(dir, 'frames.rgb'),
    path.join(dir, 'f%02d.png')
  ])
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort()
  expect(files).toHaveLength(16)
  return files.map((f) => `data:image/png;base64,${readFileSync(path.join(dir, f)).toString('base64')}`)
}
