// What `npm install && npm start` gives: the root postinstall's Electron download (real install.js of
// the electron package against local mirrors) and the browser host's stable default port.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/fixtures'
import { startServe } from '../helpers/serve'
import { scratch } from '../helpers/temp'
import { storedZip } from '../helpers/storedZip'

const fresh = scratch('skycap-install-')
const POSTINSTALL = path.join(REPO_ROOT, 'scripts/postinstall-electron.mjs')
const ELECTRON_DIR = path.join(REPO_ROOT, 'node_modules/electron')
const ELECTRON_VERSION = (JSON.parse(readFileSync(path.join(ELECTRON_DIR, 'package.json'), 'utf8')) as { version: string }).version
const DEFAULT_PORT = 5178

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))))
})

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a node script; a run that outlives `limitMs` is killed and fails the test with what it printed. */
function runNode(args: string[], env: Record<string, string | undefined>, limitMs = 60_000): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    npm_lifecycle_event: undefined,
    ELECTRON_SKIP_BINARY_DOWNLOAD: undefined,
    SKYCAP_PORT: undefined,
    ...env
  }
  for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key]
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      fail(new Error(`${args.join(' ')} still running after ${limitMs} ms:\n${stdout}\n${stderr}`))
    }, limitMs)
    child.once('close', (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr })
    })
  })
}

/** A TCP port on 127.0.0.1 that refuses connections: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createTcpServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  await new Promise((done) => server.close(done))
  return port
}

async function listenHttp(server: Server, port = 0): Promise<number> {
  servers.push(server)
  await new Promise<void>((done, fail) => server.once('error', fail).listen(port, '127.0.0.1', done))
  return (server.address() as AddressInfo).port
}

/** Env that makes electron's install.js download for real: no binary yet (wherever one is installed), empty cache. */
function downloadEnv(mirror: string): Record<string, string> {
  return { ELECTRON_MIRROR: mirror, electron_config_cache: fresh('cache'), ELECTRON_OVERRIDE_DIST_PATH: fresh('no-binary') }
}

