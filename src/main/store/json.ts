import type { z } from 'zod'
import { ApiError } from '../../shared/errors'

/** Parses and validates a JSON column: a bad value means a damaged file, never silently `any`. */
export function readJson<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new ApiError('internal', `The project file holds unreadable JSON in ${what}`)
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ApiError('internal', `The project file holds an invalid ${what}: ${issue?.path.join('.')} ${issue?.message}`)
  }
  return parsed.data
}

export function nowIso(): string {
  return new Date().toISOString()
}
