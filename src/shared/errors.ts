import { z } from 'zod'

export const ERROR_CODES = [
  'invalid_input',
  'unknown_route',
  'not_found',
  'no_project',
  'conflict',
  'io_error',
  'media_error',
  'ffmpeg_missing',
  'unauthorized',
  /** Outside the studio's roots, or not allowed to this caller. */
  'forbidden',
  'internal'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export const ApiErrorShape = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.unknown().optional()
})
export type ApiErrorShape = z.infer<typeof ApiErrorShape>

/** The one error type services throw; transports send its shape as is. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown
  ) {
    super(message)
    this.name = 'ApiError'
  }

  toShape(): ApiErrorShape {
    return { code: this.code, message: this.message, details: this.details }
  }

  static from(err: unknown): ApiError {
    if (err instanceof ApiError) return err
    const message = err instanceof Error ? err.message : String(err)
    return new ApiError('internal', message)
  }
}

/** The envelope every transport returns for a request. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiErrorShape }
