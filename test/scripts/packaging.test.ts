// The electron-builder configuration, checked here without the Electron download: against
// electron-builder's own schema, and by a real `electron-builder --dir` of a stand-in app (the
// Electron binary and native builds are stand-ins; the config, hook and layout are the real ones).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findLlamaServer } from '../../src/main/inference/llamaBinary'
import { resolveTools } from '../../src/main/media/tools'
import { sqliteBindingPath } from '../../src/main/nativeModules'
import { resourcePath } from '../../src/main/resources'
import { REPO_ROOT } from '../helpers/fixtures'
import { scratch } from '../helpers/temp'

const require = createRequire(import.meta.url)
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config')
const { DebugLogger } = require('builder-util')
const asar = require('@electron/asar')
const fresh = scratch('skycap-packaging-')
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'))
const ELECTRON_VERSION = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')).version
const SQLITE_VERSION = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8')).version

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema, and the schema does refuse a misspelt key", async () => {
    const config = await getConfig(REPO_ROOT, null, null)
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    await expect(validateConfiguration({ ...config, asarUnpak: [] }, new DebugLogger(false))).rejects.toThrow(/asarUnpak/)
  })

  it('names the app, unpacks the native code, ships the resources and binaries, and never rebuilds node_modules in place', async () => {
    const config = await getConfig(REPO_ROOT, null, null)
    expect(config).toMatchObject({
      appId: 'org.skycaptioner.studio',
      productName: 'SkyCaptioner Studio',
      npmRebuild: false,
      afterPack: 'scripts/after-pack.cjs'
    })
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/ffmpeg-static/**', 'node_modules/@node-llama-cpp/**'])
    )
    expect(config.extraResources).toEqual([
      { from: 'resources', to: 'resources' },
      { from: 'vendor/${platform}-${arch}', to: 'bin' }
    ])
    for (const icon of [config.mac.icon, config.win.icon, config.linux.icon]) expect(fs.existsSync(path.join(REPO_ROOT, icon)), icon).toBe(true)
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder')
  })
})

/** A project with the real config, hook and resources, and stand-ins for what a real build downloads or compiles. */
function standInProject(): string {
  const project = fresh('project')
  const write = (file: string, text: string, mode = 0o644) => {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true })
    fs.writeFileSync(path.join(project, file), text, { mode })
  }
  for (const entry of ['electron-builder.yml', 'resources', 'build']) fs.cpSync(path.join(REPO_ROOT, entry), path.join(project, entry), { recursive: true })
  for (const script of ['after-pack.cjs', 'build-electron-sqlite.mjs', 'electronNative.mjs'])
    write(`scripts/${script}`, fs.readFileSync(path.join(REPO_ROOT, 'scripts', script), 'utf8'))
  // no dependencies, so none are copied; the hook's own requires resolve through the linked node_modules
  write('package.json', JSON.stringify({ name: pkg.name, version: pkg.version, description: pkg.description, main: pkg.main, type: pkg.type, author: 'test' }))
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(project, 'node_modules'), 'junction')
  write('out/main/index.js', '// stand-in main\n')
  for (const tool of ['llama-server', 'llama-quantize', 'ffprobe']) write(`vendor/linux-x64/${tool}`, '#!/bin/sh\n', 0o755)
  // an Electron build of better-sqlite3 made earlier: the hook reuses it instead of building
  const native = `native/electron-${ELECTRON_VERSION}-linux-x64`
  write(`${native}/better_sqlite3.node`, 'stand-in Electron build')
  write(`${native}/stamp.json`, JSON.stringify({ electronVersion: ELECTRON_VERSION, platform: 'linux', arch: 'x64', sqliteVersion: SQLITE_VERSION }))
  write('fake-electron/electron', '#!/bin/sh\n', 0o755)
  return project
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  return new Promise((done) => child.once('close', (code) => done({ code, output })))
}

describe('electron-builder --dir (no Electron download)', () => {
  it('lays the app out where the packaged app looks for it', async () => {
    const project = standInProject()
    const cli = path.join(REPO_ROOT, 'node_modules/electron-builder/cli.js')
    const electronDist = path.join(project, 'fake-electron')
    const args = [cli, '--dir', '--linux', '--x64', `-c.electronVersion=${ELECTRON_VERSION}`, `-c.electronDist=${electronDist}`]
    const build = await run(process.execPath, args, project)
    expect(build.code, build.output).toBe(0)
    expect(build.output).toContain(`better-sqlite3 for Electron ${ELECTRON_VERSION} is up to date`)

    const resources = path.join(project, 'dist/linux-unpacked/resources')
    expect(asar.listPackage(path.join(resources, 'app.asar'))).toEqual(
      expect.arrayContaining([path.sep + path.join('out', 'main', 'index.js'), path.sep + 'package.json'])
    )
    // the resolvers, fed the packaged app's resourcesPath, find what the build put there
    const runtime = { resourcesPath: resources, isPackaged: true }
    expect(fs.existsSync(resourcePath('tether.cjs', runtime))).toBe(true)
    expect(fs.existsSync(resourcePath('gguf-read.mjs', runtime))).toBe(true)
    expect(findLlamaServer(undefined, { PATH: '' }, runtime)).toEqual({ path: path.join(resources, 'bin/llama-server'), source: 'bundled', problem: null })
    expect(resolveTools({ env: { PATH: '' }, ffmpegStatic: () => null, runtime }).ffprobe).toBe(path.join(resources, 'bin/ffprobe'))
    const binding = sqliteBindingPath({ electronVersion: ELECTRON_VERSION, platform: 'linux', arch: 'x64' }, runtime, () => project)!
    expect(fs.readFileSync(binding, 'utf8')).toBe('stand-in Electron build')
  }, 120_000)
})
