// A real client of the HTTP host's /api/events stream, as a person's page would hold one open.
import { request as httpRequest, type ClientRequest } from 'node:http'

export interface StreamEvent {
  event: string
  data: Record<string, unknown>
}

export interface EventStreamClient {
  events: StreamEvent[]
  /** The first event (seen already or still to come) that `match` accepts. */
  next(match: (e: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>
  close(): void
}

/** Opens the stream as the holder of `token` and resolves once the host answered 200. */
export function openEventStream(port: number, token: string): Promise<EventStreamClient> {
  const events: StreamEvent[] = []
  const waiting = new Set<() => void>()
  return new Promise((resolve, reject) => {
    const req: ClientRequest = httpRequest({ host: '127.0.0.1', port, path: '/api/events', headers: { authorization: `Bearer ${token}` } })
    req.on('error', () => undefined) // closing the stream aborts it
    req.on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`event stream answered ${res.statusCode}`))
      let buffer = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffer += chunk
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event = /^event: (.+)$/m.exec(block)?.[1]
          const data = /^data: (.+)$/m.exec(block)?.[1]
          if (event && data) events.push({ event, data: JSON.parse(data) })
        }
        for (const wake of waiting) wake()
      })
      resolve({
        events,
        next: (match, timeoutMs = 10_000) =>
          new Promise((found, fail) => {
            const check = () => {
              const hit = events.find(match)
              if (!hit) return
              waiting.delete(check)
              clearTimeout(timer)
              found(hit)
            }
            const timer = setTimeout(() => {
              waiting.delete(check)
              fail(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`))
            }, timeoutMs)
            waiting.add(check)
            check()
          }),
        close: () => req.destroy()
      })
    })
    req.end()
  })
}
