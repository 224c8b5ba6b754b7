import fs from 'node:fs'
import path from 'node:path'
import { endpointKey, type EndpointsConfig } from './endpointPolicy'

export interface EndpointFlags {
  /** --endpoint, repeatable. */
  endpoints: string[]
  /** --allow-endpoint-host, repeatable. */
  allowHosts: string[]
  /** --endpoint-keys: a file of "URL KEY" lines (# comments). */
  keysFile?: string
  /** SKYCAP_ENDPOINT_KEY: the key of every listed endpoint the file gives none. */
  defaultKey?: string
  /** The host is bound to an address others can reach. */
  shared: boolean
}

/** The operator's endpoint settings from `npm run serve` flags; throws a message naming the flag on bad input. */
export function endpointsFromFlags(flags: EndpointFlags): EndpointsConfig {
  for (const url of flags.endpoints) {
    if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw new Error(`--endpoint ${url}: give an http(s) URL, e.g. http://gpu-box:8000`)
  }
  const keys = flags.keysFile ? readKeys(flags.keysFile) : new Map<string, string>()
  const listed = new Set(flags.endpoints.map(endpointKey))
  const stray = [...keys.keys()].find((url) => !listed.has(url))
  if (stray) throw new Error(`--endpoint-keys has a key for ${stray}, which no --endpoint names`)
  return {
    managed: flags.endpoints.map((url) => ({ url, apiKey: keys.get(endpointKey(url)) ?? (flags.defaultKey || undefined) })),
    allowHosts: flags.allowHosts,
    onlyConfigured: flags.shared
  }
}

function readKeys(file: string): Map<string, string> {
  const keys = new Map<string, string>()
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/)
  lines.forEach((line, i) => {
    const text = line.trim()
    if (text === '' || text.startsWith('#')) return
    const [url, key, ...rest] = text.split(/\s+/)
    // the line is not echoed: it holds a key
    if (!key || rest.length > 0 || !URL.canParse(url)) throw new Error(`--endpoint-keys ${path.basename(file)}: line ${i + 1} is not "URL KEY"`)
    keys.set(endpointKey(url), key)
  })
  return keys
}
