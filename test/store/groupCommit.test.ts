// Group commit: the writes of requests served in one turn share a transaction, each in a savepoint.
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { Db } from '../../src/main/store/db'
import { GroupCommit } from '../../src/main/store/groupCommit'
import { tempDir } from '../helpers/temp'

function files(): { db: Db; other: Db; close(): void } {
  const file = path.join(tempDir(), 'group.sqlite')
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)')
  // a note 'lose everything' rolls back the whole transaction, as SQLite does after a full disk
  db.exec(`CREATE TRIGGER notes_lost BEFORE INSERT ON notes WHEN NEW.text = 'lose everything' BEGIN SELECT RAISE(ROLLBACK, 'disk is full'); END`)
  const other = new Database(file, { readonly: true })
  return {
    db,
    other,
    close: () => {
      other.close()
      db.close()
    }
  }
}

/** Runs a test on a fresh file with its group commit, and closes both connections after. */
async function withGroup(test: (f: { db: Db; other: Db; group: GroupCommit }) => Promise<void>): Promise<void> {
  const { db, other, close } = files()
  try {
    await test({ db, other, group: new GroupCommit(db) })
  } finally {
    close()
  }
}

/** A request that adds one note. */
const writer = (db: Db, group: GroupCommit) => (text: string) =>
  group.track(
    async () => void group.write(add(db, text)),
    () => true
  )

const texts = (db: Db) => db.prepare('SELECT text FROM notes ORDER BY id').pluck().all()
const add = (db: Db, text: string) => () => db.prepare('INSERT INTO notes (text) VALUES (?)').run(text)
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: Error) => err.message
  )

describe('group commit', () => {
  it('commits the writes of requests served in one turn together, and answers each only after that commit', () =>
    withGroup(async ({ db, other, group }) => {
      const seenBeforeAnswer: unknown[][] = []
      const request = (text: string) =>
        group.track(
          async () => {
            group.write(add(db, text))
            // another connection sees nothing until the turn's commit
            seenBeforeAnswer.push(texts(other))
          },
          () => true
        )
      const answers = Promise.all([request('a'), request('b'), request('c')])
      expect(db.inTransaction, 'the batch stays open until the end of the turn').toBe(true)
      await answers
      expect(seenBeforeAnswer).toEqual([[], [], []])
      expect(texts(other)).toEqual(['a', 'b', 'c'])
      expect(group.batches, 'one commit for the three').toBe(1)
      expect(db.inTransaction).toBe(false)
    }))

  it('rolls back only the failing request: the others in its batch commit', () =>
    withGroup(async ({ db, other, group }) => {
      const write = writer(db, group)
      const results = await Promise.all([outcome(write('a')), outcome(write('a')), outcome(write('b'))])
      expect(results[0]).toBe('ok')
      expect(results[1]).toMatch(/UNIQUE constraint failed/)
      expect(results[2]).toBe('ok')
      expect(texts(other)).toEqual(['a', 'b'])
    }))

  it('fails every request that wrote in a batch the database lost, and not a request that only read', () =>
    withGroup(async ({ db, other, group }) => {
      const write = writer(db, group)
      const read = group.track(
        async () => texts(db),
        () => false
      )
      const results = await Promise.all([outcome(write('a')), outcome(write('lose everything')), outcome(read)])
      expect(results[0], 'its write was in the lost transaction: it fails with the cause').toMatch(/disk is full/)
      expect(results[1]).toMatch(/disk is full/)
      expect(results[2]).toBe('ok')
      expect(texts(other)).toEqual([])
      // the next turn's writes get a batch of their own and commit
      await write('after')
      expect(texts(other)).toEqual(['after'])
    }))

  it('runs a write outside any request on its own, committing the open batch first', () =>
    withGroup(async ({ db, other, group }) => {
      let inside!: Promise<unknown>
      const request = group.track(
        async () => {
          group.write(add(db, 'request'))
          inside = Promise.resolve()
        },
        () => true
      )
      await inside
      expect(db.inTransaction).toBe(true)
      group.write(add(db, 'job'))
      expect(db.inTransaction, 'both are committed').toBe(false)
      expect(texts(other)).toEqual(['request', 'job'])
      await request
    }))

  it('does not batch what a request started and left running after its answer', () =>
    withGroup(async ({ db, other, group }) => {
      let finished!: (inTransaction: boolean) => void
      const done = new Promise<boolean>((resolve) => (finished = resolve))
      await group.track(
        async () => {
          // work carried on after the answer (a job's results) keeps the request's async context
          setTimeout(() => {
            group.write(add(db, 'later'))
            finished(db.inTransaction)
          }, 20)
        },
        () => false
      )
      expect(await done, 'committed at once, not left for a turn nobody waits on').toBe(false)
      expect(texts(other)).toEqual(['later'])
    }))
  it('runs inside a transaction its caller began itself as a savepoint of that transaction', () =>
    withGroup(async ({ db, other, group }) => {
      await group.track(
        async () =>
          db.transaction(() => {
            group.write(add(db, 'inner'))
            add(db, 'outer')()
          })(),
        () => true
      )
      expect(texts(other)).toEqual(['inner', 'outer'])
      expect(group.batches, 'no batch of its own').toBe(0)
    }))
})
