import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { parseMediaPath } from '../../../shared/media'
import type { StudioApp } from '../../app'
import { filmstripReply } from '../filmstrip'
import { planMediaResponse } from '../range'
import { callerOf } from './requestCaller'

const TEXT = 'text/plain; charset=utf-8'

/**
 * GET /media/...: a registered clip (honouring Range) or one of its filmstrip thumbnails. Files
 * come from the app's lookups only, never from the URL. Ranges use the same planner as Electron's
 * media: scheme, since the static plugin serves files under a root, not a clip path from the project.
 */
export function mediaHandler(app: Pick<StudioApp, 'mediaPath' | 'filmstripFrame'>) {
  return async function handleMedia(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply.code(405).header('Allow', 'GET, HEAD').send()
    // Another site's page (its <video>, <img> or fetch) gets nothing, even where the browser ignores CORP.
    const site = req.headers['sec-fetch-site']
    if (site === 'cross-site' || site === 'same-site') return reply.code(403).type(TEXT).send('Cross-site media request refused')
    const resource = parseMediaPath(req.url.split('?')[0])
    // a person sees their own project's clips only
    const caller = callerOf(req)
    if (!resource || (caller?.kind === 'person' && caller.project !== resource.project)) return reply.code(404).type(TEXT).send('Not found')
    if (resource.kind === 'filmstrip') {
      const found = await filmstripReply(app, resource.project, resource.clipId, resource.slot, req.headers['if-none-match'])
      return reply
        .code(found.status)
        .headers(found.headers)
        .send(req.method === 'HEAD' ? undefined : (found.body ?? undefined))
    }
    const path = app.mediaPath(resource.project, resource.clipId)
    const info = path ? await stat(path).catch(() => null) : null
    if (!path || !info?.isFile()) return reply.code(404).type(TEXT).send('Not found')
    const plan = planMediaResponse(path, info.size, req.headers.range)
    reply.code(plan.status).headers({ ...plan.headers, 'Cache-Control': 'no-cache' })
    if (req.method === 'HEAD' || !plan.span) return reply.send()
    // A player seeking aborts requests mid-stream: Fastify then just closes the file.
    return reply.send(createReadStream(path, plan.span))
  }
}
