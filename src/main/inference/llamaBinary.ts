import { existsSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { bundledBinary, currentRuntime, type Runtime } from '../resources'

/** Where `npm run setup:llama` caches its builds (keep in step with scripts/setup-llama.mjs). */
export function llamaCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.SKYCAP_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'skycaptioner-studio')
  return path.join(cache, 'llama.cpp')
}

export interface LlamaBinary {
  path: string | null
  source: 'setting' | 'env' | 'bundled' | 'setup:llama' | null
  problem: string | null
}

/** llama-server from a setting, then LLAMA_SERVER_PATH, then the one shipped with the app, then the setup:llama build cache. */
export function findLlamaServer(setting?: string, env: NodeJS.ProcessEnv = process.env, runtime: Runtime = currentRuntime()): LlamaBinary {
  if (setting) {
    return existsSync(setting)
      ? { path: setting, source: 'setting', problem: null }
      : { path: null, source: null, problem: `The llama-server set in settings does not exist: ${setting}` }
  }
  if (env.LLAMA_SERVER_PATH) {
    return existsSync(env.LLAMA_SERVER_PATH)
      ? { path: env.LLAMA_SERVER_PATH, source: 'env', problem: null }
      : { path: null, source: null, problem: `LLAMA_SERVER_PATH points at a missing file: ${env.LLAMA_SERVER_PATH}` }
  }
  const bundled = bundledBinary('llama-server', runtime)
  if (bundled) return { path: bundled, source: 'bundled', problem: null }
  if (runtime.isPackaged) {
    const platform = `${process.platform}-${process.arch}`
    return { path: null, source: null, problem: `This build of the studio ships no llama-server for ${platform}: set LLAMA_SERVER_PATH to one.` }
  }
  const cache = llamaCacheDir(env)
  const exe = process.platform === 'win32' ? 'llama-server.exe' : 'llama-server'
  const builds = existsSync(cache) ? readdirSync(cache) : []
  for (const build of builds) {
    const candidate = path.join(cache, build, 'build', 'bin', exe)
    if (existsSync(candidate)) return { path: candidate, source: 'setup:llama', problem: null }
  }
  return {
    path: null,
    source: null,
    problem: 'No llama-server found. Run `npm run setup:llama` to build it, or set LLAMA_SERVER_PATH to an existing binary.'
  }
}
