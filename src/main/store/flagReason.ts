import type { ClipStatus } from '../../shared/contract'
import { ApiError } from '../../shared/errors'

/** A flag says why, and only a flag carries a reason: the trimmed reason, or null when not flagged. */
export function flagReasonFor(status: ClipStatus, reason: string | null | undefined, what: 'clip is' | 'clips are'): string | null {
  if (status !== 'flagged') return null
  const trimmed = reason?.trim()
  if (!trimmed) throw new ApiError('invalid_input', `Say why the ${what} flagged: a flag needs a reason`)
  return trimmed
}