describe('root postinstall: the Electron download', () => {
  it('in npm install, an unreachable mirror ends with one line naming the reason, and exit code 0', async () => {
    const port = await closedPort()
    const run = await runNode([POSTINSTALL], { ...downloadEnv(`http://127.0.0.1:${port}/`), npm_lifecycle_event: 'postinstall' })
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe(
      `Electron could not be downloaded (RequestError: connect ECONNREFUSED 127.0.0.1:${port}): ` +
        '`npm start` will serve the studio in your browser; see README.\n'
    )
    expect(run.code).toBe(0)
  })

  it('run by hand (npm run setup:electron), the same failure exits 1', async () => {
    const run = await runNode([POSTINSTALL], downloadEnv(`http://127.0.0.1:${await closedPort()}/`))
    expect(run.stdout).toMatch(/^Electron could not be downloaded \(RequestError: connect ECONNREFUSED/)
    expect(run.code).toBe(1)
  })

  it('gives up on a mirror that never answers after SKYCAP_ELECTRON_TIMEOUT seconds', async () => {
    const requests: string[] = []
    const port = await listenHttp(createServer((req) => requests.push(req.url ?? '')))
    const tmp = fresh('tmp')
    const env = { ...downloadEnv(`http://127.0.0.1:${port}/`), npm_lifecycle_event: 'postinstall', SKYCAP_ELECTRON_TIMEOUT: '2', TMPDIR: tmp }
    const run = await runNode([POSTINSTALL], env)
    expect(requests.length).toBeGreaterThan(0)
    // the killed download's temp folder is removed
    expect(readdirSync(tmp)).toEqual([])
    expect(run.stdout).toMatch(/^Electron could not be downloaded \(not done within 2 s; retry with SKYCAP_ELECTRON_TIMEOUT=/)
    expect(run.code).toBe(0)
  })

  it('ELECTRON_SKIP_BINARY_DOWNLOAD skips the download and says so', async () => {
    const requests: string[] = []
    const port = await listenHttp(createServer((req, res) => (requests.push(req.url ?? ''), res.writeHead(404).end())))
    const run = await runNode([POSTINSTALL], { ...downloadEnv(`http://127.0.0.1:${port}/`), ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })
    expect(run.stdout).toMatch(/^Electron download skipped \(ELECTRON_SKIP_BINARY_DOWNLOAD is set\): `npm start` will serve/)
    expect(requests).toEqual([])
    expect(run.code).toBe(0)
  })

  it('a bad SKYCAP_ELECTRON_TIMEOUT is refused by name', async () => {
    const run = await runNode([POSTINSTALL], { SKYCAP_ELECTRON_TIMEOUT: 'soon' })
    expect(run.stderr).toContain('SKYCAP_ELECTRON_TIMEOUT must be a number of seconds, got "soon"')
    expect(run.code).toBe(2)
  })

  it('where the download works, the binary is unpacked and the line says npm start opens the desktop app', async () => {
    // A copy of the electron package (its own install.js), so the real node_modules/electron is never written to.
    const project = fresh('project')
    const electron = path.join(project, 'node_modules/electron')
    mkdirSync(electron, { recursive: true })
    mkdirSync(path.join(project, 'scripts'))
    for (const file of ['install.js', 'index.js', 'package.json', 'checksums.json']) copyFileSync(path.join(ELECTRON_DIR, file), path.join(electron, file))
    copyFileSync(POSTINSTALL, path.join(project, 'scripts/postinstall-electron.mjs'))

    const platformName = process.platform === 'win32' ? 'electron.exe' : 'electron'
    const zipName = `electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`
    const zip = storedZip({ [platformName]: 'stand-in binary', version: `v${ELECTRON_VERSION}` })
    const sums = `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`
    const served: string[] = []
    const port = await listenHttp(
      createServer((req, res) => {
        served.push(req.url ?? '')
        if (req.url === `/v${ELECTRON_VERSION}/${zipName}`) return void res.writeHead(200).end(zip)
        if (req.url === `/v${ELECTRON_VERSION}/SHASUMS256.txt`) return void res.writeHead(200).end(sums)
        res.writeHead(404).end()
      })
    )
    const run = await runNode([path.join(project, 'scripts/postinstall-electron.mjs')], {
      ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
      electron_config_cache: fresh('cache'),
      // checksums from the mirror: the stand-in zip is not in the package's checksums.json
      electron_use_remote_checksums: '1',
      // install.js's own dependencies (@electron/get, extract-zip) from the repo
      NODE_PATH: path.join(REPO_ROOT, 'node_modules'),
      npm_lifecycle_event: 'postinstall'
    })
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe(`Electron ${ELECTRON_VERSION} installed: \`npm start\` opens the desktop app.\n`)
    expect(served).toContain(`/v${ELECTRON_VERSION}/${zipName}`)
    expect(readFileSync(path.join(electron, 'dist', platformName), 'utf8')).toBe('stand-in binary')
    expect(existsSync(path.join(electron, 'path.txt'))).toBe(true)
    expect(run.code).toBe(0)
  })
})

describe('npm start / npm run serve: the port', () => {
  it(`falls from a taken default port ${DEFAULT_PORT} to the next free one, says so, and serves there`, async () => {
    // Taken by this test, or already by something else: either way the studio cannot have it.
    const blocker = createTcpServer()
    await new Promise<void>((done) => blocker.once('error', () => done()).listen(DEFAULT_PORT, '127.0.0.1', done))
    const staticDir = fresh('renderer')
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>port fallback marker</title>')
    const host = startServe(['--data-dir', fresh('data'), '--static', staticDir])
    try {
      const line = await host.line
      const match = /^SkyCaptioner Studio: port (\d+) is in use; serving at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=[\w-]{43}) instead$/.exec(line)
      expect(match, line).not.toBeNull()
      expect(Number(match![1])).toBe(DEFAULT_PORT)
      expect(Number(match![3])).toBeGreaterThan(DEFAULT_PORT)
      expect(await (await fetch(match![2])).text()).toContain('port fallback marker')
    } finally {
      await host.stop()
      await new Promise((done) => blocker.close(done))
    }
  })

  it('a taken port asked for with --port is an error naming it, not a silent move', async () => {
    const port = await listenHttp(createServer((_req, res) => res.end()))
    const run = await runNode(['--import', 'tsx', 'src/main/hosts/http/serve.ts', '--data-dir', fresh('data'), '--port', String(port)], {})
    expect(run.stderr).toContain(`Cannot listen on 127.0.0.1:${port}: port ${port} is in use; pass another --port (or SKYCAP_PORT), or --port 0`)
    expect(run.stdout).not.toContain('serving at')
    expect(run.code).toBe(1)
  })
})
