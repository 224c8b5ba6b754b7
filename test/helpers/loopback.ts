// A real HTTP server on a free 127.0.0.1 port, for the stand-in endpoints of the tests.
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
