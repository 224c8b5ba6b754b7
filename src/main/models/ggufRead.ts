// Runs node-llama-cpp's GGUF parser in a child (resources/gguf-read.mjs) with a heap cap and a
// deadline, so a header that passed the size checks but still costs too much cannot hold the host.
import path from 'node:path'
import { ProcessManager } from '../processes'
import { resourcePath } from '../resources'
import { GgufHeaderError } from './ggufHeader'

/** What the child prints: node-llama-cpp's reading of the header, trimmed to what the studio uses. */
export interface GgufSummary {
  architecture: string | null
  fileType: number | null
  arch: Record<string, unknown>
  clipVision: Record<string, number | undefined> | null
  tokens: number | null
  tensors: { name: string; dims: number[]; type: number; offset: number; part?: number }[]
}

export interface ReadBudget {
  deadlineMs: number
  heapMb: number
}

/** A 152k-token vocabulary reads in ~1 s (start-up included) within a 48 MB heap: 20 s and 512 MB leave room. */
export const READ_BUDGET: ReadBudget = { deadlineMs: 20_000, heapMb: 512 }
/** The facts of a 65,536-tensor header fit in ~8 MB of JSON. */
const MAX_OUTPUT = 32 * 2 ** 20
const MAX_STDERR = 64 * 1024

const ownProcesses = new ProcessManager()

/** Reads one file's header in a killable child; GgufHeaderError says why it could not. */
export function readGgufSummary(file: string, budget = READ_BUDGET, processes = ownProcesses): Promise<GgufSummary> {
  const fail = (problem: string) => new GgufHeaderError(`${path.basename(file)} is not a readable GGUF file: ${problem}`)
  return new Promise((resolve, reject) => {
    const args = [`--max-old-space-size=${budget.heapMb}`, resourcePath('gguf-read.mjs'), file]
    // Electron's binary runs the script as plain Node with this; stdin stays open until we are gone
    const child = processes.spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } })
    const out: Buffer[] = []
    let outBytes = 0
    let stderr = ''
    let stopped: string | null = null
    const stop = (why: string) => {
      stopped ??= why
      child.kill('SIGKILL')
    }
    const timer = setTimeout(() => stop(`reading its header took longer than ${budget.deadlineMs / 1000} s`), budget.deadlineMs)
    child.stdin?.on('error', () => undefined) // the child is gone; its exit says why
    child.stdout?.on('data', (chunk: Buffer) => {
      outBytes += chunk.length
      if (outBytes > MAX_OUTPUT) stop('its header describes more tensors than the studio keeps')
      else out.push(chunk)
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += chunk.toString('utf8')
    })
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(fail(`the GGUF reader could not start (${(err as NodeJS.ErrnoException).code ?? err.name})`))
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      if (stopped) return reject(fail(stopped))
      if (/heap out of memory/i.test(stderr)) return reject(fail(`reading its header needs more than ${budget.heapMb} MB of memory`))
      if (code !== 0) return reject(fail(`the GGUF reader stopped (${signal ?? `exit code ${code}`})`))
      const result = JSON.parse(Buffer.concat(out).toString('utf8')) as GgufSummary | { error: string }
      if ('error' in result) return reject(fail(`node-llama-cpp could not parse its header (${result.error})`))
      resolve(result)
    })
  })
}
