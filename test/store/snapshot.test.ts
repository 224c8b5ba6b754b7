// The store's read-only connections: peeking at a project that is not open, and the snapshots
// export and the agreement report read from while the app's connection keeps saving.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { emptyCaption } from '../../src/shared/caption'
import { closeSnapshot, openReadOnly, openSnapshot } from '../../src/main/store/db'
import { ProjectStore, projectIdOf } from '../../src/main/store/project'
import { REPO_ROOT } from '../helpers/fixtures'
import { clipInfo } from '../helpers/clipInfo'
import { tempDir } from '../helpers/temp'

const info = clipInfo({ fingerprint: null })

/** A project of `n` clips, each approved by one saved revision. */
function approvedProject(n: number): ProjectStore {
  const store = ProjectStore.create(path.join(tempDir(), 'p.sqlite'), 'Snapshots')
  const ids = store.recordClips(Array.from({ length: n }, (_, i) => ({ path: `/videos/${i}.mp4`, info, extra: {}, prelabels: [] })))
  for (const { clipId } of ids) approve(store, clipId)
  return store
}

function approve(store: ProjectStore, clipId: number): void {
  store.saveRevision({ clipId, caption: emptyCaption(), status: 'approved', annotator: 'ann', baseNumber: 0 })
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex')

describe('peeking at a project that is not open', () => {
  it('reads name and clip count of an older schema without migrating or changing the file', () => {
    const dir = tempDir()
    const file = path.join(dir, 'old.sqlite')
    fs.copyFileSync(path.join(REPO_ROOT, 'test/fixtures/migrations/v1.sqlite'), file)
    const before = sha(file)
    // the same id the file has once open: a page names the project the list showed
    expect(ProjectStore.peek(file)).toEqual({ id: projectIdOf(file), name: 'Schema 1 project', path: file, clipCount: 6 })
    expect(sha(file)).toBe(before)
    expect(fs.readdirSync(dir)).toEqual(['old.sqlite']) // no journal, WAL or shm file left beside it
    const raw = new Database(file, { readonly: true })
    expect(raw.pragma('user_version', { simple: true })).toBe(1)
    raw.close()
  })

  it('is not held up by a write in progress, and sees only what was committed', () => {
    const store = approvedProject(2)
    store.db.exec('BEGIN IMMEDIATE')
    store.recordClips([{ path: '/videos/uncommitted.mp4', info, extra: {}, prelabels: [] }])
    expect(ProjectStore.peek(store.file)).toEqual({ id: store.id, name: 'Snapshots', path: store.file, clipCount: 2 })
    store.db.exec('COMMIT')
    expect(ProjectStore.peek(store.file).clipCount).toBe(3)
    store.close()
  })

  it('says why a file that is not SQLite cannot be read', () => {
    const file = path.join(tempDir(), 'notes.sqlite')
    fs.writeFileSync(file, 'not a database, just text '.repeat(40))
    expect(() => ProjectStore.peek(file)).toThrow(/not a database/)
  })
})

describe('snapshots for long reads', () => {
  it('keep seeing the state they started from while the app saves, and later ones see the saves', () => {
    const store = approvedProject(2)
    const [extra] = store.recordClips([{ path: '/videos/late.mp4', info, extra: {}, prelabels: [] }])
    const snapshot = store.snapshot()
    try {
      expect(snapshot.exportRows.count({ include: 'approved' })).toBe(2)
      approve(store, extra.clipId) // the app's connection is not blocked by the open snapshot
      expect(store.exportRows.count({ include: 'approved' })).toBe(3)
      expect(snapshot.exportRows.count({ include: 'approved' })).toBe(2)
      expect([...snapshot.exportRows.iterate({ include: 'approved' })].map((r) => r.path)).toEqual(['/videos/0.mp4', '/videos/1.mp4'])
      expect(snapshot.agreementRows.approvedCount()).toBe(2)
    } finally {
      snapshot.close()
    }
    const later = store.snapshot()
    expect(later.agreementRows.approvedCount()).toBe(3)
    later.close()
    store.close()
  })

  it('cannot write, and closing ends the read transaction and the connection', () => {
    const store = approvedProject(1)
    const db = openSnapshot(store.file)
    expect(db.inTransaction).toBe(true)
    expect(() => db.prepare("UPDATE clips SET status = 'rejected'").run()).toThrow(/readonly|read-only/i)
    closeSnapshot(db)
    expect(db.open).toBe(false)
    const plain = openReadOnly(store.file)
    expect(() => plain.exec('CREATE TABLE extra (x)')).toThrow(/readonly|read-only/i)
    plain.close()
    store.close()
  })
})
