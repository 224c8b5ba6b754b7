import { open } from 'node:fs/promises'
import type { Db } from './db'

/** Flushes a file's data to disk. */
export type SyncFile = (file: string) => Promise<void>

/** fsync in libuv's thread pool: the event loop keeps serving while the disk works. */
export async function fsyncFile(file: string): Promise<void> {
  let handle
  try {
    handle = await open(file, 'r+')
  } catch (err) {
    // No WAL: the last connection checkpointed it into the main file, which SQLite synced.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
    throw err
  }
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Group commit for synchronous=NORMAL. A commit reaches the OS at once (so it survives the process
 * being killed) and the disk at the next fsync of the WAL. A request that wrote awaits `synced()`
 * before it is answered: one fsync covers every commit made before it started, so fifty people
 * saving share a few fsyncs instead of queueing one each, and an acknowledged write survives a power cut.
 */
export class WalSync {
  private readonly total
  /** The change count the last finished fsync covers. */
  private done = 0
  private running: Promise<void> | null = null

  constructor(
    private db: Db,
    private sync: SyncFile = fsyncFile
  ) {
    this.total = db.prepare<[], number>('SELECT total_changes()').pluck()
  }

  /** Rows this connection has inserted, updated or deleted so far. */
  changes(): number {
    return this.total.get()!
  }

  /** True when every commit made so far is known to be on disk. */
  get onDisk(): boolean {
    return this.done >= this.changes()
  }

  /** Resolves once every commit made so far is on disk; rejects if the fsync fails. */
  async synced(): Promise<void> {
    const target = this.changes()
    while (this.done < target) {
      // An fsync already running may have started before our commit: wait for it, then start the next.
      this.running ??= this.flush().finally(() => (this.running = null))
      await this.running
    }
  }

  private async flush(): Promise<void> {
    const upTo = this.changes()
    await this.sync(`${this.db.name}-wal`)
    this.done = Math.max(this.done, upTo)
  }
}
