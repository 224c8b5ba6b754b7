import type { Db } from './db'

/** The clips after a given one in import (id) order, wrapping at the end; unplayable clips are skipped. */
export class NeighborsRepo {
  private nextStmt
  private firstStmt
  private nextWithStatusStmt
  private firstWithStatusStmt

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
  }

  next(clipId: number): number | null {
    return (this.nextStmt.get(clipId) ?? this.firstStmt.get(clipId))?.id ?? null
  }

  nextWithStatus(clipId: number, status: string): number | null {
    return (this.nextWithStatusStmt.get(status, clipId) ?? this.firstWithStatusStmt.get(status, clipId))?.id ?? null
  }
}
