import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os'
import type { StudioApp } from '../../app'
import type { ShareInterface, ShareStatus } from '../../../shared/desktop/team'
import { ApiError } from '../../../shared/errors'
import { startHttpHost, type HttpHost } from '../http/http'

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>

/** Loopback first, then the LAN addresses; IPv6 link-local ones are left out (they need a zone in every link). */
export function shareInterfaces(nets: Interfaces = networkInterfaces()): ShareInterface[] {
  const list: ShareInterface[] = []
  for (const [name, infos] of Object.entries(nets)) {
    for (const info of infos ?? []) {
      if (info.family === 'IPv6' && info.scopeid) continue
      list.push({ name, address: info.address, family: info.family, internal: info.internal })
    }
  }
  return list.sort((a, b) => Number(b.internal) - Number(a.internal))
}

export interface ShareOptions {
  app: StudioApp
  /** The built renderer, served to the team's browsers. */
  staticDir?: string
  /** Tests pass a fixed list; the app reads the machine's. */
  interfaces?: () => ShareInterface[]
}

/**
 * "Share this project": one HTTP host inside the desktop app, at most, bound to one chosen address of this machine.
 * Started only through the desktop bridge, never a route, so no page served by it can start another.
 */
export class ShareHost {
  private host: (HttpHost & { address: string }) | null = null
  private starting: Promise<ShareStatus> | null = null

  constructor(private readonly opts: ShareOptions) {}

  status(): ShareStatus | null {
    return this.host && { address: this.host.address, port: this.host.port, url: this.host.url }
  }

  async start(address: string, port = 0): Promise<ShareStatus> {
    if (this.host || this.starting) throw new ApiError('conflict', 'This project is already shared; stop sharing first to change the address')
    const known = (this.opts.interfaces ?? shareInterfaces)()
    if (!known.some((i) => i.address === address)) {
      const choices = known.map((i) => i.address).join(', ') || 'none'
      throw new ApiError('invalid_input', `${address} is not an address of this machine; choose one of: ${choices}`)
    }
    this.starting = startHttpHost({ app: this.opts.app, host: address, port, staticDir: this.opts.staticDir })
      .then((host) => {
        this.host = { ...host, address }
        return { address, port: host.port, url: host.url }
      })
      .catch((err: NodeJS.ErrnoException) => {
        throw new ApiError('io_error', `Could not share on ${address}:${port || 'any port'}: ${err.code ?? err.message}`)
      })
      .finally(() => (this.starting = null))
    return this.starting
  }

  /** Closes the host and every connection to it (event streams included); sharing again gives a new token. */
  async stop(): Promise<void> {
    const host = this.host
    this.host = null
    await host?.close()
  }
}
