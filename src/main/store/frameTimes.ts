import type { FrameTiming } from '../../shared/frameTiming'
import type { Db } from './db'

interface FrameTimesDbRow {
  file_key: string
  times: Buffer
  end_time: number
}

/**
 * Per-clip frame timestamps, cached so ffprobe runs once per clip file. `fileKey` names the file
 * version (size and mtime): a re-imported, changed file gets its timing read again.
 */
export class FrameTimesRepo {
  private getStmt
  private putStmt

  constructor(db: Db) {
    this.getStmt = db.prepare<[number], FrameTimesDbRow>('SELECT file_key, times, end_time FROM frame_times WHERE clip_id = ?')
    this.putStmt = db.prepare<[number, string, Buffer, number, string]>(
      `INSERT INTO frame_times (clip_id, file_key, times, end_time, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (clip_id) DO UPDATE SET file_key = excluded.file_key, times = excluded.times,
         end_time = excluded.end_time, created_at = excluded.created_at`
    )
  }

  get(clipId: number, fileKey: string): FrameTiming | null {
    const row = this.getStmt.get(clipId)
    if (!row || row.file_key !== fileKey) return null
    // Float64 little-endian, 8 bytes a frame: 120 frames take 960 bytes instead of ~1.2 KB of JSON.
    const copy = new Float64Array(row.times.buffer.slice(row.times.byteOffset, row.times.byteOffset + row.times.byteLength))
    return { times: Array.from(copy), end: row.end_time }
  }

  put(clipId: number, fileKey: string, timing: FrameTiming, createdAt: string): void {
    const blob = Buffer.from(new Float64Array(timing.times).buffer)
    this.putStmt.run(clipId, fileKey, blob, timing.end, createdAt)
  }
}
