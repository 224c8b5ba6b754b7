/**
 * Serves the studio to a browser: `npm run serve -- [--port N] [--host H] [--token T]
 * [--project file.sqlite] [--data-dir dir] [--ffmpeg path] [--ffprobe path] [--static dir]`.
 * Same API and UI as the Electron app.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createStudioApp } from './app'
import { startHttpHost } from './transports/http'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SKYCAP_PORT ?? '0' },
    host: { type: 'string', default: '127.0.0.1' },
    token: { type: 'string', default: process.env.SKYCAP_TOKEN },
    project: { type: 'string' },
    'data-dir': { type: 'string' },
    ffmpeg: { type: 'string' },
    ffprobe: { type: 'string' },
    static: { type: 'string', default: join(import.meta.dirname, '../../out/renderer') }
  }
})

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, got "${values.port}"`)
  process.exit(2)
}
const staticDir = resolve(values.static)
if (!existsSync(join(staticDir, 'index.html'))) {
  console.error(`No built renderer in ${staticDir}: run "npm run build" first (the API is served anyway).`)
}

const app = createStudioApp({
  dataDir: values['data-dir'] ? resolve(values['data-dir']) : undefined,
  projectPath: values.project ? resolve(values.project) : undefined,
  ffmpegPath: values.ffmpeg,
  ffprobePath: values.ffprobe
})
const host = await startHttpHost({ app, host: values.host, port, token: values.token, staticDir }).catch(async (err) => {
  console.error(`Cannot listen on ${values.host}:${port}: ${err instanceof Error ? err.message : err}`)
  await app.close()
  process.exit(1)
})
console.log(`SkyCaptioner Studio serving at ${host.url}`)
if (host.token && !values.token) {
  console.log(`A token was generated because ${values.host} is not loopback: every request must carry it.`)
}
if (values.host === '0.0.0.0' || values.host === '::') {
  console.log("Listening on every interface: from another machine, use this machine's address, same port and token.")
}

// app.close() stops child processes (ffmpeg, llama-server) before closing the project.
let stopping = false
async function stop(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  console.log(`${signal}: closing`)
  await host.close()
  await app.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
