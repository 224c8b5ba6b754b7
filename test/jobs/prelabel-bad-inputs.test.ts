// Bad inputs in a real pre-label job: each gives a clear per-clip result while the job goes on.
// Real ffmpeg makes the files, a real llama-server labels the good ones; model output that is not
// JSON and an endpoint that hangs come from a stand-in endpoint on 127.0.0.1.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyModels } from '../../scripts/make-tiny-models'
import { StructuralCaption } from '../../src/shared/caption'
import type { EngineConfig, JobInfo } from '../../src/shared/jobs'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { CLIP_3 } from '../helpers/fixtures'
import { fakeEndpoint } from '../helpers/fakeEndpoint'
import { call, waitForJob, requireLlamaServer } from '../helpers/prelabel'
import { noise } from '../helpers/media'
import { tempDir } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

requireLlamaServer() // fails the suite, saying how to build one, when llama-server is missing

const ffmpeg = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args])
const UNICODE_CLIP = path.join('été à Zürich', 'clip 1 — 日本.mp4')

/** One file of each kind the issue lists, made with real ffmpeg where a real file is needed. */
function makeClips(dir: string): void {
  mkdirSync(path.join(dir, 'été à Zürich'), { recursive: true })
  writeFileSync(path.join(dir, 'corrupt.mp4'), noise(200 * 1024, 'corrupt.mp4'))
  writeFileSync(path.join(dir, 'zero.mp4'), '')
  ffmpeg('-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', path.join(dir, 'audio-only.mp4'))
  ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-frames:v', '1', '-pix_fmt', 'yuv420p', path.join(dir, 'one-frame.mp4'))
  ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=360x640:rate=25:duration=2', '-pix_fmt', 'yuv420p', path.join(dir, 'portrait.mp4'))
  // 10 minutes, made cheap: tiny frames at 10 fps, fastest preset
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=160x120:rate=10:duration=600',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    path.join(dir, 'ten-minutes.mp4')
  )
  copyFileSync(CLIP_3, path.join(dir, UNICODE_CLIP))
}

