// One native-module strategy: Node loads node_modules/better-sqlite3 as npm built it, Electron an
// Electron-ABI copy in native/electron-<v>-<platform>-<arch>/, rebuilt only when its stamp no longer fits.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync, copyFileSync, existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { nativeDir, rebuildReason, stampFor } from '../../scripts/electronNative.mjs'
import { sqliteBinding, sqliteBindingPath } from '../../src/main/nativeModules'
import { openDb } from '../../src/main/store/db'
import { REPO_ROOT } from '../helpers/fixtures'
import { scratch } from '../helpers/temp'

const fresh = scratch('skycap-native-')
const target = { electronVersion: '38.8.6', platform: 'linux', arch: 'x64' }
const stamp = stampFor({ ...target, sqliteVersion: '12.11.1' })

function builtCopy(dir: string, written: object | string | null): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'better_sqlite3.node'), 'binding')
  if (written !== null) writeFileSync(path.join(dir, 'stamp.json'), typeof written === 'string' ? written : JSON.stringify(written))
}

describe('needs rebuild? (the stamp)', () => {
  it('a copy whose stamp matches is used as it is', () => {
    const dir = nativeDir(fresh('root'), target)
    builtCopy(dir, stamp)
    expect(rebuildReason(dir, stamp)).toBeNull()
  })

  it('no copy, an interrupted build (no stamp) or an unreadable stamp are rebuilt', () => {
    expect(rebuildReason(nativeDir(fresh('root'), target), stamp)).toBe('no Electron build of better-sqlite3 yet')
    const interrupted = nativeDir(fresh('root'), target)
    builtCopy(interrupted, null)
    expect(rebuildReason(interrupted, stamp)).toBe('the last build did not finish')
    const garbled = nativeDir(fresh('root'), target)
    builtCopy(garbled, '{"electronVer')
    expect(rebuildReason(garbled, stamp)).toBe('the last build did not finish')
  })

  it('a new Electron or better-sqlite3 version is named as the reason', () => {
    const dir = nativeDir(fresh('root'), target)
    builtCopy(dir, { ...stamp, electronVersion: '38.8.5' })
    expect(rebuildReason(dir, stamp)).toBe('electronVersion changed from 38.8.5 to 38.8.6')
    builtCopy(dir, { ...stamp, sqliteVersion: '12.10.0' })
    expect(rebuildReason(dir, stamp)).toBe('sqliteVersion changed from 12.10.0 to 12.11.1')
  })
})

describe('the binding the store loads', () => {
  it('under Node: none given, so better-sqlite3 loads its own build, and the store opens', () => {
    expect(sqliteBinding()).toBeUndefined()
    const db = openDb(path.join(fresh('project'), 'p.sqlite'))
    expect(Number(db.pragma('user_version', { simple: true }))).toBeGreaterThan(0)
    db.close()
  })

  it('under Electron from a checkout: the copy start builds, in the folder it builds it in', () => {
    const root = fresh('root')
    const binding = sqliteBindingPath(target, { resourcesPath: '/opt/electron/resources', isPackaged: false }, () => root)
    expect(binding).toBe(path.join(nativeDir(root, target), 'better_sqlite3.node'))
    const win = { electronVersion: '38.8.6', platform: 'win32', arch: 'arm64' }
    expect(sqliteBindingPath(win, { resourcesPath: null, isPackaged: false }, () => root)).toBe(path.join(nativeDir(root, win), 'better_sqlite3.node'))
  })

  it('packaged: the copy electron-builder rebuilt, unpacked beside app.asar', () => {
    const resources = path.join('/Applications/SkyCaptioner Studio.app/Contents/Resources')
    expect(sqliteBindingPath(target, { resourcesPath: resources, isPackaged: true }, () => '/unused')).toBe(
      path.join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node')
    )
  })

  it('under Node nothing is resolved, packaged or not', () => {
    const node = { ...target, electronVersion: undefined }
    expect(sqliteBindingPath(node, { resourcesPath: '/r', isPackaged: true }, () => '/unused')).toBeUndefined()
  })
})

describe('building the Electron copy', () => {
  it('with --if-electron (before the e2e tests), does nothing where no Electron binary is installed', () => {
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: fresh('no-electron'), SKYCAP_ELECTRON_HEADERS_URL: 'http://127.0.0.1:9/' }
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build-electron-sqlite.mjs'), '--if-electron'], { env, encoding: 'utf8' })
    expect(run.stdout).toBe('No Electron binary installed: no Electron build of better-sqlite3 needed\n')
    expect(run.status).toBe(0)
  })

  const sqliteNode = path.join(REPO_ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')
  const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

  it('where it cannot be built (no headers), says so, leaves no stamp and never touches node_modules', async () => {
    // a project of its own (the real node_modules linked in), so the real native/ is not written to
    const project = fresh('project')
    mkdirSync(path.join(project, 'scripts'))
    for (const file of ['build-electron-sqlite.mjs', 'electronNative.mjs'])
      copyFileSync(path.join(REPO_ROOT, 'scripts', file), path.join(project, 'scripts', file))
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(project, 'node_modules'), 'junction')
    const before = hash(sqliteNode)
    const child = spawn(process.execPath, [path.join(project, 'scripts/build-electron-sqlite.mjs')], {
      cwd: project,
      // a headers server that refuses connections: the offline case, without waiting on DNS. npm's
      // nodedir (set where Node came with its headers) must not turn this into a build for Node.
      env: { ...process.env, SKYCAP_ELECTRON_HEADERS_URL: 'http://127.0.0.1:9/', npm_config_nodedir: path.dirname(path.dirname(process.execPath)) },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const code = await new Promise((done) => child.once('close', done))
    expect(stdout).toContain('Building better-sqlite3 for Electron')
    expect(stderr).toMatch(/Could not build better-sqlite3 for Electron \d+\.\d+\.\d+: /)
    expect(code).toBe(1)
    const native = path.join(project, 'native')
    expect(existsSync(native) ? readdirSync(native, { recursive: true }).filter((f) => String(f).endsWith('stamp.json')) : []).toEqual([])
    expect(hash(sqliteNode)).toBe(before)
  }, 120_000)
})
