import { z } from 'zod'
import type { FusionCaption, FusionTask } from '../../shared/output'
import type { Db } from './db'
import { readJson } from './json'

export type NewFusionCaption = Omit<FusionCaption, 'id' | 'number' | 'createdAt'>

/** Which clips a new fusion job takes: approved ones lacking a task's caption, all approved, or all with a caption. */
export type FusionScope = 'missing' | 'approved' | 'all'

interface FusionDbRow {
  id: number
  clip_id: number
  task: FusionTask
  number: number
  text: string
  origin: FusionCaption['origin']
  annotator: string | null
  revision_number: number
  prelabel_id: number | null
  job_id: number | null
  source_json: string
  created_at: string
}

const Source = z.record(z.string(), z.unknown())

/** T2V / I2V captions: append-only (triggers enforce it), numbered 1, 2, 3… per clip and task. */
export class FusionCaptionsRepo {
  private insertStmt
  private latestStmt
  private historyStmt

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO fusion_captions (clip_id, task, number, text, origin, annotator, revision_number, prelabel_id, job_id, source_json, created_at)
       VALUES (@clipId, @task, @number, @text, @origin, @annotator, @revisionNumber, @prelabelId, @jobId, @source, @createdAt)`
    )
    this.latestStmt = db.prepare<[number, string], FusionDbRow>('SELECT * FROM fusion_captions WHERE clip_id = ? AND task = ? ORDER BY number DESC LIMIT 1')
    this.historyStmt = db.prepare<[number, string], FusionDbRow>('SELECT * FROM fusion_captions WHERE clip_id = ? AND task = ? ORDER BY number DESC')
  }

  /** Appends the next number for the clip and task; call inside a transaction with the check it depends on. */
  insert(c: NewFusionCaption, createdAt: string): FusionCaption {
    const number = (this.latestStmt.get(c.clipId, c.task)?.number ?? 0) + 1
    const result = this.insertStmt.run({ ...c, number, source: JSON.stringify(c.source), createdAt })
    return { ...c, id: Number(result.lastInsertRowid), number, createdAt }
  }

  latest(clipId: number, task: FusionTask): FusionCaption | null {
    const row = this.latestStmt.get(clipId, task)
    return row ? toFusion(row) : null
  }

  /** Newest first. */
  history(clipId: number, task: FusionTask): FusionCaption[] {
    return this.historyStmt.all(clipId, task).map(toFusion)
  }

  /** Clip ids in id order; `missing` takes clips without a caption for at least one of `tasks`. */
  candidates(scope: FusionScope, tasks: FusionTask[]): number[] {
    const lacking = tasks.map(() => 'NOT EXISTS (SELECT 1 FROM fusion_captions f WHERE f.clip_id = c.id AND f.task = ?)').join(' OR ')
    const where = {
      approved: "c.status = 'approved'",
      missing: `c.status = 'approved' AND (${lacking})`,
      all: 'c.latest_revision_number > 0 OR c.prelabel_source IS NOT NULL'
    }[scope]
    const params = scope === 'missing' ? tasks : []
    return this.db
      .prepare<string[], { id: number }>(`SELECT c.id FROM clips c WHERE ${where} ORDER BY c.id`)
      .all(...params)
      .map((r) => r.id)
  }
}

function toFusion(row: FusionDbRow): FusionCaption {
  return {
    id: row.id,
    clipId: row.clip_id,
    task: row.task,
    number: row.number,
    text: row.text,
    origin: row.origin,
    annotator: row.annotator,
    revisionNumber: row.revision_number,
    prelabelId: row.prelabel_id,
    jobId: row.job_id,
    source: readJson(Source, row.source_json, `fusion caption ${row.id} source`),
    createdAt: row.created_at
  }
}
