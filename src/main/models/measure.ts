// Estimate against reality: runs llama-server with a configuration the studio would use, sends
// it job-shaped video requests, and reads back the buffers it logs and the memory it holds.
import { readFileSync } from 'node:fs'
import type { MemoryEstimate } from '../../shared/models'
import { buildCaptionRequest } from '../inference/captionRequest'
import { encodeFrames, MODEL_FRAME_HEIGHT, MODEL_FRAME_WIDTH, SAMPLED_FRAMES } from '../inference/frames'
import { LLAMA_SERVER_ENV, llamaServerArgs } from '../inference/llamaServer'
import { freePort } from '../inference/freePort'
import type { ProcessManager } from '../processes'

export interface ServerBuffers {
  /** Weight buffers by the name llama-server gives them (CPU_Mapped, CPU_REPACK, AMX, CUDA0, …). */
  weights: Record<string, number>
  kvCache: number
  output: number
  compute: number
  mmproj: number
  visionCompute: number
}

const MIB = 2 ** 20

/**
 * Sums llama-server's "-lv 4" buffer lines by kind (each backend logs its own line; a graph
 * reserved twice logs twice, so compute buffers take the largest per backend). Weight buffers
 * stay apart by type: the mapped file and the repacked copies beside it are different memory.
 */
export function parseServerBuffers(log: string): ServerBuffers {
  const sum = (re: RegExp) => [...log.matchAll(re)].reduce((a, m) => a + Number(m[1]) * MIB, 0)
  const weights: Record<string, number> = {}
  for (const m of log.matchAll(/load_tensors:\s+(\S+) model buffer size =\s+([\d.]+) MiB/g)) weights[m[1]] = (weights[m[1]] ?? 0) + Number(m[2]) * MIB
  const largestPerBackend = (re: RegExp) => {
    const best = new Map<string, number>()
    for (const m of log.matchAll(re)) best.set(m[1], Math.max(best.get(m[1]) ?? 0, Number(m[2]) * MIB))
    return [...best.values()].reduce((a, b) => a + b, 0)
  }
  return {
    weights,
    kvCache: sum(/llama_kv_cache:\s+\S+ KV buffer size =\s+([\d.]+) MiB/g),
    output: sum(/llama_context:\s+\S+\s+output buffer size =\s+([\d.]+) MiB/g),
    compute: largestPerBackend(/sched_reserve:\s+(\S+) compute buffer size =\s+([\d.]+) MiB/g),
    mmproj: sum(/load_hparams: model size:\s+([\d.]+) MiB/g),
    visionCompute: largestPerBackend(/reserve_compute_meta:\s+(\S+) compute buffer size =\s+([\d.]+) MiB/g)
  }
}

/** Resident and peak resident memory of a process, from /proc (Linux); null elsewhere. */
export function processMemory(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024
    return { rss: kb('VmRSS'), peak: kb('VmHWM') }
  } catch {
    return null
  }
}

export interface MeasureOptions {
  processes: ProcessManager
  binary: string
  model: string
  mmproj: string
  contextPerSlot: number
  parallel: number
  /** Finished job requests (see buildCaptionRequest), sent one after another. */
  requests: Record<string, unknown>[]
  /** Flags after the studio's own, e.g. --no-repack for the plain weight layout. */
  extraArgs?: string[]
}

export interface Measurement {
  buffers: ServerBuffers
  /** Right after loading. */
  loadedRss: number | null
  /** Highest resident memory over the requests. */
  peakRss: number | null
  promptTokens: number[]
}

