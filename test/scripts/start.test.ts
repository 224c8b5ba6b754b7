// The commands `npm start` builds on each OS: Node itself runs every tool's JS entry point, no
// npx and no shell (npx.cmd without a shell throws EINVAL on Windows' Node ≥ 20.19).
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { prepare, runStep } from '../../scripts/runPlan.mjs'
import { startPlan } from '../../scripts/startPlan.mjs'
import { REPO_ROOT } from '../helpers/fixtures'

const machines = [
  { platform: 'win32', execPath: 'C:\\Program Files\\nodejs\\node.exe', root: 'C:\\Users\\ana\\studio', sep: '\\' },
  { platform: 'darwin', execPath: '/opt/homebrew/bin/node', root: '/Users/ana/studio', sep: '/' },
  { platform: 'linux', execPath: '/usr/bin/node', root: '/home/ana/studio', sep: '/' }
] as const
const installed = { binary: '/somewhere/electron', version: '38.8.6', problem: null }
const missing = { binary: null, version: null, problem: 'Electron failed to install correctly' }

describe.each(machines)('npm start on $platform', ({ platform, execPath, root, sep }) => {
  const plan = (electron: typeof installed | typeof missing, nativeReason: string | null) =>
    startPlan({ platform, execPath, root, args: ['--port', '5200'], electron, nativeReason })
  const allSteps = (p: ReturnType<typeof plan>) => [...p.steps, ...(p.fallback?.steps ?? [])]

  it('runs every step with Node itself, without npx or a shell, in the project folder', () => {
    for (const p of [plan(installed, null), plan(installed, 'no Electron build of better-sqlite3 yet'), plan(missing, null)]) {
      for (const step of allSteps(p)) {
        expect(step.command).toBe(execPath)
        expect(step.args.join(' ')).not.toMatch(/\bnpx/)
        expect(step.options).toEqual({ cwd: root, stdio: 'inherit', shell: false })
      }
    }
  })

  it('with Electron and a fitting better-sqlite3 build, opens electron-vite preview and builds nothing', () => {
    const p = plan(installed, null)
    expect(p.mode).toBe('electron')
    expect(p.notice).toBe('Opening the desktop app (Electron 38.8.6).')
    expect(p.steps.map((s) => s.args)).toEqual([[[root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'].join(sep), 'preview', '--port', '5200']])
    expect(p.fallback).toBeUndefined()
  })

  it('with Electron and no fitting build, builds better-sqlite3 first and falls back to the browser if that fails', () => {
    const p = plan(installed, 'electronVersion changed from 38.8.5 to 38.8.6')
    expect(p.notice).toContain('building better-sqlite3 for it first (electronVersion changed from 38.8.5 to 38.8.6)')
    expect(p.steps[0].args).toEqual([[root, 'scripts', 'build-electron-sqlite.mjs'].join(sep)])
    expect(p.steps[0].longLived).toBeUndefined()
    expect(p.steps[1].args[1]).toBe('preview')
    expect(p.fallback?.mode).toBe('browser')
    expect(p.fallback?.notice).toMatch(/^better-sqlite3 could not be built for Electron/)
  })

  it('without Electron, says why, builds the renderer and serves it with the arguments given', () => {
    const p = plan(missing, null)
    expect(p.mode).toBe('browser')
    expect(p.notice).toBe('Electron is not installed (Electron failed to install correctly); serving the same studio in your browser instead.')
    expect(p.steps.map((s) => s.args)).toEqual([
      [[root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'].join(sep), 'build'],
      ['--import', 'tsx', [root, 'src', 'main', 'hosts', 'http', 'serve.ts'].join(sep), '--port', '5200']
    ])
    expect(p.steps.map((s) => s.longLived ?? false)).toEqual([false, true])
  })
})

describe('npm start on this machine', () => {
  it('plans entry points that exist in this checkout', () => {
    const p = startPlan({ platform: process.platform, execPath: process.execPath, root: REPO_ROOT, args: [], electron: installed, nativeReason: 'x' })
    const files = [...p.steps, ...p.fallback!.steps].flatMap((s) => s.args).filter((a) => a.startsWith(REPO_ROOT))
    expect(files.length).toBe(4)
    for (const file of files) expect(existsSync(file), file).toBe(true)
  })
})

describe('carrying out a plan', () => {
  const options = { cwd: REPO_ROOT, stdio: 'inherit' as const, shell: false as const }
  const node = (label: string, code: string, longLived?: boolean) => ({ label, command: process.execPath, args: ['-e', code], options, longLived })
  const collect = () => {
    const lines = { log: [] as string[], error: [] as string[] }
    return { lines, out: { log: (l: string) => lines.log.push(l), error: (l: string) => lines.error.push(l) } }
  }

  it('a step that exits non-zero is named with its exit code and command line', () => {
    expect(runStep(node('the build', 'process.exit(3)'))).toBe(
      `npm start: the build failed with exit code 3\n  command: ${process.execPath} -e process.exit(3)`
    )
    expect(runStep(node('the build', 'process.exit(0)'))).toBeNull()
  })

  it('a command that cannot be started says why (where npx.cmd without a shell threw EINVAL)', () => {
    const missing = { ...node('the build', ''), command: path.join(REPO_ROOT, 'no-such-tool') }
    expect(runStep(missing)).toMatch(/^npm start: the build could not be started: spawnSync .*no-such-tool ENOENT\n {2}command: /)
  })

  it('after a failed step, takes the fallback and hands back its long-lived step', () => {
    const { lines, out } = collect()
    const serve = node('the browser host', '', true)
    const plan = {
      mode: 'electron' as const,
      notice: 'Opening the desktop app',
      steps: [node('building better-sqlite3 for Electron', 'process.exit(1)'), node('the desktop app', '', true)],
      fallback: { mode: 'browser' as const, notice: 'serving in your browser instead', steps: [node('building the renderer', ''), serve] }
    }
    expect(prepare(plan, out)).toBe(serve)
    expect(lines.log).toEqual(['Opening the desktop app', 'serving in your browser instead'])
    expect(lines.error).toEqual([expect.stringMatching(/^npm start: building better-sqlite3 for Electron failed with exit code 1\n/)])
  })

  it('without a fallback, a failed step leaves nothing to run', () => {
    const { lines, out } = collect()
    const plan = { mode: 'browser' as const, notice: 'serving', steps: [node('building the renderer', 'process.exit(2)'), node('serve', '', true)] }
    expect(prepare(plan, out)).toBeNull()
    expect(lines.error[0]).toMatch(/^npm start: building the renderer failed with exit code 2/)
  })
})
