import type { NeighborOrder } from '../../shared/api/review'
import type { Db } from './db'

type Params = { id: number; c: number | null; status: string | null }

/** The clips after a given one in import or confidence order, wrapping at the end; unplayable clips are skipped. */
export class NeighborsRepo {
  private nextStmt
  private firstStmt
  private nextWithStatusStmt
  private firstWithStatusStmt
  private confidenceStmt
  private scoredAfterStmt
  private unscoredAfterStmt
  private firstByConfidenceStmt

  constructor(db: Db) {
    this.nextStmt = db.prepare<[number], { id: number }>('SELECT id FROM clips WHERE id > ? AND import_error IS NULL ORDER BY id LIMIT 1')
    this.firstStmt = db.prepare<[number], { id: number }>('SELECT id FROM clips WHERE id < ? AND import_error IS NULL ORDER BY id LIMIT 1')
    // Both walk the clips_state_id index.
    this.nextWithStatusStmt = db.prepare<[string, number], { id: number }>(
      'SELECT id FROM clips WHERE state = ? AND id > ? AND import_error IS NULL ORDER BY id LIMIT 1'
    )
    this.firstWithStatusStmt = db.prepare<[string, number], { id: number }>(
      'SELECT id FROM clips WHERE state = ? AND id < ? AND import_error IS NULL ORDER BY id LIMIT 1'
    )
    this.confidenceStmt = db.prepare<[number], { confidence: number | null }>('SELECT confidence FROM clips WHERE id = ?')
    // The Library's confidence order: scored clips by (confidence, id), then unscored ones by id. A null status
    // matches every clip. Each seeks into the clips_confidence index where the current clip sits.
    const where = 'import_error IS NULL AND (@status IS NULL OR state = @status)'
    this.scoredAfterStmt = db.prepare<[Params], { id: number }>(
      `SELECT id FROM clips WHERE confidence >= @c AND (confidence > @c OR id > @id) AND ${where} ORDER BY confidence, id LIMIT 1`
    )
    this.unscoredAfterStmt = db.prepare<[Params], { id: number }>(`SELECT id FROM clips WHERE confidence IS NULL AND id > @id AND ${where} ORDER BY id LIMIT 1`)
    this.firstByConfidenceStmt = db.prepare<[Params], { id: number }>(
      `SELECT id FROM clips WHERE ${where} AND id != @id ORDER BY confidence NULLS LAST, id LIMIT 1`
    )
  }

  next(clipId: number, order: NeighborOrder = 'import'): number | null {
    if (order === 'confidence') return this.byConfidence(clipId, null)
    return (this.nextStmt.get(clipId) ?? this.firstStmt.get(clipId))?.id ?? null
  }

  nextWithStatus(clipId: number, status: string, order: NeighborOrder = 'import'): number | null {
    if (order === 'confidence') return this.byConfidence(clipId, status)
    return (this.nextWithStatusStmt.get(status, clipId) ?? this.firstWithStatusStmt.get(status, clipId))?.id ?? null
  }

  private byConfidence(clipId: number, status: string | null): number | null {
    const c = this.confidenceStmt.get(clipId)?.confidence ?? null
    const params = { id: clipId, c, status }
    // After a scored clip come the scored ones above it, then every unscored one; after an unscored one, those after it.
    const after = c === null ? this.unscoredAfterStmt.get(params) : (this.scoredAfterStmt.get(params) ?? this.unscoredAfterStmt.get({ ...params, id: 0 }))
    return (after ?? this.firstByConfidenceStmt.get(params))?.id ?? null
  }
}