/** How long llama-server gets to stop after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5000

export async function measureServer(opts: MeasureOptions): Promise<Measurement> {
  const port = await freePort()
  const config = {
    binary: opts.binary,
    model: opts.model,
    mmproj: opts.mmproj,
    contextPerSlot: opts.contextPerSlot,
    parallel: opts.parallel,
    gpuLayers: 'auto' as const,
    logFile: ''
  }
  // the studio's own flags, plus the log level that prints every buffer size; tethered, so the
  // server dies with this process even when a test runner kills it outright
  const args = [...llamaServerArgs(config, port), '-lv', '4', ...(opts.extraArgs ?? [])]
  const child = opts.processes.spawn(opts.binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...LLAMA_SERVER_ENV }, tether: true })
  const exited = new Promise((r) => child.once('exit', r))
  let log = ''
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()))
  const url = `http://127.0.0.1:${port}`
  try {
    await waitHealthy(
      url,
      () => child.exitCode !== null,
      () => log
    )
    // the tethered command's own pid, not its watchdog's
    const pid = opts.processes.pidOf(child) ?? child.pid!
    const loadedRss = processMemory(pid)?.rss ?? null
    const promptTokens: number[] = []
    for (const body of opts.requests) {
      const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      const json = (await res.json()) as { usage?: { prompt_tokens?: number }; error?: unknown }
      if (!res.ok) throw new Error(`llama-server answered ${res.status}: ${JSON.stringify(json.error)}`)
      promptTokens.push(json.usage?.prompt_tokens ?? 0)
    }
    return { buffers: parseServerBuffers(log), loadedRss, peakRss: processMemory(pid)?.peak ?? null, promptTokens }
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
      await exited
      clearTimeout(timer)
    }
  }
}

async function waitHealthy(url: string, died: () => boolean, log: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (died()) throw new Error(`llama-server exited while loading:\n${log().slice(-1500)}`)
    try {
      if ((await fetch(`${url}/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('llama-server did not become healthy in time')
}

/**
 * `count` different 16-frame clips, encoded and wrapped exactly as a pre-label job sends them
 * (synthetic pixels: what matters here is the shape, not the picture).
 */
export async function jobRequests(ffmpeg: string, processes: ProcessManager, count: number, maxTokens: number): Promise<Record<string, unknown>[]> {
  const requests: Record<string, unknown>[] = []
  for (let c = 0; c < count; c++) {
    const frames = Array.from({ length: SAMPLED_FRAMES }, (_, f) => {
      const frame = Buffer.alloc(MODEL_FRAME_WIDTH * MODEL_FRAME_HEIGHT * 3)
      for (let i = 0; i < frame.length; i++) frame[i] = (i * (c + 3) + f * 17 + ((i / 1080) | 0) * c) & 0xff
      return frame
    })
    const video = await encodeFrames(ffmpeg, processes, frames)
    requests.push(buildCaptionRequest({ indices: [], frames, video, mime: 'video/mp4' }, { maxTokens }))
  }
  return requests
}

export interface ComparedPart {
  part: string
  estimated: number
  measured: number
  /** estimated / measured */
  ratio: number
}

/** The estimate's weight buffers, named as llama-server logs them; every GPU buffer counts as "GPU". */
function weightRows(estimate: MemoryEstimate, measured: Record<string, number>): Map<string, [number, number]> {
  const rows = new Map<string, [number, number]>()
  const add = (name: string, i: 0 | 1, bytes: number) => {
    const row = rows.get(name) ?? [0, 0]
    row[i] += bytes
    rows.set(name, row)
  }
  for (const [name, bytes] of Object.entries(estimate.weightBuffers)) add(name, 0, bytes)
  if (estimate.weightsGpu > 0) add('GPU', 0, estimate.weightsGpu)
  for (const [name, bytes] of Object.entries(measured)) add(/^(CPU|AMX)/.test(name) ? name : 'GPU', 1, bytes)
  return rows
}

/**
 * Each buffer llama-server logs (the weights one row per buffer type), their sum, and the
 * resident memory, against the estimate. A buffer only one side has shows a ratio of 0 or ∞.
 */
export function compare(estimate: MemoryEstimate, m: Measurement): ComparedPart[] {
  const row = (part: string, estimated: number, measured: number) => ({ part, estimated, measured, ratio: estimated / measured })
  const b = m.buffers
  const weights = weightRows(estimate, b.weights)
  const measuredWeights = Object.values(b.weights).reduce((a, n) => a + n, 0)
  const bufferSum = measuredWeights + b.kvCache + b.output + b.compute + b.mmproj + b.visionCompute
  const estimatedSum =
    estimate.weightsCpu + estimate.weightsGpu + estimate.kvCache + estimate.output + estimate.compute + estimate.mmproj + estimate.visionCompute
  const rows = [
    ...[...weights].map(([name, [estimated, measured]]) => row(`weights ${name}`, estimated, measured)),
    row('KV cache', estimate.kvCache, b.kvCache),
    row('output (logits)', estimate.output, b.output),
    row('LM compute', estimate.compute, b.compute),
    row('mmproj weights', estimate.mmproj, b.mmproj),
    row('vision compute', estimate.visionCompute, b.visionCompute),
    row('all buffers', estimatedSum, bufferSum)
  ]
  if (m.peakRss !== null) rows.push(row('resident (peak RSS)', estimate.ram, m.peakRss))
  return rows
}
