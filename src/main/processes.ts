import { spawn, type ChildProcess, type SpawnOptions, type StdioOptions } from 'node:child_process'
import { resourcePath } from './resources'

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface ManagedSpawnOptions extends SpawnOptions {
  /**
   * Run the command through resources/tether.cjs, which stops it when this process dies, even by
   * kill -9. The child gets no stdin (the watchdog's stdin is the tether); signals sent with
   * child.kill() reach the real command.
   */
  tether?: boolean
}

interface Entry {
  command: string
  /** The real command's pid; for a tethered child it differs from child.pid (the watchdog). */
  pid: number | undefined
  /** Set once a tethered command is known to have ended: its pid must not be signalled again. */
  ended: boolean
}

/** Owns every child process (ffmpeg, llama-server) so none outlives the app. */
export class ProcessManager {
  private children = new Map<ChildProcess, Entry>()
  private exitHooked = false

  spawn(command: string, args: string[], options: ManagedSpawnOptions = {}): ChildProcess {
    this.hookExit()
    const { tether, ...rest } = options
    const child = tether ? this.spawnTethered(command, args, rest) : spawn(command, args, { ...rest, windowsHide: true })
    if (!tether) this.children.set(child, { command, pid: child.pid, ended: false })
    const forget = () => this.children.delete(child)
    child.once('exit', forget)
    child.once('error', forget)
    return child
  }

  /** The real command's pid of a child this manager spawned (not the watchdog's). */
  pidOf(child: ChildProcess): number | undefined {
    return this.children.get(child)?.pid
  }

  /** Running children, with the real command's pid. */
  list(): { pid: number | undefined; command: string }[] {
    return [...this.children.values()].map(({ pid, command }) => ({ pid, command }))
  }

  private spawnTethered(command: string, args: string[], options: SpawnOptions): ChildProcess {
    const [, out, err] = stdioOf(options.stdio)
    const child: ChildProcess = spawn(process.execPath, [resourcePath('tether.cjs'), command, ...args], {
      ...options,
      // Electron's binary runs the script as plain Node with this
      env: { ...(options.env ?? process.env), ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['pipe', out, err, 'pipe'],
      windowsHide: true
    })
    const entry: Entry = { command, pid: undefined, ended: false }
    this.children.set(child, entry)
    let lines = ''
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      lines += chunk.toString()
      for (let nl = lines.indexOf('\n'); nl >= 0; nl = lines.indexOf('\n')) {
        const [word, code, ...message] = lines.slice(0, nl).split(' ')
        lines = lines.slice(nl + 1)
        if (word === 'pid') entry.pid = Number(code)
        if (word === 'exit') entry.ended = true
        if (word === 'error') {
          entry.ended = true
          child.emit('error', Object.assign(new Error(`spawn ${command} ${code}: ${message.join(' ')}`), { code }))
        }
      }
    })
    child.stdin?.on('error', () => undefined) // the watchdog died; its exit is reported
    // Signals go to the real command (the watchdog then exits the same way). SIGKILL cannot be
    // forwarded, and a watchdog that died abruptly leaves its command behind: kill it directly.
    const killWatchdog = child.kill.bind(child)
    const signalCommand = (signal: NodeJS.Signals) => {
      if (entry.pid === undefined || entry.ended) return false
      try {
        process.kill(entry.pid, signal)
        if (signal === 'SIGKILL') entry.ended = true
        return true
      } catch {
        return false
      }
    }
    child.kill = (signal: NodeJS.Signals | number = 'SIGTERM') => {
      const sig = (typeof signal === 'number' ? 'SIGTERM' : signal) as NodeJS.Signals
      const sent = signalCommand(sig)
      return sent && sig !== 'SIGKILL' ? true : killWatchdog(sig) || sent
    }
    child.once('exit', () => {
      // read the watchdog's last report first: "exit" means its command is already gone
      const reports = child.stdio[3]
      if (reports && !reports.destroyed) reports.once('close', () => signalCommand('SIGKILL'))
      else signalCommand('SIGKILL')
    })
    return child
  }

  /** Runs a command to completion, collecting output (capped), with an optional timeout. */
  run(command: string, args: string[], opts: { timeoutMs?: number; maxOutput?: number } = {}): Promise<RunResult> {
    const max = opts.maxOutput ?? 8 * 1024 * 1024
    return new Promise((resolve, reject) => {
      const child = this.spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout?.on('data', (d: Buffer) => {
        if (stdout.length < max) stdout += d.toString('utf8')
      })
      child.stderr?.on('data', (d: Buffer) => {
        if (stderr.length < max) stderr += d.toString('utf8')
      })
      const timer = opts.timeoutMs
        ? setTimeout(() => {
            stderr += `\n[killed after ${opts.timeoutMs} ms]`
            child.kill('SIGKILL')
          }, opts.timeoutMs)
        : undefined
      child.once('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
      child.once('close', (code, signal) => {
        clearTimeout(timer)
        resolve({ code, signal, stdout, stderr })
      })
    })
  }

  get running(): number {
    return this.children.size
  }

  killAll(signal: NodeJS.Signals = 'SIGTERM'): void {
    for (const child of this.children.keys()) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    }
  }

  private hookExit(): void {
    if (this.exitHooked) return
    this.exitHooked = true
    process.once('exit', () => this.killAll('SIGKILL'))
  }
}

/** The three standard stdio settings, whichever form they were given in. */
type Stdio = Extract<StdioOptions, unknown[]>[number]
function stdioOf(stdio: StdioOptions | undefined): Stdio[] {
  if (stdio === undefined) return ['pipe', 'pipe', 'pipe']
  if (typeof stdio === 'string') return [stdio, stdio, stdio]
  return [stdio[0] ?? 'pipe', stdio[1] ?? 'pipe', stdio[2] ?? 'pipe']
}

/**
 * The tether and the GGUF reader run process.execPath as Node with ELECTRON_RUN_AS_NODE=1, which
 * Electron honours only while its RunAsNode fuse is on (electron-builder.yml says it must stay on).
 * Asks the binary once to answer as Node; the problem, in words, or null when it does.
 */
export function runAsNodeProblem(execPath = process.execPath, timeoutMs = 20_000): Promise<string | null> {
  const fuseOff = (what: string) =>
    `RunAsNode fuse is off: ${execPath} ${what} when started with ELECTRON_RUN_AS_NODE=1. The studio runs its process tether and GGUF reader that way; ` +
    'package it with the RunAsNode fuse left on (see electron-builder.yml and docs/desktop.md).'
  return new Promise((resolve) => {
    const probe = 'process.stdout.write("node " + process.versions.node)'
    const child = spawn(execPath, ['-e', probe], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true })
    let out = ''
    let late = false
    const timer = setTimeout(() => {
      late = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.once('error', (err) => {
      clearTimeout(timer)
      resolve(`Cannot start ${execPath} to check that it runs as Node: ${err.message}`)
    })
    child.once('close', () => {
      clearTimeout(timer)
      if (/^node \d+\.\d+\.\d+$/.test(out)) resolve(null)
      else resolve(fuseOff(late ? `did not answer as Node within ${timeoutMs / 1000} s` : 'did not run as Node'))
    })
  })
}
