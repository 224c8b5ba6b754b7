// Writes test/fixtures/migrations/v<N>.sqlite for N = 1..latest: a project file migrated only up to
// schema N and filled with the kinds of rows the studio wrote at that schema, so
// test/store/migrations-upgrade.test.ts can upgrade each one and check nothing is lost.
// Run it once when a migration is added, and commit the new file; older files come out the same.
// Usage: npx tsx scripts/make-migration-fixtures.ts [--out DIR]
import fs from 'node:fs'
import path from 'node:path'
import { deflateRawSync } from 'node:zlib'
import Database from 'better-sqlite3'
import { migrate, type Db } from '../src/main/store/db'
import { MIGRATIONS } from '../src/main/store/migrations'

const REPO = path.resolve(import.meta.dirname, '..')
const outArg = process.argv.indexOf('--out')
const OUT_DIR = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(REPO, 'test/fixtures/migrations')

const subject = (type: string, subType: string, appearance: string, action: string, main: boolean) => ({
  TYPES: { type, sub_type: subType },
  appearance,
  action,
  expression: '',
  position: main ? 'center of the frame' : 'lower left',
  is_main_subject: main
})
type Caption = Record<string, unknown> & { shot_type: string; subjects: object[] }
const caption = (over: Record<string, unknown>): Caption => ({
  subjects: [],
  shot_type: 'other',
  shot_angle: 'other',
  shot_position: 'other',
  camera_motion: '',
  environment: '',
  lighting: '',
  ...over
})

const RIVER = caption({
  subjects: [subject('Object', 'Boat', 'small red canoe', 'drifts downstream', true), subject('Animal ', 'Heron', 'grey heron', 'stands still', false)],
  shot_type: 'long_shot',
  shot_angle: 'high_angle',
  shot_position: 'aerial_view',
  camera_motion: 'slow forward glide',
  environment: 'winding river through a pine forest',
  lighting: 'soft overcast daylight'
})
const RIVER_MODEL = { ...RIVER, shot_angle: 'eye_level', lighting: 'golden hour' }
const CITY = caption({
  subjects: [subject('Human', 'Woman', 'yellow raincoat', 'crosses the street', true)],
  shot_type: 'medium_shot',
  shot_position: 'side_view',
  environment: 'neon city street at night',
  lighting: 'wet reflections of signs'
})
const CAFE = caption({ shot_type: 'close_up', environment: 'café terrace with wicker chairs', lighting: 'dappled shade' })
const DESERT = caption({
  subjects: [subject('Vehicle', 'Truck', 'dusty pickup', 'kicks up dust', true), subject('', '', 'distant figure', 'waits', false)],
  shot_type: 'full_shot',
  shot_angle: 'low_angle',
  shot_position: 'front_view',
  environment: 'empty desert road'
})

interface Source {
  kind: 'imported' | 'model'
  label: string
  details: Record<string, unknown>
}
const CSV_SOURCE: Source = { kind: 'imported', label: 'test_result.csv', details: { csv: '/footage/test_result.csv' } }
const MODEL_SOURCE: Source = {
  kind: 'model',
  label: 'SkyCaptioner-V1 Q4_K_M',
  details: { engine: 'llama-server', model: '/models/SkyCaptioner-V1.Q4_K_M.gguf', endpoints: ['http://127.0.0.1:8080'], maxTokens: 2048 }
}
const TIMINGS = { requestMs: 8123.5, parseMs: 1.25, promptMs: 6100, predictedMs: 1900, promptTokens: 5310 }
const TRUNCATED = [{ path: '', kind: 'truncated', message: 'The model hit the token limit before finishing' }]
const OUT_OF_OPTIONS = [{ path: 'shot_angle', kind: 'out_of_options', message: 'not one of the options', original: 'birds_eye' }]

