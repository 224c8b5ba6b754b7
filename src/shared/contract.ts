import type { z } from 'zod'
import type { ProjectRef } from './project'
import { appApi } from './api/app'
import { clipsApi, type ClipEvents } from './api/clips'
import type { DesktopEvents } from './api/desktop'
import { exportApi, type ExportEvents } from './api/export'
import { filesApi } from './api/files'
import { fusionApi } from './api/fusion'
import { jobsApi, type JobEvents } from './api/jobs'
import { modelsApi, type ModelEvents } from './api/models'
import { peopleApi } from './api/people'
import { projectsApi, type ProjectEvents } from './api/projects'
import { queueApi, type QueueEvents } from './api/queue'
import { reportApi } from './api/report'
import { reviewApi } from './api/review'
import { speedApi } from './api/speed'
import { shootoutApi } from './api/shootout'
import { teamApi, type TeamEvents } from './api/team'

// The whole API: each domain's routes and events live in api/<domain>.ts; this file composes them.
// The schemas stay importable from here, where the renderer and main have always found them.
export * from './clips'
export { ProjectInfo } from './project'
export { ToolStatus } from './api/app'

/** Every route: name → input and output schema. Handlers must cover all of them. */
export const contract = {
  ...appApi,
  ...projectsApi,
  ...clipsApi,
  ...jobsApi,
  ...reviewApi,
  ...fusionApi,
  ...exportApi,
  ...reportApi,
  ...modelsApi,
  ...speedApi,
  ...filesApi,
  ...shootoutApi,
  ...peopleApi,
  ...queueApi,
  ...teamApi
} as const

export type Contract = typeof contract
export type Route = keyof Contract

/**
 * Routes about the host and the machine, not about one project's data. Every other route names
 * its project (`project` beside its input), so a request can only ever touch the project its
 * page shows; a new route is project-scoped unless it is listed here.
 */
export const HOST_ROUTES = [
  'app.info',
  'project.list',
  'project.create',
  'project.open',
  'engine.status',
  'files.list',
  'people.me',
  ...(Object.keys(modelsApi) as (keyof typeof modelsApi)[])
] as const satisfies readonly Route[]
export type HostRoute = (typeof HOST_ROUTES)[number]
export type ProjectRoute = Exclude<Route, HostRoute>

const hostRoutes: ReadonlySet<string> = new Set(HOST_ROUTES)
export function isProjectRoute(route: Route): route is ProjectRoute {
  return !hostRoutes.has(route)
}

/** An input with the project beside it (an empty strict input is typed as an index of never). */
type InProjectInput<T> = string extends keyof T ? ProjectRef : T & ProjectRef
export type RouteInput<R extends Route> = R extends HostRoute ? z.input<Contract[R]['input']> : InProjectInput<z.input<Contract[R]['input']>>
/** The route's own input, without the project a transport adds beside it. */
export type OwnInput<R extends Route> = z.input<Contract[R]['input']>
export type ParsedInput<R extends Route> = z.output<Contract[R]['input']>
export type RouteOutput<R extends Route> = z.output<Contract[R]['output']>

/** Server-pushed events: name → payload. */
type InProject<T> = { [K in keyof T]: T[K] & ProjectRef }
/** Events about one project's data name it; a page ignores those of other projects. */
export type Events = ModelEvents & InProject<ExportEvents & ClipEvents & JobEvents & QueueEvents & TeamEvents> & ProjectEvents & DesktopEvents
export type EventName = keyof Events
/** Events that name their project. */
export type ProjectEventName = { [E in EventName]: Events[E] extends ProjectRef ? E : never }[EventName]

/** What every transport gives the renderer. */
export interface ApiClient {
  request<R extends Route>(route: R, input: RouteInput<R>): Promise<RouteOutput<R>>
  on<E extends EventName>(event: E, cb: (payload: Events[E]) => void): () => void
  /** URL the player loads for a clip registered in that project. */
  mediaUrl(project: string, clipId: number): string
  /** URL of filmstrip thumbnail `slot` (0..15: the frames the model saw) of a clip registered in that project. */
  filmstripUrl(project: string, clipId: number, slot: number): string
}
