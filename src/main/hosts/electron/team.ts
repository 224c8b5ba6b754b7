import { ApiError, type ApiResult } from '../../../shared/errors'
import type { IpcMainLike } from './ipc'
import { TeamRequest, type ShareInterface, type TeamReplies } from '../../../shared/desktop/team'
import type { ShareHost } from './share'
import { parseSignInLink } from './teamLink'
import type { TeamHosts } from './teamHosts'

export const TEAM_CHANNEL = 'studio:team'

export interface TeamDeps {
  share: Pick<ShareHost, 'start' | 'stop' | 'status'>
  interfaces: () => ShareInterface[]
  hosts: Pick<TeamHosts, 'list' | 'remember' | 'forget'>
  /** Opens the team host's page in its own window, without the preload bridge (teamWindow.ts). */
  openTeamWindow(origin: string, token: string): void
  isTrustedSender?: (event: unknown) => boolean
}

type Reply = TeamReplies[keyof TeamReplies]

export async function handleTeam(deps: TeamDeps, request: TeamRequest): Promise<Reply> {
  const hostsView = () => ({ hosts: deps.hosts.list().map(({ token, ...h }) => ({ ...h, tokenKept: token !== null })) })
  switch (request.action) {
    case 'interfaces':
      return deps.interfaces()
    case 'share':
      return deps.share.start(request.address, request.port)
    case 'shareStatus':
      return { sharing: deps.share.status() }
    case 'stopShare':
      await deps.share.stop()
      return { sharing: null }
    case 'hosts':
      return hostsView()
    case 'connect': {
      const link = parseSignInLink(request.link)
      const tokenKept = deps.hosts.remember(link.origin, link.token)
      deps.openTeamWindow(link.origin, link.token)
      return { origin: link.origin, tokenKept, ...(link.warning ? { warning: link.warning } : {}) }
    }
    case 'reconnect': {
      const saved = deps.hosts.list().find((h) => h.origin === request.origin)
      if (!saved?.token) throw new ApiError('not_found', `No token is kept for ${request.origin}; paste its sign-in link again`)
      deps.hosts.remember(saved.origin, saved.token)
      deps.openTeamWindow(saved.origin, saved.token)
      return { origin: saved.origin, tokenKept: true }
    }
    case 'forget':
      deps.hosts.forget(request.origin)
      return hostsView()
  }
}

export function registerTeam(ipcMain: IpcMainLike, deps: TeamDeps): () => void {
  ipcMain.handle(TEAM_CHANNEL, async (event, request): Promise<ApiResult<Reply>> => {
    if (deps.isTrustedSender && !deps.isTrustedSender(event)) return { ok: false, error: { code: 'unauthorized', message: 'Request from an untrusted frame' } }
    const parsed = TeamRequest.safeParse(request)
    if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: `Invalid team request: ${parsed.error.issues[0].message}` } }
    try {
      return { ok: true, data: await handleTeam(deps, parsed.data) }
    } catch (err) {
      if (err instanceof ApiError) return { ok: false, error: err.toShape() }
      return { ok: false, error: { code: 'internal', message: `Team request failed: ${(err as Error).message}` } }
    }
  })
  return () => ipcMain.removeHandler(TEAM_CHANNEL)
}
