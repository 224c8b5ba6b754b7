import { z } from 'zod'
import { CaptionProblem, StructuralCaption } from '../../shared/caption'
import type { TokenLogprob } from '../../shared/confidence'
import { PrelabelSource, type Prelabel } from '../../shared/contract'
import { CONFIDENCE_COLUMNS, ConfidenceRepo, confidenceOf, type ConfidenceDbRow } from './confidence'
import type { Db } from './db'
import { readJson } from './json'

/** `tokens`: the engine's token stream behind `confidence`, kept compact beside it. */
export type NewPrelabel = Omit<Prelabel, 'id' | 'createdAt'> & { tokens?: TokenLogprob[] }

interface PrelabelDbRow {
  id: number
  clip_id: number
  raw_text: string
  caption_json: string
  problems_json: string
  source_json: string
  timings_json: string
  created_at: string
}

/** A pre-label row with its confidence columns (all null without a confidence row). */
type JoinedRow = PrelabelDbRow & { [K in keyof ConfidenceDbRow]: ConfidenceDbRow[K] | null }

const Problems = z.array(CaptionProblem)
const Timings = z.record(z.string(), z.number())

/** Pre-labels are append-only (triggers enforce it): a new model run adds a row. */
export class PrelabelsRepo {
  private insertStmt
  private latestStmt
  private forClipStmt
  private sameImportStmt
  private outputTokensStmt
  readonly confidence: ConfidenceRepo

  constructor(db: Db) {
    this.confidence = new ConfidenceRepo(db)
    this.insertStmt = db.prepare(
      `INSERT INTO prelabels (clip_id, raw_text, caption_json, problems_json, source_kind, source_json, timings_json, created_at)
       VALUES (@clipId, @rawText, @caption, @problems, @kind, @source, @timings, @createdAt)`
    )
    // each pre-label with its confidence, if any, in one read
    const withConfidence = `SELECT p.*, ${CONFIDENCE_COLUMNS} FROM prelabels p LEFT JOIN prelabel_confidence pc ON pc.prelabel_id = p.id WHERE p.clip_id = ?`
    this.latestStmt = db.prepare<[number], JoinedRow>(`${withConfidence} ORDER BY p.id DESC LIMIT 1`)
    this.forClipStmt = db.prepare<[number], JoinedRow>(`${withConfidence} ORDER BY p.id`)
    this.sameImportStmt = db.prepare<[number, string], { id: number }>(
      "SELECT id FROM prelabels WHERE clip_id = ? AND source_kind = 'imported' AND raw_text = ? LIMIT 1"
    )
    this.outputTokensStmt = db.prepare<[], { runs: number; mean: number | null }>(
      `SELECT COUNT(*) AS runs, AVG(json_extract(timings_json, '$.outputTokens')) AS mean
       FROM prelabels WHERE source_kind = 'model' AND json_extract(timings_json, '$.outputTokens') > 0`
    )
  }

  /** Mean tokens the model generated over this project's pre-labels that recorded the count; null without any. */
  outputTokens(): { runs: number; mean: number } | null {
    const row = this.outputTokensStmt.get()
    return row && row.runs > 0 && row.mean !== null ? { runs: row.runs, mean: row.mean } : null
  }

  insert(p: NewPrelabel, createdAt: string): Prelabel {
    const result = this.insertStmt.run({
      clipId: p.clipId,
      rawText: p.rawText,
      caption: JSON.stringify(p.caption),
      problems: JSON.stringify(p.problems),
      kind: p.source.kind,
      source: JSON.stringify(p.source),
      timings: JSON.stringify(p.timings),
      createdAt
    })
    const id = Number(result.lastInsertRowid)
    const { tokens, ...prelabel } = p
    if (p.confidence) this.confidence.insert(id, p.confidence, tokens)
    return { ...prelabel, id, createdAt }
  }

  latest(clipId: number): Prelabel | null {
    const row = this.latestStmt.get(clipId)
    return row ? toPrelabel(row) : null
  }

  latestId(clipId: number): number | null {
    return this.latestStmt.get(clipId)?.id ?? null
  }

  forClip(clipId: number): Prelabel[] {
    return this.forClipStmt.all(clipId).map(toPrelabel)
  }

  /** Re-importing the same CSV must not add the same text twice. */
  hasImported(clipId: number, rawText: string): boolean {
    return this.sameImportStmt.get(clipId, rawText) !== undefined
  }
}

function toPrelabel(row: JoinedRow): Prelabel {
  // status is NOT NULL in its table: null here means no confidence row joined
  const confidence = row.status === null ? undefined : confidenceOf(row as ConfidenceDbRow, row.id)
  return {
    id: row.id,
    clipId: row.clip_id,
    rawText: row.raw_text,
    caption: readJson(StructuralCaption, row.caption_json, `pre-label ${row.id} caption`),
    problems: readJson(Problems, row.problems_json, `pre-label ${row.id} problems`),
    source: readJson(PrelabelSource, row.source_json, `pre-label ${row.id} source`),
    timings: readJson(Timings, row.timings_json, `pre-label ${row.id} timings`),
    ...(confidence ? { confidence } : {}),
    createdAt: row.created_at
  }
}
