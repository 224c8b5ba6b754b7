// A JSON value in project_meta (store/metaEntry.ts): the same stored text as before, read once until it changes.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openDb } from '../../src/main/store/db'
import { ProjectStore } from '../../src/main/store/project'
import { newStore } from '../helpers/library'

const stored = (store: ProjectStore, key: string) =>
  (store.db.prepare('SELECT value FROM project_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value

afterEach(() => vi.restoreAllMocks())

describe('MetaEntry', () => {
  it('reads the keys and JSON the four entries always stored, and writes the same', () => {
    const store = newStore()
    const put = store.db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?)')
    put.run('queue_settings', '{"leaseSeconds":60}')
    put.run('gold_clips', '[3,7]')
    put.run('speed_probe', '{"jobId":4,"rounds":[]}')
    put.run('review_settings', JSON.stringify(store.reviewSettings.get()))
    expect(store.queueSettings.get().leaseSeconds).toBe(60)
    expect(store.shootout.goldClips()).toEqual([3, 7])
    expect(store.shootout.isGold(7)).toBe(true)
    expect(store.speed.probe()).toEqual({ jobId: 4, rounds: [] })

    store.queueSettings.put({ ...store.queueSettings.get(), leaseSeconds: 90 })
    expect(JSON.parse(stored(store, 'queue_settings')!)).toMatchObject({ leaseSeconds: 90 })
    expect(store.shootout.markGold([5], true)).toEqual([3, 5, 7])
    expect(stored(store, 'gold_clips')).toBe('[3,5,7]')
  })

  it('gives the defaults before anything is stored', () => {
    const store = newStore()
    expect(store.queueSettings.get().leaseSeconds).toBe(15 * 60)
    expect(store.shootout.goldClips()).toEqual([])
    expect(store.speed.probe()).toBeNull()
  })

  it('parses the gold list once, not on every isGold, and again only after a put', () => {
    const store = newStore()
    store.shootout.markGold([1, 2, 3], true)
    const parse = vi.spyOn(JSON, 'parse')
    for (let id = 0; id < 50; id++) store.shootout.isGold(id)
    expect(parse).toHaveBeenCalledTimes(1)
    store.shootout.markGold([4], true)
    expect(store.shootout.isGold(4)).toBe(true)
    expect(store.shootout.isGold(5)).toBe(false)
    expect(parse).toHaveBeenCalledTimes(2)
  })

  it("sees another connection's write to the same file", () => {
    const store = newStore()
    expect(store.shootout.isGold(9)).toBe(false)
    const other = openDb(store.file, { mustExist: true })
    other.prepare("INSERT INTO project_meta (key, value) VALUES ('gold_clips', '[9]') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run()
    other.close()
    expect(store.shootout.isGold(9)).toBe(true)
  })

  it('keeps nothing a rolled-back transaction put', () => {
    const store = newStore()
    store.shootout.markGold([1], true)
    expect(() =>
      store.db.transaction(() => {
        store.shootout.markGold([2], true)
        expect(store.shootout.isGold(2)).toBe(true)
        throw new Error('rolled back')
      })()
    ).toThrow('rolled back')
    expect(store.shootout.isGold(2)).toBe(false)
    expect(store.shootout.goldClips()).toEqual([1])
  })

  it('refuses a damaged value with what it is, never its text', () => {
    const store = newStore()
    store.db.prepare('INSERT INTO project_meta (key, value) VALUES (\'queue_settings\', \'{"leaseSeconds": "secret-text"}\')').run()
    store.db.prepare("INSERT INTO project_meta (key, value) VALUES ('gold_clips', 'not json secret-text')").run()
    const message = (read: () => unknown) => {
      try {
        read()
      } catch (err) {
        return (err as Error).message
      }
      return 'no error'
    }
    expect(message(() => store.queueSettings.get())).toMatch(/^The project file holds an invalid queue settings: leaseSeconds /)
    expect(message(() => store.shootout.isGold(1))).toBe('The project file holds unreadable JSON in gold set')
    expect(message(() => store.queueSettings.get())).not.toContain('secret-text')
  })
})
