// Fail-over between two real llama-server processes registered as remote endpoints of one job:
// one is killed with SIGKILL in the middle of the job, and every clip still gets exactly one
// pre-label, none failing.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyModels } from '../../scripts/make-tiny-models'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { LlamaServer } from '../../src/main/inference/llamaServer'
import { ProcessManager } from '../../src/main/processes'

import { alive, busy, call, copyClips, prelabelsPerClip, waitForJob, waitGone, requireLlamaServer } from '../helpers/prelabel'
import { tempDir } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

/** Fails the suite, saying how to build one, when llama-server is missing. */
const LLAMA_SERVER = requireLlamaServer()

const CLIPS = 8

describe('fail-over between two llama-servers', () => {
  const processes = new ProcessManager()
  let servers: LlamaServer[] = []
  let app: StudioApp

  beforeAll(async () => {
    const models = await ensureTinyModels()
    const logs = tempDir('skycap-failover-logs-')
    servers = ['a', 'b'].map(
      (name) =>
        new LlamaServer(processes, {
          binary: LLAMA_SERVER as string,
          model: models.model,
          mmproj: models.mmproj,
          contextPerSlot: 4096,
          parallel: 1,
          gpuLayers: 0,
          threads: 1, // two servers on two cores
          logFile: path.join(logs, `${name}.log`)
        })
    )
    await Promise.all(servers.map((s) => s.ensureRunning()))
    app = createStudioApp({ dataDir: tempDir('skycap-failover-data-'), roots: testRoots() })
  }, 120_000)

  afterAll(async () => {
    await app?.close()
    await Promise.all(servers.map((s) => s.stop()))
  })

  it('moves the clips of a killed server to the other one: all labelled once, none failed', async () => {
    const project = await call(app, 'project.create', { name: 'failover' })
    const copies = copyClips(path.join(tempDir('skycap-failover-clips-'), 'clips'), CLIPS)
    await call(app, 'clips.import', { kind: 'folder', path: path.dirname(copies[0]) })
    const urls = servers.map((s) => s.baseUrl as string)
    const engine = { endpoints: urls.map((url) => ({ url, concurrency: 1, timeoutMs: 60_000, retries: 1 })), maxTokens: 64 }
    const started = await call(app, 'prelabel.start', { scope: 'unlabeled', engine })
    expect(started.progress.total).toBe(CLIPS)

    // Kill the server that answered first, so both will have served clips, and kill it while it
    // works on its next one, so a request in flight has to move.
    await waitForJob(app, started.id, (j) => j.progress.done >= 1, 60_000)
    const first = [...prelabelsPerClip(project.path, started.id).keys()][0]
    const endpoint = (await call(app, 'clips.get', { id: first })).prelabel?.source.details.endpoint as string
    const victim = servers[endpoint.endsWith('#1') ? 0 : 1]
    const midRequest = await busy(victim.baseUrl as string)
    const pid = victim.pid as number
    expect(alive(pid)).toBe(true)
    process.kill(pid, 'SIGKILL')
    await waitGone(pid, 2000)

    const job = await waitForJob(app, started.id, undefined, 120_000)
    expect(job.failures).toEqual([])
    expect(job).toMatchObject({ state: 'done', progress: { total: CLIPS, done: CLIPS, failed: 0, pending: 0 } })

    const counts = prelabelsPerClip(project.path, started.id)
    expect(counts.size).toBe(CLIPS)
    expect([...counts.values()].every((n) => n === 1)).toBe(true)
    const used = new Map<string, number>()
    let moved = 0
    for (const clipId of counts.keys()) {
      const { prelabel } = await call(app, 'clips.get', { id: clipId })
      const id = prelabel?.source.details.endpoint as string
      used.set(id, (used.get(id) ?? 0) + 1)
      if ((prelabel?.source.details.attempts as number) > 1) moved++
    }
    console.log(`[prelabel-failover] killed mid-request: ${midRequest}; clips per endpoint: ${JSON.stringify(Object.fromEntries(used))}; moved: ${moved}`)
    expect(moved).toBeGreaterThanOrEqual(1) // the clip the dead server had was retried on the other
    expect([...used.keys()].sort()).toEqual(urls.map((u, i) => `${new URL(u).host}#${i + 1}`).sort())
  }, 180_000)
})