/** At schema `v`, the rows of one small project, written as the studio of that schema wrote them. */
function fill(db: Db, v: number): void {
  const at = (minute: number) => `2025-0${v}-01T10:${String(minute).padStart(2, '0')}:00.000Z`
  const run = (sql: string, ...params: unknown[]) => Number(db.prepare(sql).run(...params).lastInsertRowid)
  run("INSERT INTO project_meta (key, value) VALUES ('name', ?)", `Schema ${v} project`)

  const addClip = (name: string, media: boolean, extra: Record<string, string>, importError: string | null = null) =>
    run(
      `INSERT INTO clips (path, name, size, mtime_ms, fingerprint, duration, fps, frame_count, width, height, codec, import_error, extra_json, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      `/footage/${name}`,
      name,
      ...(media
        ? [48213, 1735725600000.5, `v1:48213:${name.length}f3a`, 4.04, 25, 101, 1920, 1080, 'h264']
        : [17, 1735725600000, null, null, null, null, null, null, null]),
      importError,
      JSON.stringify(extra),
      at(1)
    )
  // The summary columns, kept as ClipsRepo.setPrelabelSummary / setRevisionSummary keep them.
  const addPrelabel = (clipId: number, c: Caption, source: Source, problems: object[], minute: number, rawText = JSON.stringify(c)) => {
    const id = run(
      `INSERT INTO prelabels (clip_id, raw_text, caption_json, problems_json, source_kind, source_json, timings_json, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      clipId,
      rawText,
      JSON.stringify(c),
      JSON.stringify(problems),
      source.kind,
      JSON.stringify(source),
      JSON.stringify(source.kind === 'model' ? TIMINGS : {}),
      at(minute)
    )
    const summary = 'UPDATE clips SET prelabel_source = ?, shot_type = CASE WHEN latest_revision_number = 0 THEN ? ELSE shot_type END WHERE id = ?'
    run(summary, source.label, c.shot_type, clipId)
    return id
  }
  const addRevision = (
    clipId: number,
    number: number,
    c: Caption,
    status: string,
    annotator: string,
    prelabelId: number | null,
    minute: number,
    flagReason?: string
  ) => {
    const withReason = v >= 5
    run(
      `INSERT INTO revisions (clip_id, number, caption_json, status, annotator, prelabel_id, created_at${withReason ? ', flag_reason' : ''})
       VALUES (?, ?, ?, ?, ?, ?, ?${withReason ? ', ?' : ''})`,
      ...[clipId, number, JSON.stringify(c), status, annotator, prelabelId, at(minute), ...(withReason ? [flagReason ?? null] : [])]
    )
    run('UPDATE clips SET latest_revision_number = ?, status = ?, shot_type = ? WHERE id = ?', number, status, c.shot_type, clipId)
  }

  const river = addClip('aerial-river.mp4', true, { video: 'aerial-river.mp4', notes: 'drone, 4K source' })
  const city = addClip('city-night.mp4', true, { video: 'city-night.mp4' })
  const broken = addClip('broken.mp4', false, {}, 'ffprobe: moov atom not found')
  const cafe = addClip('café-terrace.mp4', true, {})
  const desert = addClip('desert-road.mp4', true, { video: 'desert-road.mp4' })
  addClip('untouched.mp4', true, {})

  addPrelabel(river, RIVER, CSV_SOURCE, [], 2)
  const riverModel = addPrelabel(river, RIVER_MODEL, MODEL_SOURCE, OUT_OF_OPTIONS, 3, JSON.stringify({ ...RIVER_MODEL, shot_angle: 'birds_eye' }))
  const cityModel = addPrelabel(city, CITY, MODEL_SOURCE, TRUNCATED, 4, JSON.stringify(CITY).slice(0, 90))
  addPrelabel(desert, DESERT, CSV_SOURCE, [], 5)
  addRevision(river, 1, { ...RIVER, shot_angle: 'high_angle', lighting: 'misty dawn' }, 'in_progress', 'alice', riverModel, 10)
  addRevision(river, 2, { ...RIVER, lighting: 'misty dawn', subjects: RIVER.subjects.slice(0, 1) }, 'approved', 'bob', riverModel, 11)
  const cityRevised = {
    ...CITY,
    shot_type: 'full_shot',
    shot_position: 'back_view',
    camera_motion: 'handheld follow',
    environment: 'neon city street after rain'
  }
  addRevision(city, 1, cityRevised, 'flagged', 'carol', cityModel, 12, 'caption stops mid-sentence')
  addRevision(cafe, 1, CAFE, 'rejected', 'Dana Ødegård', null, 13)

  const jobParams = { engine: { endpoints: [{ url: 'http://127.0.0.1:8080' }], maxTokens: 2048 }, clipIds: [river, city, broken] }
  const addJob = (kind: string, state: string, progress: object, error: string | null, minute: number) =>
    run(
      'INSERT INTO jobs (kind, state, params_json, progress_json, error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      kind,
      state,
      JSON.stringify(jobParams),
      JSON.stringify(progress),
      error,
      at(minute),
      at(minute + 5)
    )
  const done = addJob('prelabel', 'done', { total: 3, done: 2, failed: 1, clipsPerMinute: 4.5 }, null, 20)
  const failed = addJob('prelabel', 'failed', { total: 1, done: 0, failed: 0 }, 'http://127.0.0.1:8080 refused the connection', 30)
  if (v >= 2) {
    const item = 'INSERT INTO job_items (job_id, clip_id, seq, state, error, prelabel_id, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
    run(item, done, river, 0, 'done', null, riverModel, at(21))
    run(item, done, city, 1, 'done', null, cityModel, at(22))
    run(item, done, broken, 2, 'failed', 'ffprobe: moov atom not found', null, at(23))
    run(item, failed, desert, 0, 'pending', null, null, null)
  }
  if (v >= 3) {
    const fusion = addJob('fusion', 'paused', { total: 2, done: 1, failed: 0 }, null, 40)
    const add = `INSERT INTO fusion_captions (clip_id, task, number, text, origin, annotator, revision_number, prelabel_id, job_id, source_json, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    const llm = JSON.stringify({ label: 'Qwen2.5 7B Instruct', temperature: 0.2 })
    run(add, river, 't2v', 1, 'An aerial shot glides over a winding river where a red canoe drifts.', 'model', null, 2, riverModel, fusion, llm, at(41))
    const edited = 'An aerial glide over a misty river; a small red canoe drifts downstream.'
    run(add, river, 't2v', 2, edited, 'human', 'bob', 2, riverModel, null, JSON.stringify({ editedFrom: 1 }), at(42))
    run(add, river, 'i2v', 1, 'The canoe drifts on as the camera glides forward.', 'model', null, 2, riverModel, fusion, llm, at(43))
    run(add, cafe, 't2v', 1, 'A close-up of an empty café terrace in dappled shade.', 'rule', null, 1, null, fusion, '{}', at(44))
  }
  if (v >= 5) {
    const times = Buffer.from(new Float64Array(Array.from({ length: 12 }, (_, i) => i * 0.04)).buffer)
    run('INSERT INTO frame_times (clip_id, file_key, times, end_time, created_at) VALUES (?, ?, ?, ?, ?)', river, '48213:1735725600000.5', times, 0.48, at(50))
  }
  if (v >= 6) {
    const speed = addJob('speed', 'done', { total: 1, done: 1, failed: 0 }, null, 60)
    run("INSERT INTO job_items (job_id, clip_id, seq, state, finished_at) VALUES (?, ?, 0, 'done', ?)", speed, river, at(61))
    run(
      `INSERT INTO speed_measurements (job_id, clip_id, model, quant, prompt_tokens, prompt_ms, text_prefill_ms, vision_ms, output_tokens, predicted_ms, wall_ms, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      speed,
      river,
      '/models/SkyCaptioner-V1-Q4_K_M.gguf',
      'Q4_K_M',
      1928,
      21500.5,
      9800.25,
      11700.25,
      310,
      38750,
      61200,
      at(61)
    )
  }
  if (v >= 7) {
    const conf = `INSERT INTO prelabel_confidence (prelabel_id, status, reason, top_k, tokens, fields_json, min_p) VALUES (?, ?, ?, ?, ?, ?, ?)`
    const tokens = deflateRawSync(
      JSON.stringify([
        ['{"', -0.0001, ['{"', -0.0001]],
        ['medium', -0.4055, ['medium', -0.4055, 'close', -1.204]]
      ])
    )
    const fields = [
      { path: 'shot_type', kind: 'enum', p: 0.6667, options: { medium_shot: 0.6667, close_up: 0.3333 } },
      { path: 'subjects[0].action', kind: 'text', p: 0.91, min: 0.42, spans: [{ start: 7, end: 10, p: 0.42 }] }
    ]
    run(conf, cityModel, 'scored', null, 5, tokens, JSON.stringify(fields), 0.6667)
    const field = 'INSERT INTO prelabel_field_confidence (prelabel_id, path, field, p) VALUES (?, ?, ?, ?)'
    run(field, cityModel, 'shot_type', 'shot_type', 0.6667)
    run(field, cityModel, 'subjects[0].action', 'subjects.action', 0.91)
    run(conf, riverModel, 'none', 'the engine returned no log-probabilities', 5, null, null, null)
  }
  if (v >= 8) {
    const revisionId = (clipId: number, number: number) =>
      (db.prepare('SELECT id FROM revisions WHERE clip_id = ? AND number = ?').get(clipId, number) as { id: number }).id
    const mode = 'INSERT INTO revision_review_mode (revision_id, mode, fields_json) VALUES (?, ?, ?)'
    run(mode, revisionId(river, 2), 'accepted', JSON.stringify(['shot_type', 'subjects[0].TYPES.type', 'subjects.count']))
    run(mode, revisionId(city, 1), 'audit', JSON.stringify(['shot_type']))
  }
  if (v >= 9) {
    // beside the annotators the migration made: a reviewer signed in with a token (fixed bytes: only its shape matters), and a revoked one
    const person = 'INSERT INTO people (name, role, token_salt, token_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)'
    run(person, 'erin', 'reviewer', Buffer.alloc(16, 7), Buffer.alloc(32, 9), at(50), null)
    run(person, 'frank', 'annotator', Buffer.alloc(16, 1), Buffer.alloc(32, 2), at(51), at(55))
    run('UPDATE jobs SET started_by = ? WHERE id = ?', 'erin', failed)
  }
  if (v >= 10) {
    // erin holds city (long expired: free again after an upgrade) and the operator holds river; city is assigned to erin
    const erin = (db.prepare('SELECT id FROM people WHERE name = ?').get('erin') as { id: number }).id
    const lease = 'INSERT INTO leases (clip_id, person_id, acquired_at, expires_at) VALUES (?, ?, ?, ?)'
    run(lease, city, erin, at(60), at(61))
    run(lease, river, null, at(62), at(63))
    run('INSERT INTO assignments (clip_id, person_id, assigned_at) VALUES (?, ?, ?)', city, erin, at(59))
  }
  if (v >= 11) {
    // city went to review and erin returned it with a comment; cafe is an overlap clip two annotators labelled blind
    const id = (name: string) => (db.prepare('SELECT id FROM people WHERE name = ?').get(name) as { id: number }).id
    const annotator = "INSERT INTO people (name, role, created_at) VALUES (?, 'annotator', ?)"
    const [first, second] = [run(annotator, 'gita', at(63)), run(annotator, 'hana', at(63))]
    const latest = (db.prepare('SELECT max(number) AS n FROM revisions WHERE clip_id = ?').get(city) as { n: number }).n
    // revisions are append-only: the reviewer's return is one more revision, with its stage
    run(
      `INSERT INTO revisions (clip_id, number, caption_json, status, annotator, prelabel_id, flag_reason, created_at, stage)
       SELECT clip_id, number + 1, caption_json, 'in_progress', 'erin', prelabel_id, NULL, ?, 'returned' FROM revisions WHERE clip_id = ? AND number = ?`,
      at(65),
      city,
      latest
    )
    run("UPDATE clips SET stage = 'returned', status = 'in_progress', latest_revision_number = ? WHERE id = ?", latest + 1, city)
    const review = `INSERT INTO reviews (clip_id, submitted_number, submitted_by, submitted_at, verdict, reviewer_id, comment, decided_number, decided_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    run(review, city, latest, first, at(64), 'returned', id('erin'), 'The lighting is dusk, not night', latest + 1, at(65))
    run('INSERT INTO overlap_clips (clip_id, chosen_at) VALUES (?, ?)', cafe, at(66))
    const blind = 'INSERT INTO blind_labels (clip_id, person_id, number, caption_json, status, prelabel_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
    run(blind, cafe, first, 1, JSON.stringify(CAFE), 'approved', null, at(67))
    run(blind, cafe, second, 1, JSON.stringify({ ...CAFE, shot_type: 'medium_shot' }), 'in_progress', null, at(68))
  }
}

function makeFixture(v: number): string {
  const file = path.join(OUT_DIR, `v${v}.sqlite`)
  const temp = `${file}.tmp`
  fs.rmSync(temp, { force: true })
  const db = new Database(temp)
  // Small pages keep each file a few KB; the schema and rows do not depend on the page size.
  db.pragma('page_size = 512')
  db.pragma('foreign_keys = ON')
  migrate(db, MIGRATIONS.slice(0, v))
  db.transaction(() => fill(db, v))()
  db.exec('VACUUM')
  db.close()
  fs.renameSync(temp, file)
  return file
}

fs.mkdirSync(OUT_DIR, { recursive: true })
for (const m of MIGRATIONS) {
  const file = makeFixture(m.version)
  console.log(`${path.relative(REPO, file)}: schema ${m.version}, ${fs.statSync(file).size} bytes`)
}
