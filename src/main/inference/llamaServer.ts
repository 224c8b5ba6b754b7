import type { ChildProcess } from 'node:child_process'
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs'
import path from 'node:path'
import type { ProcessManager } from '../processes'
import { freePort } from './freePort'
import { checkGgufFiles } from '../models/ggufHeader'

export interface LlamaServerConfig {
  binary: string
  model: string
  mmproj?: string
  /** Context per parallel slot; llama-server's -c is the total over all slots. */
  contextPerSlot: number
  parallel: number
  gpuLayers: number | 'auto'
  threads?: number
  /** Directory holding ffmpeg and ffprobe for video decoding. */
  ffmpegDir?: string
  logFile: string
  startTimeoutMs?: number
}

export class LlamaServerError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Flags that make llama-server see exactly the 16 frames we send, as 8 clean pairs. */
export function llamaServerArgs(config: LlamaServerConfig, port: number): string[] {
  const args = ['-m', config.model, '--host', '127.0.0.1', '--port', String(port)]
  if (config.mmproj) args.push('--mmproj', config.mmproj)
  args.push('-c', String(config.contextPerSlot * config.parallel), '-np', String(config.parallel))
  args.push('-ngl', String(config.gpuLayers))
  if (config.threads) args.push('-t', String(config.threads))
  // 0 keeps the sent clip's own 2 fps; no timestamp text, which would split frame pairs
  args.push('--video-fps', '0', '--video-timestamp-interval', '0')
  if (config.ffmpegDir) args.push('--video-ffmpeg-dir', config.ffmpegDir)
  // every clip is a new prompt: the host-memory prompt cache (8 GiB by default) would only grow RAM
  args.push('--cache-ram', '0')
  args.push('--no-webui')
  return args
}

/**
 * glibc gives each thread its own malloc arena, and llama-server decodes every video on whichever
 * HTTP thread took the request: each arena then keeps a ~65 MB frame working set, and RSS climbs
 * with the request count. Two arenas bound that (elsewhere the variable is simply ignored).
 */
export const LLAMA_SERVER_ENV = { MALLOC_ARENA_MAX: '2' }

/** One llama-server child process: started on a free loopback port, health-checked, logged to a file. */
export class LlamaServer {
  private child: ChildProcess | null = null
  private log: WriteStream | null = null
  private url: string | null = null
  private starting: Promise<string> | null = null
  private restarts = 0

  constructor(
    private readonly processes: ProcessManager,
    readonly config: LlamaServerConfig
  ) {}

  get baseUrl(): string | null {
    return this.alive ? this.url : null
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null
  }

  /** llama-server's own pid (the child is a watchdog around it). */
  get pid(): number | undefined {
    return this.child ? this.processes.pidOf(this.child) : undefined
  }

  /** Starts the server if it is not running; after a crash, waits with backoff first. */
  ensureRunning(): Promise<string> {
    if (this.alive && this.url && !this.starting) return Promise.resolve(this.url)
    if (!this.starting) {
      const delay = this.restarts === 0 ? 0 : Math.min(30_000, 500 * 2 ** (this.restarts - 1))
      this.starting = sleep(delay)
        .then(() => this.start())
        .finally(() => {
          this.starting = null
        })
    }
    return this.starting
  }

  private async start(): Promise<string> {
    // a crafted header is refused here, before llama-server's loader reads it
    for (const file of [this.config.model, this.config.mmproj]) if (file) await checkGgufFiles(file)
    const port = await freePort()
    if (!this.log) {
      // one stream across restarts: a dying server may still flush output into it
      mkdirSync(path.dirname(this.config.logFile), { recursive: true })
      this.log = createWriteStream(this.config.logFile, { flags: 'a' })
      this.log.on('error', () => undefined) // losing log lines must not take the app down
    }
    this.log.write(`\n=== ${new Date().toISOString()} starting ${this.config.binary} on port ${port}\n`)
    const child = this.processes.spawn(this.config.binary, llamaServerArgs(this.config, port), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...LLAMA_SERVER_ENV },
      tether: true // dies with the app, even on kill -9
    })
    this.child = child
    const log = this.log
    child.stdout?.pipe(log, { end: false })
    child.stderr?.pipe(log, { end: false })
    child.once('exit', (code, signal) => {
      log.write(`=== exited code=${code} signal=${signal}\n`)
      if (this.child === child) this.restarts++ // died on its own: not stopped or given up on
    })
    const url = `http://127.0.0.1:${port}`
    await this.waitHealthy(child, url)
    this.url = url
    return url
  }

  /**
   * A request found nothing listening at `url` (the server died, and its exit may not be seen
   * yet): give up on that process so the next ensureRunning() starts a fresh one, with backoff.
   */
  recover(url: string): void {
    const child = this.child
    if (!child || this.url !== url) return // already replaced
    this.child = null
    this.url = null
    this.restarts++
    this.log?.write(`=== ${new Date().toISOString()} not reachable at ${url}: restarting\n`)
    child.kill('SIGKILL')
  }

  private async waitHealthy(child: ChildProcess, url: string): Promise<void> {
    const deadline = Date.now() + (this.config.startTimeoutMs ?? 120_000)
    let spawnError: Error | null = null
    child.once('error', (err) => (spawnError = err))
    while (Date.now() < deadline) {
      if (spawnError) throw new LlamaServerError(`Could not start llama-server (${this.config.binary}): ${(spawnError as Error).message}`)
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new LlamaServerError(`llama-server exited while loading the model: ${this.logTail()}`)
      }
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })
        if (res.ok) return
      } catch {
        // not listening yet
      }
      await sleep(150)
    }
    child.kill('SIGKILL')
    throw new LlamaServerError(`llama-server did not become healthy in time: ${this.logTail()}`)
  }

  /** The last lines of the server's log: where load errors are explained. */
  logTail(lines = 8): string {
    try {
      return readFileSync(this.config.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n')
    } catch {
      return '(no log)'
    }
  }

  async stop(): Promise<void> {
    const child = this.child
    this.child = null
    this.url = null
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(timer)
    }
    this.log?.end()
    this.log = null
  }
}
