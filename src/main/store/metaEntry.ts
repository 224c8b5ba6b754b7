import type { z } from 'zod'
import type { Db } from './db'
import { readJson } from './json'

/**
 * One JSON value in project_meta under `key`, checked by `schema` when read; `fallback` until it is first put.
 * The parsed value is kept (treat it as read-only) until this connection puts the key or another connection
 * commits to the file (PRAGMA data_version), so a hot path reads it without parsing it again.
 */
export class MetaEntry<T> {
  private getStmt
  private putStmt
  private versionStmt
  private cached: { version: number; value: T } | null = null
  /** Put inside a transaction still open: it may yet roll back, so nothing is kept until it ends. */
  private uncommitted = false

  constructor(
    private db: Db,
    private key: string,
    private schema: z.ZodType<T>,
    private what: string,
    private fallback: () => T
  ) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM project_meta WHERE key = ?')
    this.putStmt = db.prepare<[string, string]>('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    this.versionStmt = db.prepare<[], number>('PRAGMA data_version').pluck()
  }

  get(): T {
    if (!this.db.inTransaction) this.uncommitted = false
    const version = this.versionStmt.get()!
    if (this.cached?.version === version) return this.cached.value
    const row = this.getStmt.get(this.key)
    const value = row ? readJson(this.schema, row.value, this.what) : this.fallback()
    this.cached = this.uncommitted ? null : { version, value }
    return value
  }

  put(value: T): void {
    this.cached = null
    this.uncommitted = this.db.inTransaction
    this.putStmt.run(this.key, JSON.stringify(value))
  }
}
