import path from 'node:path'
import { z } from 'zod'
import type { Clip, ClipStatus } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import type { Db } from './db'
import { readJson } from './json'
import { fromStored, toStored } from './stage'

/** What probing a file found; every field null when the file could not be read. */
export interface ClipFileInfo {
  size: number | null
  mtimeMs: number | null
  fingerprint: string | null
  duration: number | null
  fps: number | null
  frameCount: number | null
  width: number | null
  height: number | null
  codec: string | null
  importError: string | null
}

interface ClipDbRow {
  id: number
  path: string
  size: number | null
  mtime_ms: number | null
  fingerprint: string | null
  duration: number | null
  fps: number | null
  frame_count: number | null
  width: number | null
  height: number | null
  codec: string | null
  import_error: string | null
  extra_json: string
  status: string
  stage: string | null
  imported_at: string
  latest_revision_number: number
}

const Extra = z.record(z.string(), z.string())

const FILE_COLUMNS = `size = @size, mtime_ms = @mtimeMs, fingerprint = @fingerprint, duration = @duration,
  fps = @fps, frame_count = @frameCount, width = @width, height = @height, codec = @codec,
  import_error = @importError`

/** Single-table access to clips. Multi-table writes are composed in ProjectStore. */
export class ClipsRepo {
  private insertStmt
  private updateFileStmt
  private setExtraStmt
  private byIdStmt
  private byPathStmt
  private mediaStmt
  private prelabelSummaryStmt
  private revisionSummaryStmt
  private countStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare<ClipFileInfo & { path: string; name: string; extra: string; importedAt: string }>(
      `INSERT INTO clips (path, name, size, mtime_ms, fingerprint, duration, fps, frame_count, width, height,
         codec, import_error, extra_json, imported_at)
       VALUES (@path, @name, @size, @mtimeMs, @fingerprint, @duration, @fps, @frameCount, @width, @height,
         @codec, @importError, @extra, @importedAt)`
    )
    this.updateFileStmt = db.prepare<ClipFileInfo & { id: number }>(`UPDATE clips SET ${FILE_COLUMNS} WHERE id = @id`)
    this.setExtraStmt = db.prepare<[string, number]>('UPDATE clips SET extra_json = ? WHERE id = ?')
    this.byIdStmt = db.prepare<[number], ClipDbRow>('SELECT * FROM clips WHERE id = ?')
    this.byPathStmt = db.prepare<[string], ClipDbRow>('SELECT * FROM clips WHERE path = ?')
    this.mediaStmt = db.prepare<[number], { path: string }>('SELECT path FROM clips WHERE id = ? AND import_error IS NULL')
    // A pre-label only sets the shot type while no human revision exists: humans win.
    this.prelabelSummaryStmt = db.prepare<[string, string, number]>(
      `UPDATE clips SET prelabel_source = ?,
         shot_type = CASE WHEN latest_revision_number = 0 THEN ? ELSE shot_type END
       WHERE id = ?`
    )
    this.revisionSummaryStmt = db.prepare<[number, string, string | null, string, number]>(
      'UPDATE clips SET latest_revision_number = ?, status = ?, stage = ?, shot_type = ? WHERE id = ?'
    )
    this.countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM clips')
  }

  insert(filePath: string, info: ClipFileInfo, extra: Record<string, string>, importedAt: string): number {
    const result = this.insertStmt.run({
      ...info,
      path: filePath,
      name: path.basename(filePath),
      extra: JSON.stringify(extra),
      importedAt
    })
    return Number(result.lastInsertRowid)
  }

  updateFile(id: number, info: ClipFileInfo): void {
    this.updateFileStmt.run({ ...info, id })
  }

  /** Merges new CSV columns over the stored ones, as read by the caller (a folder import brings none). */
  mergeExtra(id: number, stored: Record<string, string>, extra: Record<string, string>): void {
    if (Object.keys(extra).length === 0) return
    this.setExtraStmt.run(JSON.stringify({ ...stored, ...extra }), id)
  }

  get(id: number): Clip | null {
    const row = this.byIdStmt.get(id)
    return row ? toClip(row) : null
  }

  /** The clip, or a not_found error. */
  require(id: number): Clip {
    const clip = this.get(id)
    if (!clip) throw new ApiError('not_found', `No clip with id ${id}`)
    return clip
  }

  byPath(filePath: string): Clip | null {
    const row = this.byPathStmt.get(filePath)
    return row ? toClip(row) : null
  }

  latestRevisionNumber(id: number): number | null {
    return this.byIdStmt.get(id)?.latest_revision_number ?? null
  }

  mediaPath(id: number): string | null {
    return this.mediaStmt.get(id)?.path ?? null
  }

  setPrelabelSummary(id: number, sourceLabel: string, shotType: string): void {
    this.prelabelSummaryStmt.run(sourceLabel, shotType, id)
  }

  setRevisionSummary(id: number, number: number, status: ClipStatus, shotType: string): void {
    const stored = toStored(status)
    this.revisionSummaryStmt.run(number, stored.status, stored.stage, shotType, id)
  }

  count(): number {
    return this.countStmt.get()?.n ?? 0
  }
}

function toClip(row: ClipDbRow): Clip {
  return {
    id: row.id,
    path: row.path,
    size: row.size,
    mtimeMs: row.mtime_ms,
    fingerprint: row.fingerprint,
    duration: row.duration,
    fps: row.fps,
    frameCount: row.frame_count,
    width: row.width,
    height: row.height,
    codec: row.codec,
    importError: row.import_error,
    extra: readJson(Extra, row.extra_json, 'clip extra columns'),
    status: fromStored(row.status, row.stage),
    importedAt: row.imported_at
  }
}
