import type { FastifyReply, FastifyRequest } from 'fastify'
import type { EventBus } from '../../events'
import type { Presence } from '../../team/presence'
import { sendError } from './http-api'
import { callerOf } from './requestCaller'

const HEARTBEAT_MS = 15_000
/**
 * Open event streams per person (a page needs one, a few tabs a few more), so a team behind one
 * address (an office's NAT, a proxy) is not capped together; the operator's, per address.
 */
const MAX_STREAMS_PER_PERSON = 8
export const MAX_STREAMS_PER_OPERATOR_ADDRESS = 32
/** Bytes queued for a reader that does not keep up; past this it is dropped rather than buffered without end. */
const MAX_QUEUED_BYTES = 1024 * 1024

/** GET /api/events: forwards every bus event as `event: <name>` / `data: <json>` until the client leaves; a person's open stream keeps them online. */
export function eventStreams(bus: EventBus, presence: Presence) {
  const open = new Map<string, number>()

  return function handleEvents(req: FastifyRequest, reply: FastifyReply): FastifyReply | void {
    const caller = callerOf(req)
    const person = caller?.kind === 'person'
    const key = person ? `person ${caller.project} ${caller.personId}` : `address ${req.ip}`
    const most = person ? MAX_STREAMS_PER_PERSON : MAX_STREAMS_PER_OPERATOR_ADDRESS
    const count = open.get(key) ?? 0
    if (count >= most) {
      return sendError(reply, 'unauthorized', `Too many event streams ${person ? 'of yours' : 'from this address'} (at most ${most}): close a tab or two`, 429)
    }
    open.set(key, count + 1)
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
      const left = (open.get(key) ?? 1) - 1
      if (left > 0) open.set(key, left)
      else open.delete(key)
    }
    res.on('close', stop)
    res.on('error', stop)
  }
}
