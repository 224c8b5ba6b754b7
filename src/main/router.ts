import { contract, type ParsedInput, type Route, type RouteOutput } from '../shared/contract'
import { ApiError, type ApiResult } from '../shared/errors'

/** One handler per route; a missing route fails the type check where the map is declared. */
export type Handlers = {
  [R in Route]: (input: ParsedInput<R>) => Promise<RouteOutput<R>> | RouteOutput<R>
}

export type Dispatch = (route: string, input: unknown) => Promise<ApiResult<unknown>>

function isRoute(route: string): route is Route {
  return Object.prototype.hasOwnProperty.call(contract, route)
}

/** Validates input against the contract, calls the handler, and returns the envelope. */
export function createRouter(handlers: Handlers): Dispatch {
  return async (route, input) => {
    try {
      if (!isRoute(route)) throw new ApiError('unknown_route', `Unknown route "${route}"`)
      const parsed = contract[route].input.safeParse(input ?? {})
      if (!parsed.success) {
        // name the fields, so a person reading the message knows what to fix
        const what = parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
          .join('; ')
        throw new ApiError('invalid_input', `Invalid input for ${route}: ${what}`, parsed.error.issues)
      }
      const handler = handlers[route] as (input: unknown) => unknown
      const data = await handler(parsed.data)
      return { ok: true, data }
    } catch (err) {
      const error = ApiError.from(err)
      if (error.code === 'internal') console.error(`[router] ${route}:`, err)
      return { ok: false, error: error.toShape() }
    }
  }
}
