import { existsSync } from 'node:fs'
import path from 'node:path'
import { findLlamaServer, type LlamaBinary } from '../inference/llamaBinary'

/** llama-quantize / llama-imatrix: beside the llama-server in use (setting, LLAMA_SERVER_PATH or the setup:llama build). */
export function findQuantTool(name: 'llama-quantize' | 'llama-imatrix', serverSetting?: string, env: NodeJS.ProcessEnv = process.env): LlamaBinary {
  const server = findLlamaServer(serverSetting, env)
  const exe = process.platform === 'win32' ? `${name}.exe` : name
  if (server.path) {
    const beside = path.join(path.dirname(server.path), exe)
    if (existsSync(beside)) return { path: beside, source: server.source, problem: null }
  }
  return {
    path: null,
    source: null,
    problem: `No ${name} found${server.path ? ` beside ${server.path}` : ''}. Run \`npm run setup:llama\`, which builds it with llama-server.`
  }
}
