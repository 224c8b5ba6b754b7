// A real HTTP server on a free 127.0.0.1 port, for the stand-in endpoints of the tests; and fetch
// against the studio's own HTTP host, which wants its token on every /api and /media request.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Loopback {
  url: string
  close(): Promise<void>
}

export async function serveLoopback(handler: http.RequestListener): Promise<Loopback> {
  const server = http.createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** fetch with the host's token (as the x-studio-token header, which a request of the page gets from its cookie). */
export function studioFetch(host: { token: string }, url: string | URL, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(url, { ...init, headers: { 'x-studio-token': host.token, ...init.headers } })
}
