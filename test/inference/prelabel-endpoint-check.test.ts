// The endpoint check against real servers: llama-server with the studio's flags passes, one
// started without the video flags is refused (and a job on it sends no clip), and stand-ins for
// vLLM's request handling pass or fail by whether they keep the 16 frames.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyModels, type TinyModels } from '../../scripts/make-tiny-models'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { captionSample } from '../../src/main/inference/captioner'
import { remoteEndpoints } from '../../src/main/inference/endpoint'
import { checkEndpoint, expectedClipTokens, identifyEngine, LLAMA_VIDEO_PREFIX_TOKENS, probeClip } from '../../src/main/inference/endpointCheck'
import { freePort } from '../../src/main/inference/freePort'
import { LLAMA_SERVER_ENV, llamaServerArgs, LlamaServer } from '../../src/main/inference/llamaServer'
import { EndpointPool } from '../../src/main/inference/pool'
import { resolveTools } from '../../src/main/media/tools'
import { ProcessManager } from '../../src/main/processes'

import { call, copyClips, prelabelsPerClip, waitForJob, requireLlamaServer } from '../helpers/prelabel'
import { vllmStandIn } from '../helpers/vllmStandIn'
import { tempDir } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

/** Fails the suite, saying how to build one, when llama-server is missing. */
const LLAMA_SERVER = requireLlamaServer()

const ffmpeg = resolveTools().ffmpeg as string
const endpoint = (url: string) => remoteEndpoints([{ url, concurrency: 1, timeoutMs: 60_000, retries: 0 }])[0]

/** The tiny pair on one slot and one thread (two servers share the two cores). */
const tinyServer = (models: TinyModels, logFile: string) => ({
  binary: LLAMA_SERVER,
  model: models.model,
  mmproj: models.mmproj,
  contextPerSlot: 8192,
  parallel: 1,
  gpuLayers: 0,
  threads: 1,
  logFile
})

/** A llama-server started as someone might on a GPU box: the studio's flags less the two video ones. */
async function serverWithoutVideoFlags(processes: ProcessManager, models: TinyModels): Promise<string> {
  const port = await freePort()
  const args = llamaServerArgs(tinyServer(models, ''), port).join(' ').replace('--video-fps 0 --video-timestamp-interval 0', '').split(/\s+/).filter(Boolean)
  processes.spawn(LLAMA_SERVER, args, { stdio: 'ignore', env: { ...process.env, ...LLAMA_SERVER_ENV } })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 600; i++) {
    if (
      await fetch(`${url}/health`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      return url
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('llama-server without video flags did not start')
}

describe('the endpoint check', () => {
  const processes = new ProcessManager()
  let models: TinyModels
  let good: LlamaServer
  let bare: string
  beforeAll(async () => {
    models = await ensureTinyModels()
    good = new LlamaServer(processes, tinyServer(models, path.join(tempDir(), 'good.log')))
    await good.ensureRunning()
    bare = await serverWithoutVideoFlags(processes, models)
  }, 120_000)
  afterAll(async () => {
    await good?.stop()
    processes.killAll()
  })

  it('derives the "Video:" prefix from the real Qwen2 vocabulary, and passes llama-server started with the studio flags', async () => {
    const tokens = await fetch(`${good.baseUrl}/tokenize`, { method: 'POST', body: JSON.stringify({ content: 'Video:' }) }).then((r) => r.json())
    expect((tokens as { tokens: number[] }).tokens).toHaveLength(LLAMA_VIDEO_PREFIX_TOKENS)
    const e = endpoint(good.baseUrl as string)
    expect(await identifyEngine(e)).toBe('llama.cpp')
    const check = await checkEndpoint(e, await probeClip(ffmpeg, processes))
    expect(check).toMatchObject({ ok: true, engine: 'llama.cpp', clipTokens: expectedClipTokens()['llama.cpp'] })
    // 8 pairs of 13×15 merged patches, each its own chunk: 2 + 8 × (195 + 2)
    expect(check.clipTokens).toBe(1578)
  }, 60_000)

  it('leaves llama-server no sampler of its own: the slot ran with every field the request set', async () => {
    const pool = new EndpointPool([endpoint(good.baseUrl as string)])
    await pool.prepare()
    await captionSample(pool, await probeClip(ffmpeg, processes), { maxTokens: 8 })
    const slots = (await fetch(`${good.baseUrl}/slots`).then((r) => r.json())) as { params?: Record<string, unknown> }[]
    expect(slots[0].params).toMatchObject({
      temperature: expect.closeTo(0.05, 6),
      top_k: 0,
      top_p: 1,
      min_p: 0,
      typical_p: 1,
      repeat_penalty: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
      dry_multiplier: 0,
      xtc_probability: 0,
      mirostat: 0
    })
  }, 60_000)

  it('refuses a llama-server started without --video-fps 0 --video-timestamp-interval 0, naming the flags', async () => {
    const check = await checkEndpoint(endpoint(bare), await probeClip(ffmpeg, processes))
    expect(check.ok).toBe(false)
    expect(check.clipTokens).toBeGreaterThan(expectedClipTokens()['llama.cpp'])
    expect(check.message).toContain('--video-fps 0 --video-timestamp-interval 0')
  }, 60_000)

  it('fails a job on such a server before any clip is sent, with that message', async () => {
    const app: StudioApp = createStudioApp({ dataDir: tempDir(), roots: testRoots() })
    try {
      const project = await call(app, 'project.create', { name: 'check' })
      const clips = copyClips(path.join(tempDir(), 'clips'), 1)
      await call(app, 'clips.import', { kind: 'folder', path: path.dirname(clips[0]) })
      const started = await call(app, 'prelabel.start', {
        scope: 'unlabeled',
        engine: { endpoints: [{ url: bare, concurrency: 1, timeoutMs: 60_000, retries: 0 }], maxTokens: 32 }
      })
      const job = await waitForJob(app, started.id, (j) => j.state !== 'running' && j.state !== 'queued', 60_000)
      expect(job.state).toBe('failed')
      expect(job.error).toContain('--video-fps 0 --video-timestamp-interval 0')
      expect(prelabelsPerClip(project.path, started.id).size).toBe(0)
    } finally {
      await app.close()
    }
  }, 90_000)

  it('passes a vLLM stand-in that keeps the pinned 16 frames, and refuses one whose own settings resample them', async () => {
    const probe = await probeClip(ffmpeg, processes)
    const keeps = await vllmStandIn({ honoursPin: true, framesWithoutPin: 32 })
    const resamples = await vllmStandIn({ honoursPin: false, framesWithoutPin: 32 })
    try {
      expect(await checkEndpoint(endpoint(keeps.url), probe)).toMatchObject({ ok: true, engine: 'vllm', clipTokens: expectedClipTokens().vllm })
      expect(expectedClipTokens().vllm).toBe(1562)
      const refused = await checkEndpoint(endpoint(resamples.url), probe)
      expect(refused).toMatchObject({ ok: false, engine: 'vllm', clipTokens: 16 * 195 + 2 })
      expect(refused.message).toContain('--media-io-kwargs')
    } finally {
      await keeps.close()
      await resamples.close()
    }
  }, 60_000)
})
