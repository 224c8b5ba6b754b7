import { AsyncLocalStorage } from 'node:async_hooks'
import type { Db } from './db'

interface Batch {
  seq: number
  /** Resolves once the batch is committed (null) or known lost (the error), never rejects. */
  done: Promise<Error | null>
  settle(error: Error | null): void
}

/** Failed batches remembered for requests still running; a request outlives a few batches, not hundreds. */
const FAILED_KEPT = 64

/**
 * Group commit across requests. The writes of every request served in one turn of the event loop go
 * into one transaction, each in a savepoint of its own (a conflict or bad input rolls back only that
 * request's work), committed once at the end of the turn (setImmediate). One commit writes the pages
 * those saves share once, not once per save. A request is answered only after the batches open during
 * it have committed (`track`); if one is lost (a full disk at commit), the request fails with its error.
 * Writes outside a request (a job's results) commit what is open first and then run on their own.
 */
export class GroupCommit {
  private readonly scope = new AsyncLocalStorage<{ active: boolean }>()
  private open: Batch | null = null
  private opened = 0
  private readonly pending = new Map<number, Batch>()
  private failed: { seq: number; error: Error }[] = []

  constructor(private readonly db: Db) {}

  /**
   * Runs a request's work; resolves only once every batch open during it is settled, and rejects with a
   * lost batch's error when the request wrote (`wrote`): its work may have been in that batch.
   */
  async track<T>(run: () => Promise<T>, wrote: () => boolean): Promise<T> {
    const first = this.open ? this.open.seq : this.opened + 1
    const request = { active: true }
    let result: T
    try {
      result = await this.scope.run(request, run)
    } finally {
      request.active = false
    }
    const lost = await this.settled(first)
    if (lost && wrote()) throw lost
    return result
  }

  /** Runs `fn` as one write: a savepoint in the turn's batch inside a request, its own transaction outside one. */
  write<T>(fn: () => T): T {
    if (!this.scope.getStore()?.active) {
      this.commitNow()
      return this.db.transaction(fn).immediate()
    }
    // inside a transaction a caller began itself: a savepoint of that one
    if (!this.open && this.db.inTransaction) return this.db.transaction(fn)()
    const batch = this.join()
    try {
      return this.db.transaction(fn)()
    } catch (err) {
      // SQLite rolls the whole transaction back after some errors (a full disk): every write in it is gone
      if (!this.db.inTransaction) this.end(batch, asError(err))
      throw err
    }
  }

  /** Batches begun so far. */
  get batches(): number {
    return this.opened
  }

  /** Commits the open batch now (before closing the file, or a write that must not share it). */
  commitNow(): void {
    if (this.open) this.commit(this.open)
  }

  private join(): Batch {
    if (this.open && !this.db.inTransaction) this.end(this.open, rolledBack())
    if (this.open) return this.open
    this.db.exec('BEGIN IMMEDIATE')
    let settle!: (error: Error | null) => void
    const done = new Promise<Error | null>((resolve) => (settle = resolve))
    const batch: Batch = { seq: ++this.opened, done, settle }
    this.open = batch
    this.pending.set(batch.seq, batch)
    setImmediate(() => this.commit(batch))
    return batch
  }

  private commit(batch: Batch): void {
    if (this.open !== batch) return
    if (!this.db.inTransaction) return this.end(batch, rolledBack())
    try {
      this.db.exec('COMMIT')
      this.end(batch, null)
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
      this.end(batch, asError(err))
    }
  }

  private end(batch: Batch, error: Error | null): void {
    if (this.open === batch) this.open = null
    if (!this.pending.delete(batch.seq)) return
    if (error) this.failed = [...this.failed.slice(1 - FAILED_KEPT), { seq: batch.seq, error }]
    batch.settle(error)
  }

  /** The first error among batches numbered `first` on, once all of them are settled; null when all committed. */
  private async settled(first: number): Promise<Error | null> {
    for (const batch of [...this.pending.values()]) if (batch.seq >= first) await batch.done
    return this.failed.find((f) => f.seq >= first)?.error ?? null
  }
}

/** A batch SQLite rolled back on its own, its cause reported to the write that caused it. */
function rolledBack(): Error {
  return new Error('The save was rolled back by the database; try again')
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err))
}
