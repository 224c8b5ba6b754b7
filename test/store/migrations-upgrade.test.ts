import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ClipQuery, DISAGREE_FIELDS } from '../../src/shared/contract'
import type { Db } from '../../src/main/store/db'
import { LATEST_VERSION, MIGRATIONS } from '../../src/main/store/migrations'
import { ProjectStore } from '../../src/main/store/project'
import { REPO_ROOT } from '../helpers/fixtures'
import { tempDir } from '../helpers/temp'

// Project files made by scripts/make-migration-fixtures.ts, one per schema version, migrated only that far.
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/migrations')
const VERSIONS = MIGRATIONS.map((m) => m.version)

type Row = Record<string, unknown>
interface Subject {
  TYPES?: { type?: string; sub_type?: string }
  [field: string]: unknown
}
interface Caption {
  subjects?: Subject[]
  [field: string]: unknown
}

/**
 * The project's own tables and their columns: not SQLite's, not the search index (checked by its words), nor
 * search_pending, the clips whose index row opening the file brings up to date (emptied, and checked by those words).
 */
function tablesOf(db: Db): Map<string, string[]> {
  const tables = db.pragma('table_list') as { schema: string; name: string; type: string }[]
  const own = tables.filter((t) => t.schema === 'main' && t.type === 'table' && !t.name.startsWith('sqlite_') && t.name !== 'search_pending')
  return new Map(own.map((t) => [t.name, (db.pragma(`table_info("${t.name}")`) as { name: string }[]).map((c) => c.name)]))
}

