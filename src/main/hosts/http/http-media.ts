import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { planMediaResponse } from '../range'

/** GET /media/<id>: streams a registered clip, honouring Range. `path` comes from app.mediaPath only. */
export async function handleMedia(req: IncomingMessage, res: ServerResponse, path: string | null): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end()
    return
  }
  const info = path ? await stat(path).catch(() => null) : null
  if (!path || !info?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
    return
  }
  const plan = planMediaResponse(path, info.size, req.headers.range)
  res.writeHead(plan.status, { ...plan.headers, 'Cache-Control': 'no-cache' })
  if (req.method === 'HEAD' || !plan.span) {
    res.end()
    return
  }
  // A player seeking aborts requests mid-stream: that is normal, not an error worth reporting.
  await pipeline(createReadStream(path, plan.span), res).catch(() => res.destroy())
}
