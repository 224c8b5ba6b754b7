import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EventBus } from '../../events'

const HEARTBEAT_MS = 15_000

/** GET /api/events: forwards every bus event as `event: <name>` / `data: <json>` until the client leaves. */
export function handleEvents(req: IncomingMessage, res: ServerResponse, bus: EventBus): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    // Stops reverse proxies from buffering the stream.
    'X-Accel-Buffering': 'no'
  })
  res.write(': connected\n\n')
  const unsubscribe = bus.subscribe((event, payload) => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
  })
  // Comments keep idle proxies and browsers from dropping the connection.
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS)
  const stop = () => {
    clearInterval(heartbeat)
    unsubscribe()
  }
  req.on('close', stop)
  res.on('error', stop)
}
