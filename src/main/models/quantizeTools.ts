import { existsSync } from 'node:fs'
import path from 'node:path'
import { findLlamaServer, type LlamaBinary } from '../inference/llamaBinary'
import { currentRuntime, type Runtime } from '../resources'

/** llama-quantize / llama-imatrix: beside the llama-server in use (setting, LLAMA_SERVER_PATH, the shipped one or the setup:llama build). */
export function findQuantTool(
  name: 'llama-quantize' | 'llama-imatrix',
  serverSetting?: string,
  env: NodeJS.ProcessEnv = process.env,
  runtime: Runtime = currentRuntime()
): LlamaBinary {
  const server = findLlamaServer(serverSetting, env, runtime)
  const exe = process.platform === 'win32' ? `${name}.exe` : name
  if (server.path) {
    const beside = path.join(path.dirname(server.path), exe)
    if (existsSync(beside)) return { path: beside, source: server.source, problem: null }
  }
  return {
    path: null,
    source: null,
    problem: `No ${name} found${server.path ? ` beside ${server.path}` : ''}. ${
      runtime.isPackaged ? 'Set LLAMA_SERVER_PATH to a llama.cpp build that has it.' : 'Run `npm run setup:llama`, which builds it with llama-server.'
    }`
  }
}
