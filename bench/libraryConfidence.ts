/**
 * The Library's "low confidence" filter on the bench project (every pre-label scored, p uniform,
 * so "shot type below 0.45" matches about 45% of clips), timed through the host: the list request
 * alone and with a sort, each threshold a cold query. Then the same count on a scratch copy of the
 * project with a table a later migration could add, to measure what it would gain.
 */
import fs from 'node:fs'
import Database from 'better-sqlite3'
import type { OwnInput, Route, RouteOutput } from '../src/shared/contract'
import { filterWhere } from '../src/main/store/libraryFilter'
import { median } from './pageTimings'

type Call = <R extends Route>(route: R, input: OwnInput<R>) => Promise<RouteOutput<R>>

// Thresholds around 0.45: no two requests the same, so no answer comes from a cache.
const THRESHOLDS = [0.45, 0.44, 0.46, 0.43, 0.47, 0.42, 0.48, 0.41, 0.49, 0.4]
const SORTS: { label: string; order: OwnInput<'clips.list'> }[] = [
  { label: 'shot type < 0.45', order: {} },
  { label: '+ least confident first', order: { sort: 'confidence' } },
  { label: '+ name descending', order: { sort: 'name', desc: true } }
]

export interface Timed {
  label: string
  ms: number[]
  matched: number
}

export async function timeConfidenceFilter(call: Call): Promise<Timed[]> {
  const out: Timed[] = []
  for (const { label, order } of SORTS) {
    const ms: number[] = []
    let matched = 0
    for (const below of THRESHOLDS.map((t) => t + out.length / 1000)) {
      const start = performance.now()
      matched = (await call('clips.list', { ...order, lowConfidence: { field: 'shot_type', below }, limit: 200 })).total
      ms.push(performance.now() - start)
    }
    out.push({ label, ms, matched })
  }
  return out
}

/**
 * The count on a scratch copy of `file`, as today and with `latest_field_confidence`: each clip's
 * latest pre-label's fields as (field, p, clip_id) in one covering key, which a trigger on
 * prelabel_field_confidence would keep. Returns the median milliseconds of each.
 */
export function scratchLatestTable(file: string, scratch: string): { now: number; withTable: number } {
  fs.copyFileSync(file, scratch)
  const db = new Database(scratch)
  try {
    db.exec(`CREATE TABLE latest_field_confidence (field TEXT NOT NULL, p REAL NOT NULL, clip_id INTEGER NOT NULL,
        PRIMARY KEY (field, p, clip_id)) WITHOUT ROWID;
      INSERT OR IGNORE INTO latest_field_confidence SELECT f.field, f.p, p.clip_id FROM prelabel_field_confidence f
        JOIN prelabels p ON p.id = f.prelabel_id WHERE p.id = (SELECT MAX(l.id) FROM prelabels l WHERE l.clip_id = p.clip_id);`)
    const count = (sql: string) => {
      const stmt = db.prepare(sql)
      return median(
        THRESHOLDS.map((below) => {
          const start = performance.now()
          stmt.get('shot_type', below)
          return performance.now() - start
        })
      )
    }
    const today = filterWhere({ lowConfidence: { field: 'shot_type', below: 0 } })
    return {
      now: count(`SELECT count(*) FROM clips ${today.sql}`),
      withTable: count('SELECT count(*) FROM clips WHERE id IN (SELECT clip_id FROM latest_field_confidence WHERE field = ? AND p < ?)')
    }
  } finally {
    db.close()
    fs.rmSync(scratch, { force: true })
  }
}
