import { createHash } from 'node:crypto'

export type Split = 'train' | 'validation'

/**
 * Train or validation by sha256 of the clip's key (its content fingerprint, else its path): the
 * same clip lands on the same side in every export, and raising the fraction only moves clips
 * from train to validation, never back.
 */
export function splitOf(key: string, validationFraction: number): Split {
  if (validationFraction <= 0) return 'train'
  const bucket = createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32
  return bucket < validationFraction ? 'validation' : 'train'
}
