import type { Statement } from 'better-sqlite3'
import type { z } from 'zod'
import { SHOT_TYPES } from '../../shared/caption'
import { CLIP_STATUSES, type ClipQuery, type ClipRow, type ClipStatus } from '../../shared/contract'
import type { Db } from './db'

export type ClipListQuery = z.output<typeof ClipQuery>
type SortColumn = ClipListQuery['sort']

// Each expression matches an index in migrations.ts, so ORDER BY ... LIMIT walks the index.
const SORT_SQL: Record<SortColumn, string> = {
  id: 'id',
  name: 'name',
  duration: 'duration',
  resolution: 'width * height',
  status: 'status',
  shotType: 'shot_type',
  prelabelSource: 'prelabel_source'
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
  prelabel_source: string | null
  import_error: string | null
}

const shotTypes = new Set<string>(SHOT_TYPES)
const isShotType = (v: string | null): v is ClipRow['shotType'] => v !== null && shotTypes.has(v)

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c)
}

/** The Library's paged list, filtered, sorted and paged in SQL. */
export class ClipList {
  // One prepared statement per query shape (filters x sort x direction): a few dozen at most.
  private cache = new Map<string, Statement<unknown[], unknown>>()
  private countsStmt

  constructor(private db: Db) {
    this.countsStmt = db.prepare<[], { status: ClipStatus; n: number }>(
      'SELECT status, count(*) AS n FROM clips GROUP BY status'
    )
  }

  list(query: ClipListQuery): { total: number; rows: ClipRow[] } {
    const where: string[] = []
    const params: unknown[] = []
    if (query.status) {
      where.push('status = ?')
      params.push(query.status)
    }
    const search = query.search?.trim()
    if (search) {
      where.push("path LIKE ? ESCAPE '\\'")
      params.push(`%${escapeLike(search)}%`)
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : ''
    const dir = query.desc ? 'DESC' : 'ASC'
    const order = query.sort === 'id' ? `id ${dir}` : `${SORT_SQL[query.sort]} ${dir}, id ${dir}`

    const total = this.statement(`SELECT count(*) AS n FROM clips ${whereSql}`).get(...params) as { n: number }
    const rows = this.statement(
      `SELECT id, path, name, duration, width, height, status, shot_type, prelabel_source, import_error
       FROM clips ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`
    ).all(...params, query.limit, query.offset) as ClipListDbRow[]

    return { total: total.n, rows: rows.map(toRow) }
  }

  counts(): Record<ClipStatus, number> {
    const counts = Object.fromEntries(CLIP_STATUSES.map((s) => [s, 0])) as Record<ClipStatus, number>
    for (const { status, n } of this.countsStmt.all()) counts[status] = n
    return counts
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

function toRow(row: ClipListDbRow): ClipRow {
  return {
    id: row.id,
    path: row.path,
    name: row.name,
    duration: row.duration,
    width: row.width,
    height: row.height,
    status: row.status,
    shotType: isShotType(row.shot_type) ? row.shot_type : null,
    prelabelSource: row.prelabel_source,
    importError: row.import_error
  }
}
