// Large projects for export tests and the export benchmark, written straight into SQLite in
// batches (no ffprobe, no per-clip API calls): clips with a model pre-label, a human revision
// (mostly approved) and, for half of them, T2V / I2V fusion captions. Deterministic.
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { SHOT_TYPES, serializeCaption, type StructuralCaption } from '../../src/shared/caption'
import { parseCaption } from '../../src/shared/parseCaption'
import { ProjectStore } from '../../src/main/store/project'

const BATCH = 5000
const seedCsv = path.resolve(import.meta.dirname, '../../../shared/fixtures/skycaptioner_v1/examples/test_result.csv')
/** The seed CSV's captions, parsed (bench/generate.ts uses them too). */
export const realCaptions = (parse(fs.readFileSync(seedCsv, 'utf8'), { columns: true }) as Record<string, string>[]).map(
  (row) => parseCaption(row.structural_caption).caption
)
const T2V =
  'A close-up shot at eye level from a side view shows a woman with long, straight black hair, wearing a sparkling choker necklace, sitting in a car and speaking. The interior of the car is dark, lit by soft daylight.'
const I2V = 'The woman looks to her left and speaks, with a neutral expression and slightly open lips.'
const MODEL = '/models/SkyCaptioner-V1-Q4_K_M.gguf'

/** A real seed caption, varied per clip so rows differ. */
function bulkCaption(i: number): StructuralCaption {
  const base = realCaptions[i % realCaptions.length]
  return { ...base, shot_type: SHOT_TYPES[i % SHOT_TYPES.length], environment: `${base.environment} (take ${i})` }
}

function bulkPath(i: number): string {
  return `/data/clips/batch${i % 100}/clip_${String(i).padStart(7, '0')}.mp4`
}

/** Every 10th clip is still in progress, every 50th rejected; the rest approved. */
export function bulkStatus(i: number): 'approved' | 'in_progress' | 'rejected' {
  return i % 50 === 7 ? 'rejected' : i % 10 === 3 ? 'in_progress' : 'approved'
}

/** Adds clips `from` .. `from + count - 1` to a project file (created when missing). */
export function fillProject(file: string, from: number, count: number, log: (line: string) => void = () => {}, statusOf = bulkStatus): void {
  const store = fs.existsSync(file) ? ProjectStore.open(file) : ProjectStore.create(file, 'bulk')
  const db = store.db
  // one fsync per batch is plenty for generated data
  db.pragma('synchronous = NORMAL')
  const clip = db.prepare(
    `INSERT INTO clips (id, path, name, size, mtime_ms, fingerprint, duration, fps, frame_count, width, height, codec, extra_json, imported_at,
       status, shot_type, prelabel_source, latest_revision_number)
     VALUES (?, ?, ?, ?, ?, ?, 4.2, 25, 105, 1920, 1080, 'h264', '{}', ?, ?, ?, ?, 1)`
  )
  const prelabel = db.prepare(
    `INSERT INTO prelabels (id, clip_id, raw_text, caption_json, problems_json, source_kind, source_json, created_at)
     VALUES (?, ?, ?, ?, '[]', 'model', ?, ?)`
  )
  const revision = db.prepare(`INSERT INTO revisions (clip_id, number, caption_json, status, annotator, prelabel_id, created_at) VALUES (?, 1, ?, ?, ?, ?, ?)`)
  const fusion = db.prepare(
    `INSERT INTO fusion_captions (clip_id, task, number, text, origin, revision_number, prelabel_id, job_id, source_json, created_at)
     VALUES (?, ?, 1, ?, 'model', 1, ?, NULL, ?, ?)`
  )
  const source = JSON.stringify({ kind: 'model', label: 'SkyCaptioner-V1-Q4_K_M.gguf (llama-server)', details: { model: MODEL, engine: 'llama-server' } })
  const fusionSource = JSON.stringify({ label: 'Qwen2.5-32B-Instruct-Q8_0.gguf (node-llama-cpp)', engine: 'node-llama-cpp' })
  const day = Date.UTC(2025, 5, 1)
  const batch = db.transaction((start: number, end: number) => {
    for (let i = start; i < end; i++) {
      const id = i + 1
      const model = bulkCaption(i)
      const human = { ...model, lighting: `${model.lighting} Checked by a human.` }
      const status = statusOf(i)
      const at = new Date(day + i * 1000).toISOString()
      const modelJson = JSON.stringify(model)
      clip.run(
        id,
        bulkPath(i),
        path.basename(bulkPath(i)),
        5_000_000 + i,
        1.7e12 + i,
        `v1:${5_000_000 + i}:${i.toString(16).padStart(64, '0')}`,
        at,
        status,
        human.shot_type,
        'SkyCaptioner-V1-Q4_K_M.gguf (llama-server)'
      )
      // the revision first: the Library's triggers then index its text once, not the pre-label's too
      revision.run(id, JSON.stringify(human), status, `annotator${i % 5}`, null, at)
      prelabel.run(id, id, serializeCaption(model), modelJson, source, at)
      if (i % 2 === 0) {
        fusion.run(id, 't2v', `${T2V} Take ${i}.`, id, fusionSource, at)
        fusion.run(id, 'i2v', `${I2V} Take ${i}.`, id, fusionSource, at)
      }
    }
  })
  for (let start = from; start < from + count; start += BATCH) {
    batch(start, Math.min(start + BATCH, from + count))
    if ((start - from) % (BATCH * 20) === 0) log(`generated ${(start - from).toLocaleString()} of ${count.toLocaleString()} clips`)
  }
  store.close()
}
