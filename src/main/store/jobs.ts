import { z } from 'zod'
import type { Db } from './db'
import { readJson } from './json'

export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const
export type JobState = (typeof JOB_STATES)[number]
const JobStateSchema = z.enum(JOB_STATES)

const JsonObject = z.record(z.string(), z.unknown())
export type JsonObject = z.infer<typeof JsonObject>

export interface Job {
  id: number
  kind: string
  state: JobState
  params: JsonObject
  progress: JsonObject
  error: string | null
  createdAt: string
  updatedAt: string
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
}

/** Persistent job records, so batch work can resume after a crash. */
export class JobsRepo {
  private insertStmt
  private byIdStmt
  private updateStmt
  private byStateStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare<[string, string, string, string]>(
      `INSERT INTO jobs (kind, state, params_json, created_at, updated_at) VALUES (?, 'queued', ?, ?, ?)`
    )
    this.byIdStmt = db.prepare<[number], JobDbRow>('SELECT * FROM jobs WHERE id = ?')
    this.updateStmt = db.prepare<[string, string, string | null, string, number]>(
      'UPDATE jobs SET state = ?, progress_json = ?, error = ?, updated_at = ? WHERE id = ?'
    )
    this.byStateStmt = db.prepare<[string], JobDbRow>('SELECT * FROM jobs WHERE state = ? ORDER BY id')
  }

  create(kind: string, params: JsonObject, now: string): Job {
    const id = Number(this.insertStmt.run(kind, JSON.stringify(params), now, now).lastInsertRowid)
    return { id, kind, state: 'queued', params, progress: {}, error: null, createdAt: now, updatedAt: now }
  }

  get(id: number): Job | null {
    const row = this.byIdStmt.get(id)
    return row ? toJob(row) : null
  }

  update(id: number, change: { state: JobState; progress: JsonObject; error?: string | null }, now: string): void {
    this.updateStmt.run(change.state, JSON.stringify(change.progress), change.error ?? null, now, id)
  }

  withState(state: JobState): Job[] {
    return this.byStateStmt.all(state).map(toJob)
  }
}

function toJob(row: JobDbRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    state: JobStateSchema.parse(row.state),
    params: readJson(JsonObject, row.params_json, `job ${row.id} params`),
    progress: readJson(JsonObject, row.progress_json, `job ${row.id} progress`),
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at
  }
}
