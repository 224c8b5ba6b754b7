import { z } from 'zod'
import { ProbeRound } from '../../shared/speedMeasure'
import type { Db } from './db'
import { MetaEntry } from './metaEntry'

/**
 * The machine probe's rounds (models/speedProbe.ts) of the latest speed job that ran one: a
 * project_meta entry, since no speed_measurements column fits a per-job figure.
 */
const StoredProbe = z.object({ jobId: z.number().int(), rounds: z.array(ProbeRound) })
export type StoredProbe = z.infer<typeof StoredProbe>

/** One clip timed by one quant (migration 6). */
export interface SpeedMeasurement {
  jobId: number
  clipId: number
  model: string
  quant: string | null
  promptTokens: number
  promptMs: number
  textPrefillMs: number
  visionMs: number
  outputTokens: number
  predictedMs: number
  wallMs: number
  createdAt: string
}

const COLUMNS = `job_id AS jobId, clip_id AS clipId, model, quant, prompt_tokens AS promptTokens, prompt_ms AS promptMs,
  text_prefill_ms AS textPrefillMs, vision_ms AS visionMs, output_tokens AS outputTokens, predicted_ms AS predictedMs,
  wall_ms AS wallMs, created_at AS createdAt`

export class SpeedMeasurementsRepo {
  private insertStmt
  private latestJobsStmt
  private ofJobStmt
  private probeEntry

  constructor(db: Db) {
    this.probeEntry = new MetaEntry<StoredProbe | null>(db, 'speed_probe', StoredProbe.nullable(), 'speed probe', () => null)
    this.insertStmt = db.prepare<[number, number, string, string | null, number, number, number, number, number, number, number, string]>(
      `INSERT INTO speed_measurements (job_id, clip_id, model, quant, prompt_tokens, prompt_ms, text_prefill_ms, vision_ms,
         output_tokens, predicted_ms, wall_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    // the newest run per model file: an older run of the same file is history, not a second quant
    this.latestJobsStmt = db.prepare<[], { jobId: number }>('SELECT max(job_id) AS jobId FROM speed_measurements GROUP BY model ORDER BY jobId')
    this.ofJobStmt = db.prepare<[number], SpeedMeasurement>(`SELECT ${COLUMNS} FROM speed_measurements WHERE job_id = ? ORDER BY id`)
  }

  insert(m: SpeedMeasurement): void {
    this.insertStmt.run(
      m.jobId,
      m.clipId,
      m.model,
      m.quant,
      m.promptTokens,
      m.promptMs,
      m.textPrefillMs,
      m.visionMs,
      m.outputTokens,
      m.predictedMs,
      m.wallMs,
      m.createdAt
    )
  }

  ofJob(jobId: number): SpeedMeasurement[] {
    return this.ofJobStmt.all(jobId)
  }

  /** Each model file's latest measuring job. */
  latestRuns(): SpeedMeasurement[][] {
    return this.latestJobsStmt.all().map((r) => this.ofJob(r.jobId))
  }

  /** Adds a probe round of `jobId`; a newer job's first round replaces an older job's. */
  addProbeRound(jobId: number, round: ProbeRound): void {
    const last = this.probe()
    const rounds = last?.jobId === jobId ? [...last.rounds, round] : [round]
    this.probeEntry.put({ jobId, rounds })
  }

  probe(): StoredProbe | null {
    return this.probeEntry.get()
  }
}
