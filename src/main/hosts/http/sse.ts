import type { FastifyReply, FastifyRequest } from 'fastify'
import type { EventBus } from '../../events'
import type { Presence } from '../../team/presence'
import { sendError } from './http-api'
import { callerOf } from './requestCaller'

const HEARTBEAT_MS = 15_000
/** Open event streams per client address; a page needs one, a few tabs a few more. */
const MAX_STREAMS_PER_CLIENT = 8
/** Bytes queued for a reader that does not keep up; past this it is dropped rather than buffered without end. */
const MAX_QUEUED_BYTES = 1024 * 1024

/** GET /api/events: forwards every bus event as `event: <name>` / `data: <json>` until the client leaves; a person's open stream keeps them online. */
export function eventStreams(bus: EventBus, presence: Presence) {
  const open = new Map<string, number>()

  return function handleEvents(req: FastifyRequest, reply: FastifyReply): FastifyReply | void {
    const count = open.get(req.ip) ?? 0
    if (count >= MAX_STREAMS_PER_CLIENT) {
      return sendError(reply, 'unauthorized', `Too many event streams from this address (at most ${MAX_STREAMS_PER_CLIENT})`, 429)
    }
    open.set(req.ip, count + 1)
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // Stops reverse proxies from buffering the stream.
      'X-Accel-Buffering': 'no'
    })
    const send = (text: string) => {
      res.write(text)
      if (res.writableLength > MAX_QUEUED_BYTES) res.destroy()
    }
    send(': connected\n\n')
    // a person hears only events naming their own project (host events carry server paths and other projects)
    const caller = callerOf(req)
    const own = (payload: unknown) => caller?.kind !== 'person' || (payload as { project?: unknown } | null)?.project === caller.project
    const unsubscribe = bus.subscribe((event, payload) => {
      if (own(payload)) send(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    // Comments keep idle proxies and browsers from dropping the connection.
    const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS)
    const leave = caller ? presence.opened(caller) : undefined
    let stopped = false
    const stop = () => {
      if (stopped) return
      stopped = true
      clearInterval(heartbeat)
      unsubscribe()
      leave?.()
      const left = (open.get(req.ip) ?? 1) - 1
      if (left > 0) open.set(req.ip, left)
      else open.delete(req.ip)
    }
    res.on('close', stop)
    res.on('error', stop)
  }
}
