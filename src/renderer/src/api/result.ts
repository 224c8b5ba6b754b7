import { ApiError, type ApiResult } from '../../../shared/errors'

/** Returns the data of a successful envelope, or throws its error as an ApiError. */
export function unwrap<T>(result: ApiResult<T>): T {
  if (result.ok) return result.data
  const { code, message, details } = result.error
  throw new ApiError(code, message, details)
}

/** Text to show the user for any thrown value. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'conflict'
}
