import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Owns every child process (ffmpeg, llama-server) so none outlives the app. */
export class ProcessManager {
  private children = new Set<ChildProcess>()
  private exitHooked = false

  spawn(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    this.hookExit()
    const child = spawn(command, args, { ...options, windowsHide: true })
    this.children.add(child)
    const forget = () => this.children.delete(child)
    child.once('exit', forget)
    child.once('error', forget)
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
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    }
  }

  private hookExit(): void {
    if (this.exitHooked) return
    this.exitHooked = true
    process.once('exit', () => this.killAll('SIGKILL'))
  }
}
