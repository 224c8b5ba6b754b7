import type { z } from 'zod'
import type { ClipFilter } from '../../shared/contract'
import { DISAGREE_BITS } from './libraryMigration'

export type ClipFilterValues = z.output<typeof ClipFilter>

export interface SqlWhere {
  /** "WHERE ..." or '' when nothing filters. */
  sql: string
  params: unknown[]
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c)
}

/**
 * Free text as an FTS5 query: every word must appear, each as a prefix ("sunse" finds "sunset").
 * Words are runs of letters and digits, as the unicode61 tokenizer cuts them, so nothing the
 * user types can be read as FTS5 syntax. Null when there is no word to look for.
 */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu)
  return words ? words.map((w) => `"${w}"*`).join(' ') : null
}

/**
 * The WHERE clause for a Library filter over `clips`; the same for lists, counts, ids and bulk changes.
 * `page`: the query reads one page in an index's order (ORDER BY ... LIMIT), so a low-confidence
 * filter is checked clip by clip as the index is walked instead of gathering every match first.
 */
export function filterWhere(filter: ClipFilterValues, page = false): SqlWhere {
  const terms: string[] = []
  const params: unknown[] = []
  const equals = (column: string, value: string | null | undefined): void => {
    if (value === undefined) return
    if (value === null) terms.push(`${column} IS NULL`)
    else {
      terms.push(`${column} = ?`)
      params.push(value)
    }
  }
  equals('state', filter.status)
  equals('shot_type', filter.shotType)
  equals('shot_angle', filter.shotAngle)
  equals('shot_position', filter.shotPosition)
  equals('annotator', filter.annotator)
  equals('prelabel_source', filter.prelabelSource)
  if (filter.disagree) {
    // "disagree != 0" lets SQLite use the partial index of disagreeing clips.
    terms.push('disagree != 0')
    if (filter.disagree !== 'any') terms.push(`disagree & ${DISAGREE_BITS[filter.disagree]} != 0`)
  }
  const search = filter.search?.trim()
  if (search) {
    terms.push("path LIKE ? ESCAPE '\\'")
    params.push(`%${escapeLike(search)}%`)
  }
  const text = filter.text ? ftsQuery(filter.text) : null
  if (text) {
    terms.push('id IN (SELECT rowid FROM caption_fts WHERE caption_fts MATCH ?)')
    params.push(text)
  }
  if (filter.lowConfidence) {
    // A count walks the (field, p) index, keeping only rows of each clip's latest pre-label. A page
    // reads the latest pre-label's few rows by primary key (the + keeps SQLite off the field index).
    terms.push(
      page
        ? `EXISTS (SELECT 1 FROM prelabel_field_confidence f
            WHERE f.prelabel_id = (SELECT MAX(l.id) FROM prelabels l WHERE l.clip_id = clips.id) AND +f.field = ? AND f.p < ?)`
        : `id IN (SELECT p.clip_id FROM prelabel_field_confidence f JOIN prelabels p ON p.id = f.prelabel_id
            WHERE f.field = ? AND f.p < ? AND p.id = (SELECT MAX(l.id) FROM prelabels l WHERE l.clip_id = p.clip_id))`
    )
    params.push(filter.lowConfidence.field, filter.lowConfidence.below)
  }
  return { sql: terms.length ? `WHERE ${terms.join(' AND ')}` : '', params }
}
