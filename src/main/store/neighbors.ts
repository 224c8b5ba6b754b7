import type { NeighborOrder } from '../../shared/api/review'
import type { Db } from './db'

// After the clip at (confidence c, id): a higher c, the same c and a higher id, or any unscored clip; from an
// unscored clip, only unscored clips with a higher id. The same order as the Library's confidence sort.
const AFTER_BY_CONFIDENCE = `(CASE WHEN @c IS NULL THEN confidence IS NULL AND id > @id
  ELSE confidence > @c OR (confidence = @c AND id > @id) OR confidence IS NULL END)`
const BY_CONFIDENCE = 'ORDER BY confidence NULLS LAST, id LIMIT 1'

type Params = { id: number; c: number | null; status: string | null }

/** The clips after a given one in import or confidence order, wrapping at the end; unplayable clips are skipped. */
export class NeighborsRepo {
  private nextStmt
  private firstStmt
  private nextWithStatusStmt
  private firstWithStatusStmt
  private confidenceStmt
  private nextByConfidenceStmt
  private firstByConfidenceStmt

  constructor(db: Db) {
    this.nextStmt = db.prepare<[number], { id: number }>('SELECT id FROM clips WHERE id > ? AND import_error IS NULL ORDER BY id LIMIT 1')
    this.firstStmt = db.prepare<[number], { id: number }>('SELECT id FROM clips WHERE id < ? AND import_error IS NULL ORDER BY id LIMIT 1')
    // Both walk the clips_status_id index.
    this.nextWithStatusStmt = db.prepare<[string, number], { id: number }>(
      'SELECT id FROM clips WHERE status = ? AND id > ? AND import_error IS NULL ORDER BY id LIMIT 1'
    )
    this.firstWithStatusStmt = db.prepare<[string, number], { id: number }>(
      'SELECT id FROM clips WHERE status = ? AND id < ? AND import_error IS NULL ORDER BY id LIMIT 1'
    )
    this.confidenceStmt = db.prepare<[number], { confidence: number | null }>('SELECT confidence FROM clips WHERE id = ?')
    // A null status matches every clip. Both walk the clips_confidence index.
    const where = 'import_error IS NULL AND (@status IS NULL OR status = @status)'
    this.nextByConfidenceStmt = db.prepare<[Params], { id: number }>(`SELECT id FROM clips WHERE ${where} AND ${AFTER_BY_CONFIDENCE} ${BY_CONFIDENCE}`)
    this.firstByConfidenceStmt = db.prepare<[Params], { id: number }>(`SELECT id FROM clips WHERE ${where} AND id != @id ${BY_CONFIDENCE}`)
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
    const params = { id: clipId, c: this.confidenceStmt.get(clipId)?.confidence ?? null, status }
    return (this.nextByConfidenceStmt.get(params) ?? this.firstByConfidenceStmt.get(params))?.id ?? null
  }
}
