// A packaged app finds its resources and shipped binaries (llama-server and helpers, ffprobe)
// under process.resourcesPath; a checkout finds them in the repo. One resolver, fed (resourcesPath, isPackaged).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findLlamaServer } from '../../src/main/inference/llamaBinary'
import { resolveTools } from '../../src/main/media/tools'
import { findQuantTool } from '../../src/main/models/quantizeTools'
import { runAsNodeProblem } from '../../src/main/processes'
import { bundledBinary, bundledBinDir, currentRuntime, resourcePath } from '../../src/main/resources'
import { REPO_ROOT } from '../helpers/fixtures'
import { scratch } from '../helpers/temp'

const fresh = scratch('skycap-resources-')
const exe = (name: string) => (process.platform === 'win32' ? `${name}.exe` : name)

/** A packaged app's Resources folder, laid out as electron-builder.yml's extraResources leave it. */
function packagedResources(...binaries: string[]): string {
  const resources = fresh('Resources')
  fs.mkdirSync(path.join(resources, 'bin'))
  for (const name of binaries) fs.writeFileSync(path.join(resources, 'bin', exe(name)), '#!/bin/sh\n', { mode: 0o755 })
  return resources
}

const noEnv = { PATH: '' }

describe('the runtime', () => {
  it('plain Node is never packaged; Electron running a folder (electron ., the e2e) is not; without defaultApp it is', () => {
    expect(currentRuntime(process)).toEqual({ resourcesPath: null, isPackaged: false })
    const dev = { versions: { electron: '38.8.6' }, resourcesPath: '/e/resources', defaultApp: true } as unknown as NodeJS.Process
    expect(currentRuntime(dev)).toEqual({ resourcesPath: '/e/resources', isPackaged: false })
    const packaged = { versions: { electron: '38.8.6' }, resourcesPath: '/opt/SkyCaptioner Studio/resources' } as unknown as NodeJS.Process
    expect(currentRuntime(packaged)).toEqual({ resourcesPath: '/opt/SkyCaptioner Studio/resources', isPackaged: true })
  })
})

describe('resources', () => {
  it('from a checkout: the repo resources/ folder; packaged: <resourcesPath>/resources', () => {
    expect(resourcePath('tether.cjs', { resourcesPath: null, isPackaged: false })).toBe(path.join(REPO_ROOT, 'resources', 'tether.cjs'))
    expect(resourcePath('tether.cjs', { resourcesPath: '/r', isPackaged: true })).toBe(path.join('/r', 'resources', 'tether.cjs'))
  })

  it('shipped binaries: <resourcesPath>/bin packaged, vendor/<platform>-<arch> in a checkout, .exe on Windows', () => {
    const resources = packagedResources('llama-server')
    const packaged = { resourcesPath: resources, isPackaged: true }
    expect(bundledBinDir(packaged)).toBe(path.join(resources, 'bin'))
    expect(bundledBinary('llama-server', packaged)).toBe(path.join(resources, 'bin', exe('llama-server')))
    expect(bundledBinary('ffprobe', packaged)).toBeNull()
    expect(bundledBinary('llama-server', packaged, process.platform === 'win32' ? 'linux' : 'win32')).toBeNull()
    // this checkout has no vendor/ folder filled for this machine
    expect(bundledBinDir({ resourcesPath: null, isPackaged: false }, 'plan9', 'mips')).toBeNull()
  })
})

describe('llama-server and its helpers in a packaged app', () => {
  it('the shipped llama-server is used, with llama-quantize and llama-imatrix beside it', () => {
    const resources = packagedResources('llama-server', 'llama-quantize', 'llama-imatrix')
    const runtime = { resourcesPath: resources, isPackaged: true }
    expect(findLlamaServer(undefined, noEnv, runtime)).toEqual({ path: path.join(resources, 'bin', exe('llama-server')), source: 'bundled', problem: null })
    expect(findQuantTool('llama-quantize', undefined, noEnv, runtime).path).toBe(path.join(resources, 'bin', exe('llama-quantize')))
    expect(findQuantTool('llama-imatrix', undefined, noEnv, runtime).path).toBe(path.join(resources, 'bin', exe('llama-imatrix')))
  })

  it('a setting or LLAMA_SERVER_PATH still wins over the shipped one', () => {
    const runtime = { resourcesPath: packagedResources('llama-server'), isPackaged: true }
    const own = path.join(packagedResources('llama-server'), 'bin', exe('llama-server'))
    expect(findLlamaServer(own, noEnv, runtime)).toMatchObject({ path: own, source: 'setting' })
    expect(findLlamaServer(undefined, { LLAMA_SERVER_PATH: own }, runtime)).toMatchObject({ path: own, source: 'env' })
  })

  it('a packaged app without one says so, instead of sending its user to npm run setup:llama', () => {
    const runtime = { resourcesPath: packagedResources(), isPackaged: true }
    const found = findLlamaServer(undefined, { SKYCAP_CACHE_DIR: fresh('cache') }, runtime)
    expect(found.path).toBeNull()
    expect(found.problem).toBe(`This build of the studio ships no llama-server for ${process.platform}-${process.arch}: set LLAMA_SERVER_PATH to one.`)
    expect(findQuantTool('llama-quantize', undefined, { SKYCAP_CACHE_DIR: fresh('cache') }, runtime).problem).toContain('Set LLAMA_SERVER_PATH')
  })
})

describe('ffprobe in a packaged app', () => {
  it('ffmpeg-static ships no ffprobe: the shipped one is used', () => {
    const resources = packagedResources('ffprobe')
    const staticDir = packagedResources('ffmpeg')
    const tools = resolveTools({
      env: noEnv,
      ffmpegStatic: () => path.join(staticDir, 'bin', exe('ffmpeg')),
      runtime: { resourcesPath: resources, isPackaged: true }
    })
    expect(tools.ffprobe).toBe(path.join(resources, 'bin', exe('ffprobe')))
    expect(tools.source).toBe('ffmpeg: ffmpeg-static, ffprobe: bundled')
    expect(tools.problem).toBeNull()
  })

  it('FFPROBE_PATH still wins', () => {
    const own = path.join(packagedResources('ffprobe'), 'bin', exe('ffprobe'))
    const tools = resolveTools({
      env: { ...noEnv, FFPROBE_PATH: own },
      ffmpegStatic: () => null,
      runtime: { resourcesPath: packagedResources('ffprobe'), isPackaged: true }
    })
    expect(tools.ffprobe).toBe(own)
  })
})

describe('the RunAsNode check', () => {
  it('a binary that runs as Node with ELECTRON_RUN_AS_NODE=1 passes', async () => {
    expect(await runAsNodeProblem(process.execPath)).toBeNull()
  })

  it('one that does not (an Electron with the fuse off runs the app instead) fails, naming the fuse', async () => {
    // echo ignores ELECTRON_RUN_AS_NODE and prints its arguments, as a fused-off Electron ignores it
    const problem = await runAsNodeProblem('/bin/echo')
    expect(problem).toMatch(/^RunAsNode fuse is off: \/bin\/echo did not run as Node when started with ELECTRON_RUN_AS_NODE=1\./)
    expect(await runAsNodeProblem(path.join(fresh('none'), 'electron'))).toMatch(/^Cannot start .*electron to check that it runs as Node: spawn .* ENOENT$/)
  })
})
