import type { Route, RouteInput, RouteOutput } from '../shared/contract'
import type { StudioApp } from '../main/app'

/** Calls a route in-process through the same router the transports use. */
export async function call<R extends Route>(app: StudioApp, route: R, input: RouteInput<R>): Promise<RouteOutput<R>> {
  const result = await app.dispatch(route, input)
  if (!result.ok) throw new CliError(result.error.message)
  return result.data as RouteOutput<R>
}

export class CliError extends Error {}
