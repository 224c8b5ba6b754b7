// Calls into the real app the way a transport does, for tests that drive it without HTTP.
import type { Route, RouteInput, RouteOutput } from '../../src/shared/contract'
import type { ApiErrorShape } from '../../src/shared/errors'
import type { StudioApp } from '../../src/main/app'

/** The route's output, or a thrown Error naming the route, the error code and message. */
export async function call<R extends Route>(app: StudioApp, route: R, input: RouteInput<R>): Promise<RouteOutput<R>> {
  const result = await app.dispatch(route, input)
  if (!result.ok) throw new Error(`${route} failed: ${result.error.code}: ${result.error.message}`)
  return result.data as RouteOutput<R>
}

/** The error a call that must fail returns (untyped input, so invalid input can be sent). */
export async function fail(app: StudioApp, route: string, input: unknown): Promise<ApiErrorShape> {
  const result = await app.dispatch(route, input)
  if (result.ok) throw new Error(`${route} should have failed`)
  return result.error
}
