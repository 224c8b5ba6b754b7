import type { DisagreeField } from '../../shared/contract'

/**
 * Bit of each field in clips.disagree, as released migration 4's triggers set them. A field added
 * to DISAGREE_FIELDS needs a new migration that sets and backfills its bit before it gets one here.
 */
export const DISAGREE_BITS: Record<DisagreeField, number> = {
  shot_type: 1,
  shot_angle: 2,
  shot_position: 4,
  camera_motion: 8,
  environment: 16,
  lighting: 32,
  subject_count: 64
}

export { LIBRARY_FILTERS_SQL } from './migrations/0004-library-filters'
