// Threat model: a crafted model file. Finding: a 1.7 MB GGUF whose header counts are 2^40, given
// to models.addLocal or as the local fusion model, held the host at 70–90% CPU with memory growing
// without bound. Now its header is checked against its size before any parser sees it.
import { copyFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyModels } from '../../scripts/make-tiny-models'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { LocalFusionLlm } from '../../src/main/fusion/localLlm'
import { startHttpHost, type HttpHost } from '../../src/main/hosts/http/http'
import { LlamaServer } from '../../src/main/inference/llamaServer'
import { ProcessManager } from '../../src/main/processes'
import { wedgingGguf } from '../helpers/crafted-gguf'
import { tempDir } from '../helpers/temp'

const TOKEN = 'model-files-test-token-0123456789abcdef'

describe('a crafted GGUF against the real HTTP host', () => {
  let app: StudioApp
  let host: HttpHost
  let modelsDir: string

  beforeAll(async () => {
    const dataDir = tempDir('skycap-sec-models-')
    // inside the models folder, so the roots let the file reach the model manager
    modelsDir = path.join(dataDir, 'models')
    mkdirSync(modelsDir, { recursive: true })
    app = createStudioApp({ dataDir })
    host = await startHttpHost({ app, port: 0, token: TOKEN })
  })

  afterAll(async () => {
    await host?.close()
    await app?.close()
  })

  async function post(
    route: string,
    input: unknown
  ): Promise<{ status: number; body: { ok: boolean; data?: unknown; error?: { code: string; message: string } } }> {
    const res = await fetch(`http://127.0.0.1:${host.port}/api/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-studio-token': TOKEN },
      body: JSON.stringify(input)
    })
    return { status: res.status, body: await res.json() }
  }

  it('answers models.addLocal with the 2^40-count file with a 400 naming the problem, and keeps answering', async () => {
    const file = wedgingGguf(modelsDir)
    const refused = await post('models.addLocal', { path: file })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toEqual({
      code: 'invalid_input',
      message: 'crafted-2e40.gguf is not a readable GGUF file: header claims 1,099,511,627,776 tensors; a 1.7 MB file can hold at most 70,832'
    })
    const repos = await post('models.repos', {})
    expect(repos.status).toBe(200)
    // nothing was added
    const catalog = await post('models.catalog', {})
    expect((catalog.body.data as { entries: { id: string }[] }).entries.map((e) => e.id)).not.toContain(file)
  }, 30_000)

  it('refuses the file from many clients at once without the host’s memory growing, then adds a real model', async () => {
    const file = wedgingGguf(modelsDir, 'again.gguf')
    const before = process.memoryUsage().rss
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => post('models.addLocal', { path: file })))
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(400))
    }
    // the unchecked parser grew by gigabytes on this file
    expect(process.memoryUsage().rss - before).toBeLessThan(128 * 2 ** 20)
    const tiny = await ensureTinyModels()
    const real = path.join(modelsDir, path.basename(tiny.model))
    copyFileSync(tiny.model, real)
    const added = await post('models.addLocal', { path: real })
    expect(added.status).toBe(200)
    expect(added.body.data).toMatchObject({ origin: 'local', quant: 'F16', layers: 2, architecture: 'qwen2vl' })
  }, 120_000)
})

describe('a crafted GGUF as the local fusion model', () => {
  it('is refused before llama.cpp parses it in the host process', async () => {
    const file = wedgingGguf(tempDir('skycap-sec-fusion-'))
    await expect(LocalFusionLlm.load({ model: file, contextSize: 2048, parallel: 1, gpuLayers: 0, threads: 1 })).rejects.toThrow(
      'crafted-2e40.gguf is not a readable GGUF file: header claims 1,099,511,627,776 tensors; a 1.7 MB file can hold at most 70,832'
    )
  })
})

describe('a crafted GGUF as the local pre-label model or projector', () => {
  it('is refused before llama-server is started on it', async () => {
    const dir = tempDir('skycap-sec-llama-')
    const tiny = await ensureTinyModels()
    const processes = new ProcessManager()
    for (const config of [
      { model: wedgingGguf(dir), mmproj: tiny.mmproj },
      { model: tiny.model, mmproj: wedgingGguf(dir) }
    ]) {
      // the binary is never reached: if the check were skipped, spawning it would fail differently
      const server = new LlamaServer(processes, {
        ...config,
        binary: path.join(dir, 'no-llama-server'),
        contextPerSlot: 2048,
        parallel: 1,
        gpuLayers: 0,
        logFile: path.join(dir, 'llama.log')
      })
      await expect(server.ensureRunning()).rejects.toThrow('crafted-2e40.gguf is not a readable GGUF file: header claims 1,099,511,627,776 tensors')
      expect(processes.running).toBe(0)
    }
  }, 60_000)
})
