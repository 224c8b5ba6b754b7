import { z } from 'zod'
import type { Db } from './db'
import { readJson } from './json'

import { JobState as JobStateSchema } from '../../shared/jobs'

export type JobState = z.infer<typeof JobStateSchema>

const JsonObject = z.record(z.string(), z.unknown())
export type JsonObject = z.infer<typeof JsonObject>

export interface Job {
  id: number
  kind: string
  state: JobState
  params: JsonObject
  progress: JsonObject
  error: string | null
  /** Starts in a row that did not get past the kind's start (kept in progress_json, which every update carries over). */
  startFailures: number
  createdAt: string
  updatedAt: string
  /** The person who started it; null for the operator. */
  startedBy: string | null
}

interface JobDbRow {
  id: number
  kind: string
  state: string
  params_json: string
  progress_json: string
  error: string | null
  created_at: string
  updated_at: string
  started_by: string | null
}

/** Persistent job records, so batch work can resume after a crash. */
export class JobsRepo {
  private insertStmt
  private byIdStmt
  private updateStmt
  private byStateStmt
  private startFailuresStmt

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare<[string, string, string, string, string | null]>(
      `INSERT INTO jobs (kind, state, params_json, created_at, updated_at, started_by) VALUES (?, 'queued', ?, ?, ?, ?)`
    )
    this.byIdStmt = db.prepare<[number], JobDbRow>('SELECT * FROM jobs WHERE id = ?')
    // json_patch with a null value drops the key, so a job that never counted a start stays without it
    this.updateStmt = db.prepare<[string, string, string | null, string, number]>(
      `UPDATE jobs SET state = ?, progress_json = json_patch(?, json_object('startFailures', json_extract(progress_json, '$.startFailures'))),
        error = ?, updated_at = ? WHERE id = ?`
    )
    this.startFailuresStmt = db.prepare<[number, number]>(`UPDATE jobs SET progress_json = json_set(progress_json, '$.startFailures', ?) WHERE id = ?`)
    this.byStateStmt = db.prepare<[string], JobDbRow>('SELECT * FROM jobs WHERE state = ? ORDER BY id')
  }

  create(kind: string, params: JsonObject, now: string, startedBy: string | null = null): Job {
    const id = Number(this.insertStmt.run(kind, JSON.stringify(params), now, now, startedBy).lastInsertRowid)
    return { id, kind, state: 'queued', params, progress: {}, error: null, startFailures: 0, createdAt: now, updatedAt: now, startedBy }
  }

  get(id: number): Job | null {
    const row = this.byIdStmt.get(id)
    return row ? toJob(row) : null
  }

  update(id: number, change: { state: JobState; progress: JsonObject; error?: string | null }, now: string): void {
    this.updateStmt.run(change.state, JSON.stringify(change.progress), change.error ?? null, now, id)
  }

  setStartFailures(id: number, count: number): void {
    this.startFailuresStmt.run(count, id)
  }

  recent(limit: number): Job[] {
    return this.db.prepare<[number], JobDbRow>('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit).map(toJob)
  }

  withState(state: JobState): Job[] {
    return this.byStateStmt.all(state).map(toJob)
  }
}

function toJob(row: JobDbRow): Job {
  const progress = readJson(JsonObject, row.progress_json, `job ${row.id} progress`)
  return {
    id: row.id,
    kind: row.kind,
    state: JobStateSchema.parse(row.state),
    params: readJson(JsonObject, row.params_json, `job ${row.id} params`),
    progress,
    error: row.error,
    startFailures: typeof progress.startFailures === 'number' ? progress.startFailures : 0,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedBy: row.started_by
  }
}
