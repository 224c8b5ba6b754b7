#!/usr/bin/env node
// Builds llama-server (and llama-quantize, llama-imatrix for making quants) from the llama.cpp source that node-llama-cpp ships as a git bundle,
// caching the result outside the repo, keyed by the bundle's commit.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

const require = createRequire(import.meta.url)
// the package's exports hide package.json, so walk up from its main entry
const bundle = path.join(path.dirname(require.resolve('node-llama-cpp')), '..', 'llama', 'gitRelease.bundle')
const cacheRoot = process.env.SKYCAP_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'skycaptioner-studio')
const exe = process.platform === 'win32' ? '.exe' : ''
const TARGETS = ['llama-server', 'llama-quantize', 'llama-imatrix']

function bundleCommit() {
  const heads = execFileSync('git', ['bundle', 'list-heads', bundle], { encoding: 'utf8' })
  const commit = heads.trim().split(/\s+/)[0]
  if (!/^[0-9a-f]{40}$/.test(commit)) throw new Error(`Unexpected bundle heads: ${heads}`)
  return commit
}

function run(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    const relay = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        // cmake prints "[ 42%] Building ..." lines: show them as progress
        if (/^\[\s*\d+%\]/.test(line) || /error|warning: unused/i.test(line)) console.log(`  ${line.slice(0, 160)}`)
      }
    }
    child.stdout.on('data', relay)
    child.stderr.on('data', (c) => process.stderr.write(c))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))))
  })
}

async function compile(dir, targets) {
  await run('cmake', ['--build', 'build', '--config', 'Release', '--target', ...targets, '-j', String(os.availableParallelism())], dir)
  for (const t of targets) {
    const file = path.join(dir, 'build', 'bin', `${t}${exe}`)
    if (!existsSync(file)) throw new Error(`Build finished but ${file} is missing`)
  }
}

export async function setupLlama() {
  if (!existsSync(bundle)) throw new Error(`llama.cpp source bundle not found at ${bundle}; run npm install first`)
  const commit = bundleCommit()
  const dir = path.join(cacheRoot, 'llama.cpp', commit.slice(0, 12))
  const binary = path.join(dir, 'build', 'bin', `llama-server${exe}`)
  const missing = () => TARGETS.filter((t) => !existsSync(path.join(dir, 'build', 'bin', `${t}${exe}`)))
  if (existsSync(binary) && missing().length === 0) {
    console.log(`llama-server, llama-quantize and llama-imatrix (llama.cpp ${commit.slice(0, 7)}) are cached in ${path.dirname(binary)}`)
    return binary
  }
  if (existsSync(binary)) {
    // an older setup built only the server: add the quant tools to the same configured build
    console.log(`Building ${missing().join(', ')} beside the cached llama-server`)
    await compile(dir, missing())
    return binary
  }
  console.log(`Building llama-server from llama.cpp ${commit.slice(0, 7)} into ${dir} (a few minutes)`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(path.dirname(dir), { recursive: true })
  console.log('[1/3] Unpacking the source')
  execFileSync('git', ['clone', '--quiet', bundle, dir], { stdio: 'inherit' })
  console.log('[2/3] Configuring (cmake)')
  await run(
    'cmake',
    [
      '-S',
      '.',
      '-B',
      'build',
      '-DCMAKE_BUILD_TYPE=Release',
      '-DLLAMA_CURL=OFF',
      '-DLLAMA_BUILD_TESTS=OFF',
      '-DLLAMA_BUILD_EXAMPLES=OFF',
      '-DBUILD_SHARED_LIBS=OFF'
    ],
    dir
  )
  console.log(`[3/3] Compiling ${TARGETS.join(', ')}`)
  await compile(dir, TARGETS)
  writeFileSync(path.join(dir, 'BUILT_FROM'), `${commit}\n`)
  console.log(`llama-server is ready: ${binary}`)
  return binary
}

if (import.meta.url === `file://${process.argv[1]}`) {
  setupLlama().catch((err) => {
    console.error(`setup:llama failed: ${err.message}`)
    console.error('Install cmake and a C++ compiler, or set LLAMA_SERVER_PATH to an existing llama-server binary.')
    process.exit(1)
  })
}