function rowsOf(db: Db, table: string, columns: string[]): Row[] {
  const rows = db.prepare<[], Row>(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`).all()
  return rows
    .map((row) => [JSON.stringify(row), row] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row)
}

const schemaOf = (db: Db) => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all()

/** Words as FTS5's unicode61 tokenizer with remove_diacritics sees them. */
const words = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
const subjectText = (s: Subject) => [s.TYPES?.type, s.TYPES?.sub_type, s.appearance, s.action, s.expression, s.position]
const searchable = (c: Caption) => [c.camera_motion, c.environment, c.lighting, ...(c.subjects ?? []).flatMap(subjectText)].join(' ')

const everyCaption = (db: Db) =>
  db
    .prepare<[], { caption_json: string }>('SELECT caption_json FROM prelabels UNION ALL SELECT caption_json FROM revisions')
    .all()
    .map((r) => JSON.parse(r.caption_json) as Caption)

/** The latest revision and pre-label of each clip, read from the rows themselves. */
function historiesOf(db: Db) {
  const clipIds = db
    .prepare<[], { id: number }>('SELECT id FROM clips ORDER BY id')
    .all()
    .map((r) => r.id)
  const revision = db.prepare<[number], { caption_json: string; annotator: string }>(
    'SELECT caption_json, annotator FROM revisions WHERE clip_id = ? ORDER BY number DESC LIMIT 1'
  )
  const prelabel = db.prepare<[number], { caption_json: string }>('SELECT caption_json FROM prelabels WHERE clip_id = ? ORDER BY id DESC LIMIT 1')
  const parse = (row?: { caption_json: string }) => row && (JSON.parse(row.caption_json) as Caption)
  return clipIds.map((id) => {
    const rev = revision.get(id)
    return { id, rev: parse(rev), annotator: rev?.annotator ?? null, pre: parse(prelabel.get(id)) }
  })
}

/** Migration 4's columns and search index: the latest caption's angle, position, annotator, differences and words. */
function expectLibraryColumns(store: ProjectStore): void {
  const histories = historiesOf(store.db)
  const columns = store.db.prepare<[], Row>('SELECT id, shot_angle, shot_position, annotator FROM clips ORDER BY id').all()
  const latest = histories.map(({ id, rev, pre, annotator }) => ({ id, caption: rev ?? pre, annotator }))
  expect(columns).toEqual(
    latest.map(({ id, caption, annotator }) => ({ id, shot_angle: caption?.shot_angle ?? null, shot_position: caption?.shot_position ?? null, annotator }))
  )

  const differs = (a: Caption, b: Caption) => DISAGREE_FIELDS.filter((f) => (f === 'subject_count' ? a.subjects?.length !== b.subjects?.length : a[f] !== b[f]))
  const expected = new Map(histories.map(({ id, rev, pre }) => [id, rev && pre ? differs(rev, pre) : []]))
  expect(
    [...expected.values()].some((fields) => fields.length > 0),
    'the fixture has a revision that differs from its pre-label'
  ).toBe(true)
  const listed = store.library.list(ClipQuery.parse({ sort: 'id', limit: 1000 })).rows
  expect(new Map(listed.map((r) => [r.id, r.disagree]))).toEqual(expected)

  const vocabulary = new Set(everyCaption(store.db).flatMap((c) => words(searchable(c))))
  const match = store.db.prepare<[string], { rowid: number }>('SELECT rowid FROM caption_fts WHERE caption_fts MATCH ? ORDER BY rowid')
  const found = [...vocabulary].map((w) => [w, match.all(`"${w}"`).map((r) => r.rowid)])
  const wanted = [...vocabulary].map((w) => [w, latest.filter(({ caption }) => caption && words(searchable(caption)).includes(w)).map((l) => l.id)])
  expect(found).toEqual(wanted)
  expect(
    wanted.some(([, ids]) => ids.length === 0),
    'the fixture has words only in older captions'
  ).toBe(true)
}

/** Migration 9, on a file from before it: everyone who saved a revision or typed a fusion caption is a person, nobody else. */
function expectPeopleFromNames(db: Db, before: Map<string, { rows: Row[] }>): void {
  const names = new Set<string>()
  for (const r of before.get('revisions')?.rows ?? []) names.add(String(r.annotator))
  for (const r of before.get('fusion_captions')?.rows ?? []) if (r.origin === 'human') names.add(String(r.annotator))
  expect(names.size, 'the fixture has annotators').toBeGreaterThan(2)
  const people = db.prepare<[], { name: string; role: string; token_hash: Buffer | null }>('SELECT name, role, token_hash FROM people').all()
  expect(people.map((p) => p.name).sort()).toEqual([...names].sort())
  expect(
    people.every((p) => p.role === 'annotator' && p.token_hash === null),
    'made people are annotators without a token'
  ).toBe(true)
}

/** Migration 5's suggestions: every TYPES pair of every pre-label and revision, counted. */
function expectSubjectTypes(db: Db): void {
  const counts = new Map<string, number>()
  for (const caption of everyCaption(db)) {
    for (const s of caption.subjects ?? []) {
      const type = (s.TYPES?.type ?? '').trim()
      const key = JSON.stringify([type, (s.TYPES?.sub_type ?? '').trim()])
      if (type) counts.set(key, (counts.get(key) ?? 0) + 1)
    }
  }
  const stored = db.prepare<[], { type: string; sub_type: string; uses: number }>('SELECT type, sub_type, uses FROM subject_types').all()
  expect(new Map(stored.map((r) => [JSON.stringify([r.type, r.sub_type]), r.uses]))).toEqual(counts)
}

describe('upgrading project files of every earlier schema', () => {
  it('has a fixture for every schema version', () => {
    const missing = VERSIONS.filter((v) => !fs.existsSync(path.join(FIXTURES, `v${v}.sqlite`)))
    expect(missing, 'make them with: npx tsx scripts/make-migration-fixtures.ts').toEqual([])
  })

  it.each(VERSIONS)('v%i.sqlite opens at the latest schema with every row intact and the backfilled data right', (version) => {
    const file = path.join(tempDir(), `v${version}.sqlite`)
    fs.copyFileSync(path.join(FIXTURES, `v${version}.sqlite`), file)
    const raw = new Database(file, { readonly: true, fileMustExist: true })
    expect(raw.pragma('user_version', { simple: true })).toBe(version)
    const before = new Map([...tablesOf(raw)].map(([table, columns]) => [table, { columns, rows: rowsOf(raw, table, columns) }]))
    raw.close()

    const store = ProjectStore.open(file)
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
      for (const [table, { columns, rows }] of before) {
        expect(rows.length, `${table} in v${version}.sqlite has rows to check`).toBeGreaterThan(0)
        expect(rowsOf(store.db, table, columns), `${table} after upgrading from schema ${version}`).toEqual(rows)
      }
      expectLibraryColumns(store)
      expectSubjectTypes(store.db)
      // from schema 9 on, people are rows of their own, checked with the others above
      if (version < 9) expectPeopleFromNames(store.db, before)
      // Today's code reads every clip of the upgraded file.
      const clipIds = store.db.prepare<[], { id: number }>('SELECT id FROM clips').all()
      for (const { id } of clipIds) expect(store.detail(id).clip.id).toBe(id)
    } finally {
      store.close()
    }
  })

  it.each(VERSIONS)('v%i.sqlite ends with the same schema as a new project', (version) => {
    const file = path.join(tempDir(), `v${version}.sqlite`)
    fs.copyFileSync(path.join(FIXTURES, `v${version}.sqlite`), file)
    const upgraded = ProjectStore.open(file)
    const fresh = ProjectStore.create(path.join(tempDir(), 'fresh.sqlite'), 'Fresh')
    expect(schemaOf(upgraded.db)).toEqual(schemaOf(fresh.db))
    upgraded.close()
    fresh.close()
  })
})
