import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LATEST_VERSION, MIGRATIONS } from '../../src/main/store/migrations'
import { REPO_ROOT } from '../helpers/fixtures'

/**
 * sha256 of each released migration's SQL: the record of what users' project files have run.
 * A new migration gets its line here when it is released; an existing line never changes.
 */
const RELEASED: Record<number, string> = {
  1: '91331163abbf8d7b321795dacae5084fa95c609b31ec3e29fc4035d2fb349812',
  2: '2f50e9a5cfcb5daa7bbbd89a51fe10c830997c06388bb2eb2071571741d60c01',
  3: 'bcd4b0eec820d5709fcc5f0abe490b8bca50e9569d795295b2fc263223b94547',
  4: 'e1e67396244ebbb5e646d1fdb72491e3ba701a35c134db7183142c1caae57482',
  5: '9fc6520fa2be1d634f76f0cbd6b519e1319bdfa58d20b2633870291d1263c532',
  6: '679ffef33332b602e210bfe2cc478018385ea9b5d2846c0b34b2704ab45757bf',
  7: 'b7ff479c6c4e12a41ee83dde3012aed6d72e5f9776d37aa6147b75985d5ddf67',
  8: '6c0b80b146757d6e0b564496a1521a9b36ce7c650cc4e78c4c5927e0d6062562',
  9: '467feb8888a9902496160a04b803ba7944e82f2f68a89721c7d858d5b8fd786e',
  10: 'cb80a16113543df996843d8aed583038838efe116a9d3b42d1d3f086e8ce7009',
  11: '7da853379173e55c13a7421e3f3db85f360c7b7d96322da5f57f13b308a5ff00',
  12: '11f90d9e04d4edba3c05c6d672cc944caf6a22f9f43837f549ab2e0be30594fb'
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

describe('released migrations', () => {
  it('keep the exact SQL they were released with', () => {
    for (const [version, hash] of Object.entries(RELEASED)) {
      const migration = MIGRATIONS.find((m) => m.version === Number(version))
      expect(migration, `released migration ${version} is gone: add a new migration instead`).toBeDefined()
      expect(sha256(migration!.sql), `released migration ${version} changed: add a new migration instead`).toBe(hash)
    }
  })

  it('are numbered 1, 2, 3... and each has its hash recorded above', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: LATEST_VERSION }, (_, i) => i + 1))
    const unrecorded = MIGRATIONS.filter((m) => !(m.version in RELEASED)).map((m) => `${m.version}: '${sha256(m.sql)}'`)
    expect(unrecorded, 'record the sha256 of each new migration in RELEASED').toEqual([])
  })

  it('are plain text, built from no constant that could change under them', () => {
    const dir = path.join(REPO_ROOT, 'src/main/store/migrations')
    const files = fs.readdirSync(dir)
    expect(files).toHaveLength(MIGRATIONS.length)
    for (const file of files) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8')
      expect(source, `${file} imports nothing`).not.toMatch(/^\s*import\b/m)
      expect(source, `${file} interpolates nothing`).not.toContain('${')
    }
  })
})
