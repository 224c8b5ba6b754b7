// A lighter HTTP client for load benchmarks: node:http over kept-alive sockets. fetch (undici) costs the
// client process several times more CPU per request, and on a two-core machine that CPU comes out of the host's.
import http from 'node:http'

export interface LeanClient {
  /** POSTs `input` as JSON to /api/<route> with the bearer token; the answer's data, or an error naming the route. */
  ask<T>(token: string, route: string, input: object): Promise<T>
  close(): void
}

export function leanClient(port: number, sockets: number): LeanClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets })
  const ask = <T>(token: string, route: string, input: object) =>
    new Promise<T>((done, fail) => {
      const body = JSON.stringify(input)
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: `/api/${route}`,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` }
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (text += chunk))
          res.on('end', () => {
            try {
              const answer = JSON.parse(text) as { ok: boolean; data?: T; error?: { message: string } }
              if (answer.ok) done(answer.data as T)
              else fail(new Error(`${route} (${res.statusCode}): ${answer.error?.message}`))
            } catch (err) {
              fail(new Error(`${route} (${res.statusCode}): not JSON: ${text.slice(0, 200)} (${String(err)})`))
            }
          })
          res.on('error', fail)
        }
      )
      req.on('error', fail)
      req.end(body)
    })
  return { ask, close: () => agent.destroy() }
}
