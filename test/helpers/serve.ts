// serve.ts as `npm start` and `npm run serve` run it, as a child process, for tests of the real host process.
import { spawn } from 'node:child_process'
import { REPO_ROOT } from './fixtures'

export interface Served {
  /** Its "serving at" line. */
  line: Promise<string>
  /** Everything it printed so far. */
  output(): string
  pid: number
  stop(): Promise<void>
  /** Kills it with no chance to clean up (a crash, a power cut), and waits for it to be gone. */
  kill(): Promise<void>
}

export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Served {
  const childEnv = { ...process.env, ...env }
  if (!('SKYCAP_PORT' in env)) delete childEnv.SKYCAP_PORT
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/hosts/http/serve.ts', ...args], {
    cwd: REPO_ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  let out = ''
  const line = new Promise<string>((done, fail) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text
      const found = out.split('\n').find((l) => l.includes('serving at'))
      if (found) done(found)
    })
    child.stderr.setEncoding('utf8').on('data', (text: string) => (out += text))
    child.once('exit', (code) => fail(new Error(`serve.ts exited with ${code} before serving:\n${out}`)))
  })
  return {
    line,
    output: () => out,
    pid: child.pid!,
    kill: async () => {
      child.kill('SIGKILL')
      await exited
    },
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    }
  }
}
