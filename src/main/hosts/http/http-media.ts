import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import type { MediaResource } from '../../../shared/media'
import type { StudioApp } from '../../app'
import { filmstripReply } from '../filmstrip'
import { planMediaResponse } from '../range'

/**
 * GET /media/...: a registered clip (honouring Range) or one of its filmstrip thumbnails. Files
 * come from the app's lookups only, never from the URL.
 */
export async function handleMedia(
  req: IncomingMessage,
  res: ServerResponse,
  app: Pick<StudioApp, 'mediaPath' | 'filmstripFrame'>,
  resource: MediaResource
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end()
    return
  }
  if (resource.kind === 'filmstrip') {
    const reply = await filmstripReply(app, resource.project, resource.clipId, resource.slot, req.headers['if-none-match'])
    res.writeHead(reply.status, reply.headers)
    res.end(req.method === 'HEAD' ? undefined : (reply.body ?? undefined))
    return
  }
  const path = app.mediaPath(resource.project, resource.clipId)
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
