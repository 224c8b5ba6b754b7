import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { StructuralCaption } from '../../src/shared/caption'
import { ClipQuery, type ClipStatus, type PrelabelSource } from '../../src/shared/contract'
import { migrate } from '../../src/main/store/db'
import { LIBRARY_FILTERS_SQL } from '../../src/main/store/libraryMigration'
import { LATEST_VERSION, MIGRATIONS } from '../../src/main/store/migrations'
import { ProjectStore } from '../../src/main/store/project'

import { addClip, caption, CSV, MODEL, newStore, revise, subject } from '../helpers/library'
import { tempDir } from '../helpers/temp'

const LIBRARY_VERSION = MIGRATIONS.find((m) => m.sql === LIBRARY_FILTERS_SQL)!.version

interface ClipHistory {
  name: string
  prelabels: [PrelabelSource, StructuralCaption][]
  revisions: [StructuralCaption, ClipStatus, string][]
}

const river = caption({
  shot_type: 'long_shot',
  shot_angle: 'high_angle',
  shot_position: 'aerial_view',
  environment: 'winding river through a pine forest',
  subjects: [subject({ TYPES: { type: 'Object', sub_type: 'Boat' }, action: 'drifts downstream' })]
})
const HISTORIES: ClipHistory[] = [
  { name: 'prelabel-only.mp4', prelabels: [[MODEL, river]], revisions: [] },
  {
    name: 'revised.mp4',
    prelabels: [[CSV, river]],
    revisions: [
      [{ ...river, shot_angle: 'eye_level' }, 'in_progress', 'alice'],
      [{ ...river, shot_angle: 'eye_level', lighting: 'misty dawn', subjects: [] }, 'approved', 'bob']
    ]
  },
  { name: 'human-only.mp4', prelabels: [], revisions: [[caption({ environment: 'desert road' }), 'rejected', 'carol']] },
  {
    name: 'two-prelabels.mp4',
    prelabels: [
      [CSV, caption({ lighting: 'harsh noon' })],
      [MODEL, river]
    ],
    revisions: []
  },
  { name: 'nothing.mp4', prelabels: [], revisions: [] }
]

/** Writes the histories as the studio did before the Library migration: rows and the old summary columns only. */
function writeOldProject(file: string): void {
  const db = new Database(file)
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < LIBRARY_VERSION)
  )
  const now = '2025-01-01T00:00:00.000Z'
  for (const h of HISTORIES) {
    const clipId = Number(
      db.prepare('INSERT INTO clips (path, name, duration, width, height, imported_at) VALUES (?, ?, 4, 1280, 720, ?)').run(`/old/${h.name}`, h.name, now)
        .lastInsertRowid
    )
    for (const [source, c] of h.prelabels) {
      db.prepare(
        `INSERT INTO prelabels (clip_id, raw_text, caption_json, problems_json, source_kind, source_json, created_at)
         VALUES (?, ?, ?, '[]', ?, ?, ?)`
      ).run(clipId, JSON.stringify(c), JSON.stringify(c), source.kind, JSON.stringify(source), now)
      db.prepare('UPDATE clips SET prelabel_source = ?, shot_type = CASE WHEN latest_revision_number = 0 THEN ? ELSE shot_type END WHERE id = ?').run(
        source.label,
        c.shot_type,
        clipId
      )
    }
    h.revisions.forEach(([c, status, annotator], i) => {
      db.prepare('INSERT INTO revisions (clip_id, number, caption_json, status, annotator, prelabel_id, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?)').run(
        clipId,
        i + 1,
        JSON.stringify(c),
        status,
        annotator,
        now
      )
      db.prepare('UPDATE clips SET latest_revision_number = ?, status = ?, shot_type = ? WHERE id = ?').run(i + 1, status, c.shot_type, clipId)
    })
  }
  db.close()
}

/** The same histories written by today's code, where triggers keep the Library columns current. */
function writeLiveProject(): ProjectStore {
  const store = newStore()
  for (const h of HISTORIES) {
    const clipId = addClip(store, h.name, h.prelabels)
    for (const [c, status, annotator] of h.revisions) revise(store, clipId, c, status, annotator)
  }
  return store
}

const everything = ClipQuery.parse({ sort: 'name', limit: 1000 })
const rowsOf = (store: ProjectStore) => store.library.list(everything).rows.map(({ id: _id, path: _path, ...row }) => row)
const SEARCHES = ['river', 'misty', 'boat', 'desert', 'harsh', 'downstream pine']

describe('Library migration on a project written before it', () => {
  it('backfills angle, position, annotator, disagreement and the search index as live writes would', () => {
    const file = path.join(tempDir(), 'old.sqlite')
    writeOldProject(file)
    const migrated = ProjectStore.open(file)
    const live = writeLiveProject()
    expect(migrated.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)

    expect(rowsOf(migrated)).toEqual(rowsOf(live))
    const revised = rowsOf(migrated).find((r) => r.name === 'revised.mp4')
    expect(revised).toMatchObject({ shotAngle: 'eye_level', annotator: 'bob', disagree: ['shot_angle', 'lighting', 'subject_count'] })
    for (const text of SEARCHES) {
      const found = (store: ProjectStore) => store.library.list(ClipQuery.parse({ text, sort: 'name' })).rows.map((r) => r.name)
      expect(found(migrated), text).toEqual(found(live))
    }
    // revised.mp4's pre-label has a drifting boat; its latest revision has no subjects.
    expect(migrated.library.list(ClipQuery.parse({ text: 'downstream', sort: 'name' })).rows.map((r) => r.name)).toEqual([
      'prelabel-only.mp4',
      'two-prelabels.mp4'
    ])

    // And from here on the triggers keep the migrated file current.
    const clipId = migrated.clips.byPath('/old/prelabel-only.mp4')!.id
    revise(migrated, clipId, { ...river, environment: 'frozen lake' }, 'approved', 'dave')
    expect(migrated.library.list(ClipQuery.parse({ text: 'frozen', annotator: 'dave', disagree: 'environment' })).total).toBe(1)
    migrated.close()
    live.close()
  })
})
