// ProcessManager's tether option with real processes: the watchdog passes output, exit codes and
// signals through, reports spawn errors like a plain spawn, and stops its command when the app
// dies by kill -9. Needs only Node, so it runs where llama-server is not built.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it, onTestFinished } from 'vitest'
import { ProcessManager } from '../../src/main/processes'
import { REPO_ROOT } from '../helpers/fixtures'
import { alive, waitGone } from '../helpers/prelabel'

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))

async function realPid(processes: ProcessManager, child: ChildProcess): Promise<number> {
  for (let i = 0; i < 200 && processes.pidOf(child) === undefined; i++) await new Promise((r) => setTimeout(r, 20))
  return processes.pidOf(child) as number
}

describe('tethered child processes', () => {
  it('passes output and the exit code through, and names the real process', async () => {
    const processes = new ProcessManager()
    const child = processes.spawn(process.execPath, ['-e', 'console.log("hi from " + process.pid); setTimeout(() => process.exit(3), 300)'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      tether: true
    })
    let out = ''
    child.stdout?.on('data', (d) => (out += d))
    const pid = await realPid(processes, child)
    expect(pid).not.toBe(child.pid) // child is the watchdog
    expect(processes.list()).toEqual([{ pid, command: process.execPath }])
    expect(await exited(child)).toEqual({ code: 3, signal: null })
    expect(out.trim()).toBe(`hi from ${pid}`)
    expect(processes.running).toBe(0)
  })

  it.each(['SIGTERM', 'SIGKILL'] as const)('delivers %s from child.kill() to the real command', async (signal) => {
    const processes = new ProcessManager()
    const child = processes.spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', tether: true })
    const pid = await realPid(processes, child)
    const end = exited(child)
    child.kill(signal)
    expect(await end).toEqual({ code: null, signal })
    await waitGone(pid, 2000)
  })

  it('reports a command that cannot start as an error event, like a plain spawn', async () => {
    const processes = new ProcessManager()
    const child = processes.spawn(path.join(REPO_ROOT, 'no-such-binary'), [], { stdio: 'ignore', tether: true })
    const err = await new Promise<NodeJS.ErrnoException>((resolve) => child.once('error', resolve))
    expect(err.code).toBe('ENOENT')
    expect(err.message).toMatch(/no-such-binary/)
  })

  it('stops the command soon after the app is killed with SIGKILL', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/helpers/tether-parent.ts')], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const line = await new Promise<string>((resolve) => createInterface({ input: parent.stdout! }).once('line', resolve))
    const { watchdog, command } = JSON.parse(line) as { watchdog: number; command: number }
    onTestFinished(() => {
      for (const pid of [watchdog, command]) if (alive(pid)) process.kill(pid, 'SIGKILL')
    })
    expect(alive(command)).toBe(true)
    parent.kill('SIGKILL')
    await waitGone(command, 5000)
    await waitGone(watchdog, 5000)
  })
})
