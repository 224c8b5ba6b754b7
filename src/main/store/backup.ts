import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { sqliteBinding } from '../nativeModules'
import { ApiError } from '../../shared/errors'
import { closeSnapshot, openReadOnly, openSnapshot, type Db } from './db'

export interface BackupResult {
  /** The verified copy. */
  file: string
  bytes: number
  /** Rows per table in the copy, equal to the project's at the moment the copy was taken. */
  rows: Record<string, number>
}

/** Sortable and safe in a file name on every OS: team-clips-2026-12-01T16-30-05Z.sqlite. */
export function backupName(projectSlug: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')
  return `${projectSlug}-${stamp}.sqlite`
}

/** Tables and their row counts, read through `db` (inside its transaction, when it has one). */
function rowCounts(db: Db): Record<string, number> {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all()
  const counts: Record<string, number> = {}
  for (const { name } of tables) {
    counts[name] = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get()?.n ?? 0
  }
  return counts
}

function removeCopy(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
}

/** The disk or folder problem behind a failed write, in words; the driver's text for anything else. */
function writeProblem(err: unknown, folder: string): ApiError {
  const code = String((err as { code?: string }).code ?? '')
  const where = path.basename(folder) || folder
  if (['ENOSPC', 'EFBIG', 'EDQUOT', 'SQLITE_FULL'].includes(code)) {
    return new ApiError('io_error', `The back-up did not fit: the disk holding ${where} is full (or the file is over a size limit); nothing was left there`)
  }
  // SQLite's backup reports ENOSPC and EFBIG mid-file as an I/O error, without the errno
  if (code.startsWith('SQLITE_IOERR')) {
    return new ApiError(
      'io_error',
      `Writing the back-up into ${where} failed: the disk holding it is full, the file is over a size limit, or the disk reported an error; nothing was left there`
    )
  }
  if (['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'].includes(code)) {
    return new ApiError('io_error', `Cannot write a back-up into ${where}: the folder is missing or not writable; nothing was left there`)
  }
  const reason = err instanceof Error ? err.message : String(err)
  return new ApiError('io_error', `The back-up into ${where} failed (${reason}); nothing was left there`)
}

/**
 * A free name in `folder` (NAME.sqlite, then NAME-2.sqlite...), its NAME.partial created empty and
 * exclusively: two back-ups at once never share a file, and a link left there is never written through.
 */
function reserve(folder: string, name: string): { dest: string; partial: string } {
  try {
    fs.mkdirSync(folder, { recursive: true })
  } catch (err) {
    throw writeProblem(err, folder)
  }
  for (let n = 1; ; n++) {
    const dest = path.join(folder, n === 1 ? name : name.replace(/\.sqlite$/, `-${n}.sqlite`))
    if (fs.existsSync(dest)) continue
    try {
      fs.closeSync(fs.openSync(`${dest}.partial`, 'wx'))
      return { dest, partial: `${dest}.partial` }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw writeProblem(err, folder)
    }
  }
}

/** Opens the copy alone, checks it whole, and compares its row counts with the project's at the snapshot. */
function verify(copy: string, expected: Record<string, number>): void {
  const db = openReadOnly(copy)
  try {
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') throw new ApiError('io_error', 'The back-up copy failed its integrity check; it was removed')
    const rows = rowCounts(db)
    const differs = Object.keys({ ...expected, ...rows }).find((t) => rows[t] !== expected[t])
    if (differs)
      throw new ApiError('io_error', `The back-up copy holds ${rows[differs] ?? 0} rows of ${differs}, the project ${expected[differs] ?? 0}; it was removed`)
  } finally {
    db.close()
  }
}

/**
 * An online copy of a project file into `folder` as `name`, safe while other connections keep saving:
 * it is read on a connection of its own inside one read transaction (WAL), so it is one consistent
 * state of the file, and SQLite's backup does not restart for writes it cannot see. Written to
 * NAME.partial, verified, then renamed; on any failure nothing is left at either name.
 */
export async function backupFile(source: string, folder: string, name: string): Promise<BackupResult> {
  const snapshot = openSnapshot(source)
  let partial: string | null = null
  try {
    // the first read fixes the snapshot; the backup and the counts both see that one state
    const rows = rowCounts(snapshot)
    const target = reserve(folder, name)
    partial = target.partial
    try {
      await snapshot.backup(partial)
      // one self-contained file: a copy that says WAL needs a writable -shm beside it even to be read
      const copy = new Database(partial, { fileMustExist: true, nativeBinding: sqliteBinding() })
      try {
        copy.pragma('journal_mode = DELETE')
      } finally {
        copy.close()
      }
    } catch (err) {
      throw writeProblem(err, folder)
    }
    verify(partial, rows)
    fs.renameSync(partial, target.dest)
    partial = null
    return { file: target.dest, bytes: fs.statSync(target.dest).size, rows }
  } catch (err) {
    if (partial) removeCopy(partial)
    throw err
  } finally {
    closeSnapshot(snapshot)
  }
}
