import type { Statement } from 'better-sqlite3'
import type { QueueOrder } from '../../shared/api/queue'
import { orderBy, SORT_SQL } from './clipList'
import type { Db } from './db'
import { filterWhere } from './libraryFilter'
import type { SearchIndex } from './searchIndex'

/**
 * The index each sort walks (migrations 1, 4 and 7). Without table statistics SQLite would rather use a
 * filter's index and sort every match for each LIMIT 1 (60 ms on 100k clips); walking the sort index stops at
 * the first free match instead. Sorting by id walks the table itself, or a filter's (column, id) index.
 */
const SORT_INDEX: Record<FilterOrder['sort'], string> = {
  id: '',
  name: 'INDEXED BY clips_name',
  duration: 'INDEXED BY clips_duration',
  resolution: 'INDEXED BY clips_resolution',
  status: 'INDEXED BY clips_status_id',
  shotType: 'INDEXED BY clips_shot_type',
  shotAngle: 'INDEXED BY clips_shot_angle',
  shotPosition: 'INDEXED BY clips_shot_position',
  prelabelSource: 'INDEXED BY clips_prelabel_source',
  annotator: 'INDEXED BY clips_annotator',
  confidence: 'INDEXED BY clips_confidence'
}

export type FilterOrder = Extract<QueueOrder, { kind: 'filter' }>
/** The named parameters of the queue's conditions (leases.ts). */
export type StepArgs = { holder: number | null; after: number; now: string; blind: 0 | 1 }

/**
 * The queue walked in a Library filter's own order: only the clips the filter matches, sorted as the
 * Library sorts them, from just after the current clip, then from the top (so the current clip comes
 * last). Each step is one keyset query (an index range, LIMIT 1), never an OFFSET or a count, so N
 * stays fast on a large project. `free` is the queue's own condition (not done, not held, not assigned).
 */
export class FilterWalk {
  // one statement per query shape, as the Library keeps them
  private cache = new Map<string, Statement<unknown[], { id: number }>>()
  private keyCache = new Map<string, Statement<[number], { k: unknown }>>()

  constructor(
    private db: Db,
    private free: string,
    private search: SearchIndex
  ) {}

  pick(order: FilterOrder, args: StepArgs): { id: number } | undefined {
    if (order.filter.text) this.search.flush()
    const where = filterWhere(order.filter)
    for (const [step, params, sortSql] of this.steps(order, args.after)) {
      const found = this.statement(SORT_INDEX[order.sort], where.sql, step, sortSql).get(...where.params, ...params, args)
      if (found) return found
    }
    return undefined
  }

  /** [condition, its values, ORDER BY] for each step, in order: the last one wraps round to the top. */
  private steps(order: FilterOrder, after: number): [string, unknown[], string][] {
    const key = SORT_SQL[order.sort]
    const full = orderBy(order)
    const wrap: [string, unknown[], string] = ['1', [], full]
    const current = this.currentKey(order, after)
    if (!current) return [wrap]
    const x = current.k
    const cmp = order.desc ? '<' : '>'
    const byId = `id ${order.desc ? 'DESC' : 'ASC'}`
    // where SQLite puts clips with nothing to sort by: first going up, last going down (confidence: last always)
    const nullsLast = order.desc || order.sort === 'confidence'
    const steps: [string, unknown[], string][] = []
    // the rest of the current clip's own key, then the keys past it
    if (order.sort !== 'id') steps.push([`${key} IS ? AND id ${cmp} @after`, [x], byId])
    if (x !== null) steps.push([`${key} ${cmp} ?`, [x], full])
    else if (!nullsLast) steps.push([`${key} IS NOT NULL`, [], full])
    if (x !== null && nullsLast) steps.push([`${key} IS NULL`, [], byId])
    return [...steps, wrap]
  }

  /** The current clip's sort key; undefined when there is no current clip. */
  private currentKey(order: FilterOrder, after: number): { k: unknown } | undefined {
    const key = SORT_SQL[order.sort]
    let stmt = this.keyCache.get(key)
    if (!stmt) {
      stmt = this.db.prepare<[number], { k: unknown }>(`SELECT ${key} AS k FROM clips WHERE id = ?`)
      this.keyCache.set(key, stmt)
    }
    return stmt.get(after)
  }

  private statement(index: string, where: string, step: string, sortSql: string): Statement<unknown[], { id: number }> {
    const sql = `SELECT c.id FROM clips c ${index} ${where ? `${where} AND` : 'WHERE'} ${step} AND ${this.free} ORDER BY ${sortSql} LIMIT 1`
    let stmt = this.cache.get(sql)
    if (!stmt) {
      stmt = this.db.prepare<unknown[], { id: number }>(sql)
      this.cache.set(sql, stmt)
    }
    return stmt
  }
}
