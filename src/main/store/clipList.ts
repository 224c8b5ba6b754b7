import type { Statement } from 'better-sqlite3'
import type { z } from 'zod'
import { SHOT_ANGLES, SHOT_POSITIONS, SHOT_TYPES } from '../../shared/caption'
import { CLIP_STATUSES, DISAGREE_FIELDS, type ClipQuery, type ClipRow, type ClipStatus, type Contract } from '../../shared/contract'
import type { Db } from './db'
import { filterWhere, type ClipFilterValues, type SqlWhere } from './libraryFilter'
import { DISAGREE_BITS } from './libraryMigration'
import type { SearchIndex } from './searchIndex'

export type ClipListQuery = z.output<typeof ClipQuery>
export type ClipIdsQuery = z.output<Contract['clips.ids']['input']>
type SortColumn = ClipListQuery['sort']

// Each expression matches an index in migrations.ts, so ORDER BY ... LIMIT walks the index.
export const SORT_SQL: Record<SortColumn, string> = {
  id: 'id',
  name: 'name',
  duration: 'duration',
  resolution: 'width * height',
  status: 'state',
  shotType: 'shot_type',
  shotAngle: 'shot_angle',
  shotPosition: 'shot_position',
  prelabelSource: 'prelabel_source',
  annotator: 'annotator',
  confidence: 'confidence'
}

interface ClipListDbRow {
  id: number
  path: string
  name: string
  duration: number | null
  width: number | null
  height: number | null
  status: ClipStatus
  shot_type: string | null
  shot_angle: string | null
  shot_position: string | null
  prelabel_source: string | null
  annotator: string | null
  disagree: number
  import_error: string | null
  confidence: number | null
}

/** The stored value when it is one of `options`, else null (the column is plain TEXT). */
function oneOf<T extends string>(options: readonly T[], value: string | null): T | null {
  return value !== null && (options as readonly string[]).includes(value) ? (value as T) : null
}

/** The Library's paged list, filtered, sorted and paged in SQL. */
export class ClipList {
  // One prepared statement per query shape (filters x sort x direction): a few dozen at most.
  private cache = new Map<string, Statement<unknown[], unknown>>()

  constructor(
    private db: Db,
    private search: SearchIndex
  ) {}

  list(query: ClipListQuery): { total: number; rows: ClipRow[] } {
    const where = this.where(query)
    const total = this.statement(`SELECT count(*) AS n FROM clips ${where.sql}`).get(...where.params) as { n: number }
    const page = filterWhere(query, true)
    const rows = this.statement(
      `SELECT id, path, name, duration, width, height, state AS status, shot_type, shot_angle, shot_position,
         prelabel_source, annotator, disagree, import_error, confidence
       FROM clips ${page.sql} ORDER BY ${orderBy(query)} LIMIT ? OFFSET ?`
    ).all(...page.params, query.limit, query.offset) as ClipListDbRow[]
    return { total: total.n, rows: rows.map(toRow) }
  }

  /** Ids in list order: a shift-click range or a whole filter, without the row data. */
  ids(query: ClipIdsQuery): number[] {
    const where = this.where(query)
    return this.statement(`SELECT id FROM clips ${where.sql} ORDER BY ${orderBy(query)} LIMIT ? OFFSET ?`)
      .raw()
      .all(...where.params, query.limit, query.offset)
      .map((row) => (row as [number])[0])
  }

  /** Clips per status under every filter but status: each figure is what choosing that status lists. */
  counts(filter: Omit<ClipFilterValues, 'status'> = {}): Record<ClipStatus, number> {
    const where = this.where({ ...filter, status: undefined })
    const counts = Object.fromEntries(CLIP_STATUSES.map((s) => [s, 0])) as Record<ClipStatus, number>
    const rows = this.statement(`SELECT state AS status, count(*) AS n FROM clips ${where.sql} GROUP BY state`).all(...where.params)
    for (const { status, n } of rows as { status: ClipStatus; n: number }[]) counts[status] = n
    return counts
  }

  /** Values present in the project, for the annotator and pre-label source menus (index scans). */
  facets(): { annotators: string[]; prelabelSources: string[] } {
    const distinct = (column: string): string[] =>
      this.statement(`SELECT DISTINCT ${column} FROM clips WHERE ${column} IS NOT NULL ORDER BY ${column}`)
        .raw()
        .all()
        .map((row) => (row as [string])[0])
    return { annotators: distinct('annotator'), prelabelSources: distinct('prelabel_source') }
  }

  /** The filter's WHERE, with the search index brought up to date first when it searches the text. */
  private where(filter: ClipFilterValues): SqlWhere {
    if (filter.text) this.search.flush()
    return filterWhere(filter)
  }

  private statement(sql: string): Statement<unknown[], unknown> {
    let stmt = this.cache.get(sql)
    if (!stmt) {
      stmt = this.db.prepare(sql)
      this.cache.set(sql, stmt)
    }
    return stmt
  }
}

export function orderBy(query: { sort: SortColumn; desc: boolean }): string {
  const dir = query.desc ? 'DESC' : 'ASC'
  if (query.sort === 'id') return `id ${dir}`
  // Clips without a scored pre-label have nothing to rank by: last either way (SQLite still walks the index).
  const nulls = query.sort === 'confidence' ? ' NULLS LAST' : ''
  return `${SORT_SQL[query.sort]} ${dir}${nulls}, id ${dir}`
}

function toRow(row: ClipListDbRow): ClipRow {
  return {
    id: row.id,
    path: row.path,
    name: row.name,
    duration: row.duration,
    width: row.width,
    height: row.height,
    status: row.status,
    shotType: oneOf(SHOT_TYPES, row.shot_type),
    shotAngle: oneOf(SHOT_ANGLES, row.shot_angle),
    shotPosition: oneOf(SHOT_POSITIONS, row.shot_position),
    prelabelSource: row.prelabel_source,
    annotator: row.annotator,
    disagree: DISAGREE_FIELDS.filter((f) => (row.disagree & DISAGREE_BITS[f]) !== 0),
    importError: row.import_error,
    confidence: row.confidence
  }
}
