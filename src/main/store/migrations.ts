// Rule: a released migration is frozen literal SQL in migrations/; change the schema only by appending a new file and entry.
import { INITIAL_SQL } from './migrations/0001-initial'
import { JOB_ITEMS_SQL } from './migrations/0002-job-items'
import { FUSION_CAPTIONS_SQL } from './migrations/0003-fusion-captions'
import { LIBRARY_FILTERS_SQL } from './migrations/0004-library-filters'
import { FRAME_TIMES_SUBJECT_TYPES_SQL } from './migrations/0005-frame-times-subject-types'
import { SPEED_MEASUREMENTS_SQL } from './migrations/0006-speed-measurements'
import { PRELABEL_CONFIDENCE_SQL } from './migrations/0007-prelabel-confidence'
import { REVISION_REVIEW_MODE_SQL } from './migrations/0008-revision-review-mode'
import { PEOPLE_SQL } from './migrations/0009-people'
import { LEASES_SQL } from './migrations/0010-leases'
import { REVIEW_OVERLAP_SQL } from './migrations/0011-review-overlap'
import { SEARCH_PENDING_SQL } from './migrations/0012-search-pending'

export interface Migration {
  version: number
  sql: string
}

/**
 * Numbered, applied in order inside one transaction each, tracked by PRAGMA user_version.
 * Project files keep what a migration did, so its text must never change: not by an edit, and not
 * through a constant it is built from (hence plain text, checked by test/store/migrations.test.ts).
 */
export const MIGRATIONS: Migration[] = [
  { version: 1, sql: INITIAL_SQL },
  { version: 2, sql: JOB_ITEMS_SQL },
  { version: 3, sql: FUSION_CAPTIONS_SQL },
  // Library filters: denormalised columns, search index and the triggers that keep them current.
  { version: 4, sql: LIBRARY_FILTERS_SQL },
  { version: 5, sql: FRAME_TIMES_SUBJECT_TYPES_SQL },
  { version: 6, sql: SPEED_MEASUREMENTS_SQL },
  { version: 7, sql: PRELABEL_CONFIDENCE_SQL },
  { version: 8, sql: REVISION_REVIEW_MODE_SQL },
  { version: 9, sql: PEOPLE_SQL },
  { version: 10, sql: LEASES_SQL },
  { version: 11, sql: REVIEW_OVERLAP_SQL },
  // The search index rewritten in batches, marked by the triggers (store/searchIndex.ts).
  { version: 12, sql: SEARCH_PENDING_SQL }
]

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version
