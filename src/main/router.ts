import { contract, isProjectRoute, type ParsedInput, type Route, type RouteOutput } from '../shared/contract'
import { ProjectId } from '../shared/project'
import { ApiError, type ApiResult } from '../shared/errors'

/** One handler per route of K: what each domain's routes.ts returns. */
export type RouteHandlers<K extends Route> = {
  [R in K]: (input: ParsedInput<R>) => Promise<RouteOutput<R>> | RouteOutput<R>
}

/** Every route's handler; a missing route fails the type check where app.ts composes the map. */
export type Handlers = RouteHandlers<Route>

export type Dispatch = (route: string, input: unknown) => Promise<ApiResult<unknown>>

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

/** Validates input against the contract, calls the handler (in its project), and returns the envelope. */
export function createRouter(handlers: Handlers, inProject: InProject): Dispatch {
  return async (route, input) => {
    try {
      if (!isRoute(route)) throw new ApiError('unknown_route', `Unknown route "${route}"`)
      const scoped = isProjectRoute(route) ? takeProject(route, input) : null
      const parsed = contract[route].input.safeParse((scoped ? scoped.rest : input) ?? {})
      if (!parsed.success) throw new ApiError('invalid_input', `Invalid input for ${route}: ${describeIssues(parsed.error.issues)}`, parsed.error.issues)
      const handler = handlers[route] as (input: unknown) => unknown
      const data = scoped ? await inProject(scoped.project, async () => handler(parsed.data)) : await handler(parsed.data)
      return { ok: true, data }
    } catch (err) {
      const error = ApiError.from(err)
      if (error.code === 'internal') console.error(`[router] ${route}:`, err)
      return { ok: false, error: error.toShape() }
    }
  }
}
