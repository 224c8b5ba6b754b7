import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { testRootFlags } from '../test/helpers/roots'
import { tempDir } from '../test/helpers/temp'

const ROOT = resolve(import.meta.dirname, '..')

/**
 * Runs the real CLI host (`serve.ts`) on a free port over the built renderer, with its own data folder
 * and the test roots (test/helpers/roots.ts), and hands its URL (which carries the token) to the specs as
 * STUDIO_URL, and the token as STUDIO_TOKEN. The returned function stops it and removes the folder.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = tempDir('skycap-e2e-')
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/hosts/http/serve.ts', '--port', '0', '--data-dir', dataDir, ...testRootFlags()], {
    cwd: ROOT,
    env: { ...process.env, SKYCAP_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const exited = new Promise<void>((done) => child.once('exit', () => done()))

  const url = await new Promise<string>((done, fail) => {
    let out = ''
    const timer = setTimeout(() => fail(new Error(`studio host did not start within 60 s:\n${out}`)), 60_000)
    child.stdout.setEncoding('utf8')
    // The listener stays attached, so the pipe keeps draining after the URL is read.
    child.stdout.on('data', (chunk: string) => {
      out += chunk
      const match = /serving at (http:\/\/\S+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        done(match[1])
      }
    })
    child.once('exit', (code) => fail(new Error(`studio host exited with ${code} before serving:\n${out}`)))
  })
  process.env.STUDIO_URL = url
  process.env.STUDIO_TOKEN = new URL(url).searchParams.get('token') ?? ''

  return async () => {
    child.kill('SIGTERM')
    await exited
    rmSync(dataDir, { recursive: true, force: true })
  }
}