describe('bad inputs in a pre-label job', () => {
  let app: StudioApp
  let dir: string
  let byName: Map<string, number>
  let local: EngineConfig

  beforeAll(async () => {
    const models = await ensureTinyModels()
    local = {
      local: { model: models.model, mmproj: models.mmproj, contextPerSlot: 4096, parallel: 1, gpuLayers: 0, timeoutMs: 60_000 },
      endpoints: [],
      maxTokens: 64,
      topLogprobs: 5
    }
    dir = path.join(tempDir('skycap-bad-inputs-'), 'clips')
    makeClips(dir)
    app = createStudioApp({ dataDir: tempDir('skycap-bad-data-'), roots: testRoots() })
    await call(app, 'project.create', { name: 'bad inputs' })
    const report = await call(app, 'clips.import', { kind: 'folder', path: dir })
    expect(report.found).toBe(7)
    const { rows } = await call(app, 'clips.list', { sort: 'name', limit: 100 })
    byName = new Map(rows.map((r) => [path.relative(dir, r.path), r.id]))
  }, 120_000)

  afterAll(async () => {
    await app?.close()
  })

  const ids = (...names: string[]) => names.map((n) => byName.get(n) as number)
  const failure = (job: JobInfo, name: string) => job.failures.find((f) => f.path === path.join(dir, name))?.error

  it('fails corrupt, empty and audio-only files with the reason, and labels the odd-but-valid videos', async () => {
    expect([...byName.keys()].sort()).toEqual(
      ['audio-only.mp4', 'corrupt.mp4', 'one-frame.mp4', 'portrait.mp4', 'ten-minutes.mp4', 'zero.mp4', UNICODE_CLIP].sort()
    )
    // a lead selects every clip, the broken ones included
    const started = await call(app, 'prelabel.start', { scope: 'selected', clipIds: [...byName.values()], engine: local })
    const job = await waitForJob(app, started.id, (j) => j.state === 'done', 120_000)
    expect(job.progress).toMatchObject({ total: 7, done: 4, failed: 3, pending: 0 })

    expect(failure(job, 'corrupt.mp4')).toMatch(/corrupt\.mp4 is not a readable media file \(corrupt or unsupported\)/)
    expect(failure(job, 'zero.mp4')).toMatch(/Empty file \(0 bytes\)/)
    expect(failure(job, 'audio-only.mp4')).toMatch(/audio-only\.mp4 has no video stream: it has only audio streams/)

    for (const name of ['one-frame.mp4', 'portrait.mp4', 'ten-minutes.mp4', UNICODE_CLIP]) {
      const { clip, prelabel } = await call(app, 'clips.get', { id: byName.get(name) as number })
      expect(prelabel?.source.details.jobId, name).toBe(started.id)
      expect(StructuralCaption.safeParse(prelabel?.caption).success, name).toBe(true)
      expect(prelabel?.timings.promptTokens, name).toBeGreaterThan(8 * 195) // all 16 frames, whatever the source shape
      if (name === 'ten-minutes.mp4') expect(clip.frameCount).toBe(6000)
      if (name === 'one-frame.mp4') expect(clip.frameCount).toBe(1)
    }
  }, 150_000)

  it('fails a clip whose model output is not JSON, saying so without quoting the answer, and finishes the job', async () => {
    const prose = 'The video shows a lovely sunny beach with waves rolling in.'
    const fake = await fakeEndpoint({ prose })
    try {
      // the check would refuse it (see below): turned off, the job meets its prose clip by clip
      const engine = { endpoints: [{ url: fake.url, concurrency: 1, timeoutMs: 5000, retries: 0, check: false }] }
      const started = await call(app, 'prelabel.start', { scope: 'selected', clipIds: ids('portrait.mp4', 'one-frame.mp4'), engine })
      const job = await waitForJob(app, started.id)
      expect(job).toMatchObject({ state: 'done', progress: { total: 2, done: 0, failed: 2 } })
      expect(fake.requests).toBe(2)
      for (const f of job.failures) {
        expect(f.error).toBe(`Model output is not a caption (Output contains no JSON object; ${prose.length} characters)`)
        expect(f.error).not.toContain('sunny beach') // any endpoint may answer: its text stays out of job errors
      }
    } finally {
      await fake.close()
    }
  }, 60_000)

  it.each(['hang', 'stall'] as const)(
    'times out on an endpoint that does not finish its answer (%s), fails the clip and goes on',
    async (how) => {
      const fake = await fakeEndpoint(how)
      try {
        const engine = { endpoints: [{ url: fake.url, concurrency: 1, timeoutMs: 1000, retries: 0, check: false }] }
        const t0 = performance.now()
        const started = await call(app, 'prelabel.start', { scope: 'selected', clipIds: ids('portrait.mp4', 'one-frame.mp4'), engine })
        const job = await waitForJob(app, started.id, undefined, 30_000)
        expect(job).toMatchObject({ state: 'done', progress: { total: 2, done: 0, failed: 2 } })
        expect(fake.requests).toBe(2) // the second clip was tried after the first timed out
        for (const f of job.failures) expect(f.error).toMatch(/timed out after 1 s/)
        expect(performance.now() - t0).toBeLessThan(15_000)
      } finally {
        await fake.close()
      }
    },
    60_000
  )

  it('refuses, with the check on, a server whose prompt tokens show it never saw the clip, and sends it no clip', async () => {
    const fake = await fakeEndpoint({ prose: 'A beach.' })
    try {
      const engine = { endpoints: [{ url: fake.url, concurrency: 1, timeoutMs: 5000, retries: 0 }] }
      const started = await call(app, 'prelabel.start', { scope: 'selected', clipIds: ids('portrait.mp4'), engine })
      const job = await waitForJob(app, started.id)
      expect(job.state).toBe('failed')
      expect(job.error).toMatch(/refused: the check clip took 0 prompt tokens instead of 1578 \(llama.cpp\) or 1562 \(vLLM\)/)
      expect(fake.requests).toBe(2) // the check's two requests, no clip
    } finally {
      await fake.close()
    }
  }, 60_000)
})
