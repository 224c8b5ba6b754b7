import type { ExportFilters } from '../../shared/output'
import type { Db } from './db'

/** One exported clip as SQL hands it over: captions still as stored JSON. */
export interface ExportDbRow {
  id: number
  path: string
  fingerprint: string | null
  status: string
  revision_caption: string | null
  annotator: string | null
  revision_number: number | null
  reviewed_at: string | null
  prelabel_caption: string | null
  prelabel_source: string | null
  prelabel_model: string | null
  prelabel_kind: string | null
  t2v: string | null
  t2v_origin: string | null
  t2v_source: string | null
  i2v: string | null
  i2v_origin: string | null
  i2v_source: string | null
}

// The latest fusion caption of a task: the (clip_id, task, number) unique index answers both lookups.
const fusionJoin = (alias: string, task: string) => `
  LEFT JOIN fusion_captions ${alias} ON ${alias}.clip_id = c.id AND ${alias}.task = '${task}'
    AND ${alias}.number = (SELECT max(number) FROM fusion_captions WHERE clip_id = c.id AND task = '${task}')`

const FROM = `
  FROM clips c
  LEFT JOIN revisions r ON r.clip_id = c.id AND r.number = c.latest_revision_number
  LEFT JOIN prelabels p ON p.id = coalesce(r.prelabel_id, (SELECT max(id) FROM prelabels WHERE clip_id = c.id))
  ${fusionJoin('ft', 't2v')}
  ${fusionJoin('fi', 'i2v')}`

const COLUMNS = `c.id, c.path, c.fingerprint, c.state AS status,
  r.caption_json AS revision_caption, r.annotator, r.number AS revision_number, r.created_at AS reviewed_at,
  p.caption_json AS prelabel_caption, json_extract(p.source_json, '$.label') AS prelabel_source,
  json_extract(p.source_json, '$.details.model') AS prelabel_model, p.source_kind AS prelabel_kind,
  ft.text AS t2v, ft.origin AS t2v_origin, json_extract(ft.source_json, '$.label') AS t2v_source,
  fi.text AS i2v, fi.origin AS i2v_origin, json_extract(fi.source_json, '$.label') AS i2v_source`

const INCLUDE: Record<ExportFilters['include'], string> = {
  approved: "c.status = 'approved'",
  reviewed: "c.latest_revision_number > 0 AND c.status <> 'rejected'",
  all: "c.status <> 'rejected' AND (c.latest_revision_number > 0 OR c.prelabel_source IS NOT NULL)"
}

const FUSION: Record<NonNullable<ExportFilters['fusion']>, string> = {
  any: '(ft.id IS NOT NULL OR fi.id IS NOT NULL)',
  t2v: 'ft.id IS NOT NULL',
  i2v: 'fi.id IS NOT NULL',
  both: 'ft.id IS NOT NULL AND fi.id IS NOT NULL'
}

/** A bare date as `to` means the whole day: compare with the start of the next one. */
function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString()
}

function where(filters: ExportFilters): { sql: string; params: string[] } {
  const clauses = [INCLUDE[filters.include]]
  const params: string[] = []
  if (filters.annotator) {
    clauses.push('r.annotator = ?')
    params.push(filters.annotator)
  }
  if (filters.from) {
    clauses.push('r.created_at >= ?')
    params.push(filters.from.length === 10 ? `${filters.from}T00:00:00.000Z` : filters.from)
  }
  if (filters.to) {
    clauses.push(filters.to.length === 10 ? 'r.created_at < ?' : 'r.created_at <= ?')
    params.push(filters.to.length === 10 ? dayAfter(filters.to) : filters.to)
  }
  if (filters.fusion) clauses.push(FUSION[filters.fusion])
  return { sql: clauses.map((c) => `(${c})`).join(' AND '), params }
}

// Counting needs the revision always, the fusion captions only when filtered on.
const COUNT_FROM = `FROM clips c LEFT JOIN revisions r ON r.clip_id = c.id AND r.number = c.latest_revision_number`

/** The clips an export writes, chosen by typed filters; the SQL is built here and nowhere else. */
export class ExportRowsRepo {
  constructor(private readonly db: Db) {}

  count(filters: ExportFilters): number {
    const { sql, params } = where(filters)
    const from = filters.fusion ? `${COUNT_FROM} ${fusionJoin('ft', 't2v')} ${fusionJoin('fi', 'i2v')}` : COUNT_FROM
    return (this.db.prepare(`SELECT count(*) AS n ${from} WHERE ${sql}`).get(...params) as { n: number }).n
  }

  /** Rows one at a time from SQLite (better-sqlite3's iterate): memory stays flat whatever the count. */
  iterate(filters: ExportFilters): IterableIterator<ExportDbRow> {
    const { sql, params } = where(filters)
    return this.db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE ${sql} ORDER BY c.id`).iterate(...params) as IterableIterator<ExportDbRow>
  }
}
