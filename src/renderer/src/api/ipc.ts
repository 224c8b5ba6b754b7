import type { DropResult, PickRequest, PickResult } from '../../../shared/api/files'
import type { ApiClient, EventName, Route } from '../../../shared/contract'
import type { TeamReplies, TeamRequest } from '../../../shared/desktop/team'
import type { ApiResult } from '../../../shared/errors'
import { MEDIA_SCHEME_ORIGIN, mediaPath } from '../../../shared/media'
import { unwrap } from './result'

/** What the preload exposes as `window.studio`. */
export interface StudioBridge {
  request(route: Route, input: unknown): Promise<ApiResult<unknown>>
  on(event: EventName, cb: (payload: unknown) => void): () => void
  /** The desktop app's native file and folder dialog. */
  pick?(request: PickRequest): Promise<ApiResult<PickResult>>
  /** Grants the paths of files dropped on the page (the preload reads them off the File objects). */
  drop?(files: File[]): Promise<ApiResult<DropResult>>
  /** Connect to a team host, or share this project (desktop only: no route does either). */
  team?(request: TeamRequest): Promise<ApiResult<unknown>>
}

/** Picks a server path: resolves to it, or to null when the user cancels. */
export type PickPath = (request: PickRequest) => Promise<string | null>

export function createNativePicker(bridge: StudioBridge): PickPath | null {
  const { pick } = bridge
  return pick ? async (request) => unwrap(await pick(request)).path : null
}

/** Hands files dropped on the page to the desktop app: what it granted, and what it refused and why. */
export type DropFiles = (files: File[]) => Promise<DropResult>

export function createDropper(bridge: StudioBridge): DropFiles | null {
  const { drop } = bridge
  return drop ? async (files) => unwrap(await drop(files)) : null
}

/** One team action of the desktop app, answered with that action's reply. */
export type TeamCall = <A extends TeamRequest['action']>(request: Extract<TeamRequest, { action: A }>) => Promise<TeamReplies[A]>

export function createTeamCall(bridge: StudioBridge): TeamCall | null {
  const { team } = bridge
  return team ? async (request) => unwrap(await team(request)) as never : null
}

/** The preload's bridge, read without augmenting the global Window type. */
export function findBridge(): StudioBridge | undefined {
  return (window as unknown as { studio?: StudioBridge }).studio
}

export function createIpcClient(bridge: StudioBridge): ApiClient {
  return {
    async request(route, input) {
      const result = await bridge.request(route, input)
      return unwrap(result) as never
    },
    on(event, cb) {
      return bridge.on(event, cb as (payload: unknown) => void)
    },
    mediaUrl: (project, clipId) => MEDIA_SCHEME_ORIGIN + mediaPath({ kind: 'clip', project, clipId }),
    filmstripUrl: (project, clipId, slot) => MEDIA_SCHEME_ORIGIN + mediaPath({ kind: 'filmstrip', project, clipId, slot })
  }
}
