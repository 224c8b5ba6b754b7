/**
 * Serves the studio to a browser: `npm run serve -- [--port N] [--host H] [--token T]
 * [--project file.sqlite] [--data-dir dir] [--ffmpeg path] [--ffprobe path] [--static dir]
 * [--endpoint URL]... [--allow-endpoint-host HOST[:PORT]]... [--endpoint-keys FILE]
 * [--media-root dir]... [--projects-dir dir] [--models-dir dir] [--exports-dir dir] [--public-origin URL]`.
 * Same API and UI as the Electron app. The printed URL carries the token; the page swaps it for a session cookie.
 */
import { existsSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createStudioApp } from '../../app'
import { endpointsFromFlags } from '../../inference/endpointConfig'
import { tokenProblem } from './auth'
import { startHttpHost, type HttpHost } from './http'

/** Without --port / SKYCAP_PORT: the same address every time, so a bookmark keeps working. */
const DEFAULT_PORT = 5178
/** When the default port is taken, the next ones are tried, this many in all. */
const DEFAULT_PORT_TRIES = 20

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    token: { type: 'string', default: process.env.SKYCAP_TOKEN || undefined },
    project: { type: 'string' },
    'data-dir': { type: 'string' },
    ffmpeg: { type: 'string' },
    ffprobe: { type: 'string' },
    static: { type: 'string', default: join(import.meta.dirname, '../../../../out/renderer') },
    endpoint: { type: 'string', multiple: true, default: [] },
    'allow-endpoint-host': { type: 'string', multiple: true, default: [] },
    'endpoint-keys': { type: 'string' },
    // the folders requests may name (defaults under the data folder); SKYCAP_MEDIA_ROOTS is colon-separated
    'media-root': { type: 'string', multiple: true, default: envList(process.env.SKYCAP_MEDIA_ROOTS) },
    'projects-dir': { type: 'string', default: process.env.SKYCAP_PROJECTS_DIR },
    'models-dir': { type: 'string', default: process.env.SKYCAP_MODELS_DIR },
    'exports-dir': { type: 'string', default: process.env.SKYCAP_EXPORTS_DIR },
    // behind a TLS reverse proxy: the address browsers use (docs/team-hosting.md)
    'public-origin': { type: 'string', default: process.env.SKYCAP_PUBLIC_ORIGIN || undefined }
  }
})

function envList(value: string | undefined): string[] {
  return (value ?? '').split(delimiter).filter(Boolean)
}

// Bound to an address others can reach, jobs use only the endpoints configured here.
const endpoints = (() => {
  try {
    return endpointsFromFlags({
      endpoints: values.endpoint,
      allowHosts: values['allow-endpoint-host'],
      keysFile: values['endpoint-keys'],
      defaultKey: process.env.SKYCAP_ENDPOINT_KEY,
      shared: !['127.0.0.1', 'localhost', '::1'].includes(values.host)
    })
  } catch (err) {
    console.error((err as Error).message)
    process.exit(2)
  }
})()

// An asked-for port is used exactly (0: any free port); only the default falls to the next free one.
const asked = values.port ?? (process.env.SKYCAP_PORT || undefined)
const port = asked === undefined ? DEFAULT_PORT : Number(asked)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port (or SKYCAP_PORT) must be a number from 0 to 65535, got "${asked}"`)
  process.exit(2)
}
const badToken = values.token === undefined ? null : tokenProblem(values.token)
if (badToken) {
  console.error(`--token (or SKYCAP_TOKEN): ${badToken}`)
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
  ffprobePath: values.ffprobe,
  endpoints,
  roots: { media: values['media-root'], projects: values['projects-dir'], models: values['models-dir'], exports: values['exports-dir'] }
})
const kinds = ['media', 'projects', 'models', 'exports'] as const
console.log(`Server paths a request may name are confined to: ${kinds.map((k) => app.roots.describe(k)).join('; ')}`)

const inUse = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'EADDRINUSE'

async function listen(): Promise<HttpHost> {
  const tries = asked === undefined ? DEFAULT_PORT_TRIES : 1
  for (let i = 0; ; i++) {
    try {
      return await startHttpHost({ app, host: values.host, port: port + i, token: values.token, staticDir, publicOrigin: values['public-origin'] })
    } catch (err) {
      if (!inUse(err) || i + 1 >= tries) throw err
    }
  }
}

function listenError(err: unknown): string {
  if (!inUse(err)) return err instanceof Error ? err.message : String(err)
  if (asked !== undefined) return `port ${port} is in use; pass another --port (or SKYCAP_PORT), or --port 0 for any free port`
  return `ports ${port}-${port + DEFAULT_PORT_TRIES - 1} are all in use; pass --port N, or --port 0 for any free port`
}

const host = await listen().catch(async (err) => {
  console.error(`Cannot listen on ${values.host}:${port}: ${listenError(err)}`)
  await app.close()
  process.exit(1)
})
if (host.port !== port && port !== 0) {
  console.log(`SkyCaptioner Studio: port ${port} is in use; serving at ${host.url} instead`)
} else {
  console.log(`SkyCaptioner Studio serving at ${host.url}`)
}
if (!values.token) {
  console.log('A token was generated for this run: open the URL above (it carries the token), or pass --token to keep one.')
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
