import fs from 'node:fs'
import Database from 'better-sqlite3'
import { sqliteBinding } from '../nativeModules'

const COMPANIONS = ['-wal', '-shm', '-journal']

/** The sidecar files SQLite keeps next to a database while it is open or after a crash. */
export function companionsOf(file: string): string[] {
  return COMPANIONS.map((suffix) => file + suffix).filter((f) => fs.existsSync(f))
}

/**
 * Makes a project file whole on its own before it is moved: its WAL is checkpointed into it
 * and, as the last connection closes, SQLite removes the -wal and -shm. When they are still
 * there afterwards another process has the file open: 'in-use', and it must not be moved.
 * 'not-sqlite': the file could not be opened as a database (it is moved as any other file).
 * Opened read-write but never migrated: a file that is not a project stays as it was.
 */
export function settleForMove(file: string): 'alone' | 'in-use' | 'not-sqlite' {
  let db: Database.Database
  try {
    db = new Database(file, { fileMustExist: true, nativeBinding: sqliteBinding() })
  } catch {
    return companionsOf(file).length ? 'in-use' : 'not-sqlite'
  }
  try {
    if (db.pragma('journal_mode', { simple: true }) === 'wal') db.pragma('wal_checkpoint(TRUNCATE)')
  } catch (err) {
    const code = (err as { code?: string }).code ?? ''
    db.close()
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'in-use'
    return companionsOf(file).length ? 'in-use' : 'not-sqlite'
  }
  db.close()
  return companionsOf(file).length ? 'in-use' : 'alone'
}
