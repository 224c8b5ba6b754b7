import { lookup as dnsLookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import { ApiError } from '../../shared/errors'

/** One endpoint the operator manages (--endpoint); its key stays on the host, callers never need it. */
export interface ManagedEndpoint {
  url: string
  apiKey?: string
}

export type Lookup = (hostname: string) => Promise<{ address: string }[]>

/** What the operator decides about pre-label and fusion endpoints (docs/security.md). */
export interface EndpointsConfig {
  /** The operator's list; in the Pre-label form to pick from. */
  managed?: ManagedEndpoint[]
  /** `host` (any port) or `host:port` the operator allows; also the one way to allow a link-local or metadata address. */
  allowHosts?: string[]
  /** Set on a host others can reach: only managed or allowed endpoints are accepted. */
  onlyConfigured?: boolean
  /** Name resolution; tests pass a stand-in (there is no DNS in the test sandbox). */
  lookup?: Lookup
}

/** A resolver that does not answer must not hold a request (or a job's every request) for long. */
const LOOKUP_TIMEOUT_MS = 5000

/** Cloud instance-metadata names; their addresses are in LINK_LOCAL too, but DNS may not answer for them. */
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal'])

const LINK_LOCAL = new BlockList()
LINK_LOCAL.addSubnet('169.254.0.0', 16, 'ipv4') // link-local, AWS / GCP / Azure metadata
LINK_LOCAL.addAddress('100.100.100.200', 'ipv4') // Alibaba Cloud metadata
LINK_LOCAL.addSubnet('fe80::', 10, 'ipv6')
LINK_LOCAL.addAddress('fd00:ec2::254', 'ipv6') // AWS metadata over IPv6

/** The form endpoints are compared in: lower-case origin and path, no trailing slash or /v1 (as remoteEndpoint does). */
export function endpointKey(url: string): string {
  const u = new URL(url)
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')}`.toLowerCase()
}

const bare = (hostname: string) =>
  hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()

/** Decides which endpoint URLs a job may send clips and captions to, and with which key. */
export class EndpointPolicy {
  private readonly managed: Map<string, ManagedEndpoint>
  private readonly allowed: Set<string>
  private readonly lookup: Lookup
  private shared: boolean

  constructor(config: EndpointsConfig = {}) {
    this.shared = config.onlyConfigured === true
    this.managed = new Map((config.managed ?? []).map((e) => [endpointKey(e.url), e]))
    this.allowed = new Set((config.allowHosts ?? []).map((h) => h.toLowerCase()))
    this.lookup = config.lookup ?? ((hostname) => dnsLookup(hostname, { all: true, verbatim: true }))
  }

  get onlyConfigured(): boolean {
    return this.shared
  }

  /** For a host that binds an address others can reach: from now on only configured endpoints are accepted. */
  requireConfigured(): void {
    this.shared = true
  }

  /** The managed URLs, for the Pre-label and fusion forms. */
  list(): string[] {
    return [...this.managed.values()].map((e) => e.url)
  }

  /** The operator's key for a managed endpoint; otherwise the caller's. */
  keyFor(url: string, callerKey: string | undefined): string | undefined {
    return this.managed.get(endpointKey(url))?.apiKey ?? callerKey
  }

  /** Throws a 'forbidden' ApiError naming the rule when `url` is refused; checked after DNS resolution. */
  async admit(url: string): Promise<void> {
    const u = new URL(url)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw refuse(url, 'only http and https endpoints are accepted')
    const named = this.isNamed(u)
    if (this.onlyConfigured && !named) {
      const listed = [...this.list(), ...this.allowed].join(', ') || 'none'
      throw refuse(
        url,
        `this host is reachable by others, so it accepts only the endpoints its operator configured (--endpoint, --allow-endpoint-host): ${listed}`
      )
    }
    if (named) return // the operator's choice, link-local or not
    const host = bare(u.hostname)
    if (METADATA_NAMES.has(host)) throw refuse(url, linkLocalRule(host))
    const addresses = isIP(host) ? [host] : await this.resolve(url, host)
    const bad = addresses.find((a) => LINK_LOCAL.check(a, isIP(a) === 6 ? 'ipv6' : 'ipv4'))
    if (bad) throw refuse(url, linkLocalRule(bad === host ? bad : `${host} resolves to ${bad}, which`))
  }

  private isNamed(u: URL): boolean {
    return this.managed.has(endpointKey(u.href)) || this.allowed.has(u.host.toLowerCase()) || this.allowed.has(bare(u.hostname))
  }

  private async resolve(url: string, host: string): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined
    const slow = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('lookup timed out'), { code: 'timed out' })), LOOKUP_TIMEOUT_MS)
    })
    try {
      return (await Promise.race([this.lookup(host), slow])).map((a) => a.address)
    } catch (err) {
      throw refuse(url, `its host could not be resolved (${(err as NodeJS.ErrnoException).code ?? 'lookup failed'})`, 'invalid_input')
    } finally {
      clearTimeout(timer)
    }
  }
}

function linkLocalRule(what: string): string {
  return `${what} is a link-local or cloud-metadata address; refused unless the operator allows its host (--allow-endpoint-host)`
}

function refuse(url: string, why: string, code: 'forbidden' | 'invalid_input' = 'forbidden'): ApiError {
  let shown = url
  try {
    const u = new URL(url)
    shown = `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}` // never echo credentials or query
  } catch {
    // not a URL: shown as given
  }
  return new ApiError(code, `Endpoint ${shown} refused: ${why}`)
}
