// Group commit: synchronous=NORMAL plus one fsync of the WAL, off the event loop, for every commit made before it started.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { EventBus } from '../../src/main/events'
import { ProjectsService } from '../../src/main/projects/projects'
import { openDb, type Db } from '../../src/main/store/db'
import { fsyncFile, WalSync } from '../../src/main/store/walSync'
import { testRootsIn } from '../helpers/roots'
import { scratch } from '../helpers/temp'

const newDir = scratch('skycap-walsync-')

/** The real fsync, held until the test lets each one finish: shows which commits an fsync covers. */
function gatedSync(): { calls: number; release(): void; sync(file: string): Promise<void> } {
  const waiting: (() => void)[] = []
  const gate = {
    calls: 0,
    release: () => waiting.shift()!(),
    sync: async (file: string) => {
      gate.calls++
      await new Promise<void>((done) => waiting.push(done))
      await fsyncFile(file)
    }
  }
  return gate
}

function writeRow(db: Db, text: string): void {
  db.prepare("INSERT INTO project_meta (key, value) VALUES (?, 'x') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(text)
}

/** Lets pending promise callbacks and the fsync in the thread pool run. */
const settle = () => new Promise((done) => setTimeout(done, 20))

describe('WalSync', () => {
  it('opens project files with synchronous=NORMAL and WAL', () => {
    const db = openDb(path.join(newDir(), 'p.sqlite'))
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })

  it('answers a wait only after an fsync that started after the commit, and shares one fsync among the waits behind it', async () => {
    const db = openDb(path.join(newDir(), 'p.sqlite'))
    const gate = gatedSync()
    const wal = new WalSync(db, gate.sync)
    writeRow(db, 'a')
    expect(wal.onDisk).toBe(false)
    let firstDone = false
    const first = wal.synced().then(() => (firstDone = true))
    await settle()
    expect(gate.calls).toBe(1)

    // committed while the first fsync runs: that fsync may not cover it
    writeRow(db, 'b')
    let laterDone = 0
    const later = [wal.synced(), wal.synced(), wal.synced()].map((p) => p.then(() => laterDone++))
    gate.release()
    await first
    await settle()
    expect(firstDone).toBe(true)
    expect(laterDone).toBe(0)
    expect(gate.calls).toBe(2)

    gate.release()
    await Promise.all(later)
    expect(laterDone).toBe(3)
    expect(gate.calls).toBe(2)
    expect(wal.onDisk).toBe(true)

    // nothing new: no fsync at all
    await wal.synced()
    expect(gate.calls).toBe(2)
    db.close()
  })

  it('rejects the wait when the fsync fails, and tries again on the next one', async () => {
    const db = openDb(path.join(newDir(), 'p.sqlite'))
    let failing = true
    const wal = new WalSync(db, async (file) => {
      if (failing) throw new Error('EIO: i/o error, fsync')
      await fsyncFile(file)
    })
    writeRow(db, 'a')
    await expect(wal.synced()).rejects.toThrow('EIO')
    expect(wal.onDisk).toBe(false)
    failing = false
    await wal.synced()
    expect(wal.onDisk).toBe(true)
    db.close()
  })
})

describe('a request that wrote', () => {
  it('is answered only once its commits are on disk; one that only read does not wait', async () => {
    const dataDir = newDir()
    const projects = new ProjectsService(dataDir, new EventBus(), testRootsIn(dataDir))
    const { id } = projects.create('Durable')
    const store = projects.get(id)
    await projects.within(id, async () => writeRow(store.db, 'saved'))
    expect(store.wal.onDisk).toBe(true)

    // a write outside any request (a job) is synced by the next request that writes, not by a read
    writeRow(store.db, 'job')
    await projects.within(id, async () => store.db.prepare('SELECT count(*) FROM project_meta').get())
    expect(store.wal.onDisk).toBe(false)
    await projects.within(id, async () => writeRow(store.db, 'again'))
    expect(store.wal.onDisk).toBe(true)
    projects.close()
  })
})
