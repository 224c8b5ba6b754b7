import Database from 'better-sqlite3'
import { ApiError } from '../../shared/errors'
import { sqliteBinding } from '../nativeModules'
import { requireLocalDisk } from './localDisk'
import { MIGRATIONS, type Migration } from './migrations'

export type Db = Database.Database

/**
 * Opens (or creates) a project file with the settings every connection needs, then brings
 * its schema up to date.
 *
 * synchronous=NORMAL: a commit is in the OS at once, so a crash or kill -9 of the process keeps
 * it; a request that wrote is answered only once WalSync has fsynced the WAL (off the event loop,
 * one fsync for many saves), so even a power cut right after "saved" keeps it.
 * A file on a network filesystem is refused first: WAL needs a local disk.
 */
export function openDb(file: string, opts: { mustExist?: boolean } = {}): Db {
  requireLocalDisk(file)
  const db = new Database(file, { fileMustExist: opts.mustExist ?? false, nativeBinding: sqliteBinding() })
  try {
    db.pragma('busy_timeout = 5000')
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    migrate(db)
    return db
  } catch (err) {
    db.close()
    if (err instanceof ApiError) throw err
    // SQLITE_NOTADB and friends: say what the file is not, keep the driver's words.
    const reason = err instanceof Error ? err.message : String(err)
    throw new ApiError('invalid_input', `Cannot open ${file} as a project: ${reason}`)
  }
}

/**
 * A read-only connection to a project file as it is: no migration, no write lock, no WAL
 * switch (a read-only connection cannot change the journal mode). For peeking at a project
 * that is not open, and under openSnapshot.
 */
export function openReadOnly(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: sqliteBinding() })
  try {
    db.pragma('busy_timeout = 5000')
    db.pragma('query_only = ON')
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/**
 * A read-only connection of its own inside a read transaction: from its first read on, every
 * read through it sees one state of the file while the app's connection keeps saving (WAL).
 * For long reads (export, report); close it with closeSnapshot.
 */
export function openSnapshot(file: string): Db {
  const db = openReadOnly(file)
  db.exec('BEGIN')
  return db
}

export function closeSnapshot(db: Db): void {
  if (db.inTransaction) db.exec('COMMIT')
  db.close()
}

/** Applies every migration newer than PRAGMA user_version, each in its own transaction. */
export function migrate(db: Db, migrations: Migration[] = MIGRATIONS): void {
  const current = Number(db.pragma('user_version', { simple: true }))
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0
  if (current > latest) {
    throw new ApiError(
      'invalid_input',
      `This project was written by a newer version of the studio (schema ${current}; this one knows up to ${latest}). Update the studio to open it.`
    )
  }
  if (current === 0 && countTables(db) > 0) {
    // Never add our tables to someone else's database.
    throw new ApiError('invalid_input', `${db.name} is a SQLite file but not a SkyCaptioner Studio project`)
  }
  for (const m of migrations) {
    if (m.version <= current) continue
    db.transaction(() => {
      db.exec(m.sql)
      db.pragma(`user_version = ${m.version}`)
    }).immediate()
  }
}

function countTables(db: Db): number {
  const row = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()
  return row?.n ?? 0
}
