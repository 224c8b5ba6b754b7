import { contract, isProjectRoute, type ParsedInput, type Route, type RouteOutput } from '../shared/contract'
import { ProjectId } from '../shared/project'
import { ApiError, type ApiResult } from '../shared/errors'
import type { Caller } from '../shared/api/people'
import { ACTING_NAME_ROUTES, mayCall, whoMayCall } from '../shared/roles'
import { OPERATOR, runAs } from './people/caller'

/** One handler per route of K: what each domain's routes.ts returns. */
export type RouteHandlers<K extends Route> = {
  [R in K]: (input: ParsedInput<R>) => Promise<RouteOutput<R>> | RouteOutput<R>
}

/** Every route's handler; a missing route fails the type check where app.ts composes the map. */
export type Handlers = RouteHandlers<Route>

/** Without a caller the request is the operator's (the desktop app, the host's own token). */
export type Dispatch = (route: string, input: unknown, caller?: Caller) => Promise<ApiResult<unknown>>

function isRoute(route: string): route is Route {
  return Object.prototype.hasOwnProperty.call(contract, route)
}

/** Runs a project-scoped handler with the named project as the request's project (ProjectsService.within). */
export type InProject = <T>(project: ProjectId, run: () => Promise<T>) => Promise<T>

function describeIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  // name the fields, so a person reading the message knows what to fix
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || 'input'}: ${issue.message}`)
    .join('; ')
}

/** Splits a project-scoped request into its project and the route's own input. */
function takeProject(route: string, input: unknown): { project: ProjectId; rest: unknown } {
  const { project, ...rest } = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>
  const parsed = ProjectId.safeParse(project)
  if (!parsed.success) {
    throw new ApiError(
      'invalid_input',
      `Invalid input for ${route}: project: ${project === undefined ? 'every request about project data names its project' : parsed.error.issues[0].message}`
    )
  }
  return { project: parsed.data, rest }
}

/** The route table (shared/roles.ts), checked before the input: a refused caller learns nothing from validation. */
function checkRole(route: Route, caller: Caller): void {
  if (mayCall(route, caller)) return
  throw new ApiError('forbidden', `${route} needs ${whoMayCall(route)}; you are signed in as ${caller.name ?? 'a person'} (${caller.role})`)
}

/** A person reaches their own project only. */
function checkProject(route: Route, caller: Caller, project: ProjectId): void {
  if (caller.kind === 'person' && project !== caller.project) {
    throw new ApiError('forbidden', `You are a member of another project: ${route} on project ${project} is not yours to call`)
  }
}

/** A person's own name replaces the typed-in one (or its absence) on routes that record who acted. */
function stampName(route: Route, input: unknown, caller: Caller): unknown {
  if (caller.kind !== 'person' || !caller.name || !(ACTING_NAME_ROUTES as readonly Route[]).includes(route)) return input
  return { ...(input && typeof input === 'object' ? input : {}), annotator: caller.name }
}

/** Checks the caller's role, validates input against the contract, calls the handler (in its project, as the caller), and returns the envelope. */
export function createRouter(handlers: Handlers, inProject: InProject): Dispatch {
  return async (route, input, caller = OPERATOR) => {
    try {
      if (!isRoute(route)) throw new ApiError('unknown_route', `Unknown route "${route}"`)
      checkRole(route, caller)
      const scoped = isProjectRoute(route) ? takeProject(route, input) : null
      if (scoped) checkProject(route, caller, scoped.project)
      const parsed = contract[route].input.safeParse(stampName(route, (scoped ? scoped.rest : input) ?? {}, caller))
      if (!parsed.success) throw new ApiError('invalid_input', `Invalid input for ${route}: ${describeIssues(parsed.error.issues)}`, parsed.error.issues)
      const handler = handlers[route] as (input: unknown) => unknown
      const run = () => runAs(caller, async () => handler(parsed.data))
      const data = scoped ? await inProject(scoped.project, run) : await run()
      return { ok: true, data }
    } catch (err) {
      const error = ApiError.from(err)
      if (error.code === 'internal') console.error(`[router] ${route}:`, err)
      return { ok: false, error: error.toShape() }
    }
  }
}
