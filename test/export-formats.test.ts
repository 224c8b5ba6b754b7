// Export of a small real project (the seed CSV, reviewed and fused through the API), read back by
// strict parsers: csv-parse in strict mode, JSON.parse per line plus a strict zod schema per format.
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { beforeAll, afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { serializeCaption, StructuralCaption } from '../src/shared/caption'
import { ExportManifest } from '../src/shared/output'
import { createStudioApp, type StudioApp } from '../src/main/app'
import { neutralizeCell } from '../src/main/export/csvSafe'
import { structPrompt } from '../src/main/inference/captionRequest'
import { EXAMPLES_DIR, RESULT_CSV, SEED_DIR } from './helpers/fixtures'
import { call } from './helpers/prelabel'
import { scratch } from './helpers/scratch'

const newDir = scratch('skycap-export-')

const Messages = z
  .object({
    messages: z.tuple([
      z.object({ role: z.literal('user'), content: z.string() }).strict(),
      z.object({ role: z.literal('assistant'), content: z.string() }).strict()
    ]),
    videos: z.tuple([z.string()])
  })
  .strict()
const Conversations = z
  .object({
    id: z.string(),
    video: z.string(),
    conversations: z.tuple([
      z.object({ from: z.literal('human'), value: z.string() }).strict(),
      z.object({ from: z.literal('gpt'), value: z.string() }).strict()
    ])
  })
  .strict()

function readCsv(file: string): Record<string, string>[] {
  // strict: no relaxed quotes, every row as wide as the header
  return parse(fs.readFileSync(file), { columns: true, relax_quotes: false, relax_column_count: false, skip_empty_lines: false })
}
function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  const text = fs.readFileSync(file, 'utf8')
  expect(text.endsWith('\n')).toBe(true)
  return text.slice(0, -1).split('\n').map((line) => schema.parse(JSON.parse(line)))
}

let app: StudioApp
let ids: Record<string, number>
const captions: Record<string, StructuralCaption> = {}

beforeAll(async () => {
  app = createStudioApp({ dataDir: newDir('export') })
  await call(app, 'project.create', { name: 'export' })
  await call(app, 'clips.import', { kind: 'csv', path: RESULT_CSV })
  const { rows } = await call(app, 'clips.list', { sort: 'name' })
  ids = Object.fromEntries(rows.map((r) => [r.name, r.id]))
  // 2.mp4: approved with an edit a spreadsheet would run; 3.mp4: approved as is; 1.mp4: only in progress
  for (const [name, status, edit] of [
    ['2.mp4', 'approved', { environment: '=HYPERLINK("http://evil.example","click")' }],
    ['3.mp4', 'approved', {}],
    ['1.mp4', 'in_progress', {}]
  ] as const) {
    const { prelabel } = await call(app, 'clips.get', { id: ids[name] })
    captions[name] = { ...prelabel!.caption, ...edit }
    await call(app, 'captions.save', { clipId: ids[name], caption: captions[name], status, annotator: name === '3.mp4' ? 'bo' : 'ana', baseNumber: 0 })
  }
  await call(app, 'fusion.save', { clipId: ids['2.mp4'], task: 't2v', text: '- A woman talks. ', annotator: 'ana', baseNumber: 0 })
  await call(app, 'fusion.save', { clipId: ids['2.mp4'], task: 'i2v', text: '@she speaks', annotator: 'ana', baseNumber: 0 })
}, 60_000)

afterAll(async () => {
  await app?.close()
})

describe('export formats', () => {
  it('CSV: the original columns, compact JSON in the original key order, formula cells neutralised', async () => {
    const out = newDir('export-out')
    const manifest = await call(app, 'export.run', { outDir: out, validationFraction: 0 })
    expect(manifest.files).toEqual([{ format: 'csv', split: 'all', file: 'skycaptioner.csv', rows: 2, bytes: fs.statSync(path.join(out, 'skycaptioner.csv')).size }])
    const text = fs.readFileSync(path.join(out, 'skycaptioner.csv'), 'utf8')
    expect(text.split('\n')[0]).toBe('path,structural_caption,t2v_fusion_caption,i2v_fusion_caption')
    const rows = readCsv(path.join(out, 'skycaptioner.csv'))
    expect(rows.map((r) => r.path)).toEqual([path.join(EXAMPLES_DIR, 'data/2.mp4'), path.join(EXAMPLES_DIR, 'data/3.mp4')])
    expect(rows[0].structural_caption).toBe(serializeCaption(captions['2.mp4']))
    expect(rows[0].structural_caption.startsWith('{"subjects":[{"TYPES":{"type":"Human","sub_type":"Woman"},"appearance":')).toBe(true)
    expect(StructuralCaption.parse(JSON.parse(rows[1].structural_caption))).toEqual(captions['3.mp4'])
    // the JSON cell starts with "{": untouched; its formula text is inside, not at the start
    expect(JSON.parse(rows[0].structural_caption).environment).toBe('=HYPERLINK("http://evil.example","click")')
    expect(rows[0].t2v_fusion_caption).toBe("'- A woman talks. ")
    expect(rows[0].i2v_fusion_caption).toBe("'@she speaks")
    expect(rows[1]).toMatchObject({ t2v_fusion_caption: '', i2v_fusion_caption: '' })
    expect(manifest.counts).toMatchObject({ clips: 2, train: 2, validation: 0, withT2v: 1, withI2v: 1, fromHuman: 2, neutralizedCells: 2 })
    expect(ExportManifest.parse(JSON.parse(fs.readFileSync(path.join(out, 'skycaptioner-manifest.json'), 'utf8')))).toEqual(manifest)
  })

  it('neutralises every cell that starts with = + - @ tab or CR, and nothing else', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(neutralizeCell(bad)).toBe(`'${bad}`)
    for (const fine of ['', 'A woman', '{"subjects":[]}', ' =1', "'=1", '1-2', 'x@y']) expect(neutralizeCell(fine)).toBe(fine)
  })

  it('provenance columns and the raw option for pipelines that never meet a spreadsheet', async () => {
    const out = newDir('export-out')
    await call(app, 'export.run', { outDir: out, validationFraction: 0, provenance: true, neutralizeFormulas: false })
    const [row] = readCsv(path.join(out, 'skycaptioner.csv'))
    expect(row).toMatchObject({
      t2v_fusion_caption: '- A woman talks. ',
      status: 'approved',
      annotator: 'ana',
      revision: '1',
      caption_from: 'human',
      prelabel_source: 'test_result.csv',
      t2v_origin: 'human',
      i2v_origin: 'human'
    })
    expect(row.reviewed_at).toMatch(/^\d{4}-\d{2}-\d{2}T/)
  })

  it('JSONL for LLaMA-Factory / ms-swift and for Qwen-VL: <video> then the instruction, the caption as the answer, paths relative to a root', async () => {
    const out = newDir('export-out')
    const manifest = await call(app, 'export.run', { outDir: out, formats: ['messages', 'conversations'], validationFraction: 0, pathRoot: SEED_DIR })
    expect(manifest.paths).toEqual({ mode: 'relative', root: SEED_DIR })
    const messages = readJsonl(path.join(out, 'skycaptioner-messages.jsonl'), Messages)
    expect(messages).toHaveLength(2)
    expect(messages[0].messages[0].content).toBe(`<video>${structPrompt()}`)
    expect(messages[0].videos).toEqual(['examples/data/2.mp4'])
    expect(StructuralCaption.parse(JSON.parse(messages[0].messages[1].content))).toEqual(captions['2.mp4'])
    const conversations = readJsonl(path.join(out, 'skycaptioner-conversations.jsonl'), Conversations)
    expect(conversations.map((c) => [c.id, c.video])).toEqual([
      [String(ids['2.mp4']), 'examples/data/2.mp4'],
      [String(ids['3.mp4']), 'examples/data/3.mp4']
    ])
    expect(conversations[1].conversations[0].value).toBe(`<video>${structPrompt()}`)
    expect(conversations[1].conversations[1].value).toBe(serializeCaption(captions['3.mp4']))
  })

  it('filters: approved by default, reviewed, all (pre-labels too), annotator, review date, fusion captions', async () => {
    const count = async (filters: Record<string, unknown>) => (await call(app, 'export.count', filters)).clips
    expect(await count({})).toBe(2)
    expect(await count({ include: 'reviewed' })).toBe(3)
    expect(await count({ include: 'all' })).toBe(3)
    expect(await count({ annotator: 'bo' })).toBe(1)
    const today = new Date().toISOString().slice(0, 10)
    expect(await count({ from: today, to: today })).toBe(2)
    expect(await count({ from: '2099-01-01' })).toBe(0)
    expect(await count({ to: '2000-01-01' })).toBe(0)
    expect(await count({ fusion: 'both' })).toBe(1)
    expect(await count({ include: 'reviewed', fusion: 'any' })).toBe(1)
    const bad = await app.dispatch('export.count', { from: 'yesterday' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } })

    const out = newDir('export-out')
    const manifest = await call(app, 'export.run', { outDir: out, validationFraction: 0, filters: { include: 'reviewed', annotator: 'ana' } })
    expect(manifest.filters).toEqual({ include: 'reviewed', annotator: 'ana' })
    expect(readCsv(path.join(out, 'skycaptioner.csv')).map((r) => path.basename(r.path))).toEqual(['1.mp4', '2.mp4'])
  })

  it('refuses to overwrite an earlier export unless asked, and leaves no partial files', async () => {
    const out = newDir('export-out')
    await call(app, 'export.run', { outDir: out })
    const again = await app.dispatch('export.run', { outDir: out })
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } })
    await call(app, 'export.run', { outDir: out, overwrite: true })
    expect(fs.readdirSync(out).sort()).toEqual(['skycaptioner-manifest.json', 'skycaptioner-train.csv', 'skycaptioner-validation.csv'])
  })
})

describe('round trip', () => {
  it('an exported CSV imported into a new project gives back the same captions', async () => {
    const out = newDir('export-out')
    await call(app, 'export.run', { outDir: out, validationFraction: 0, filters: { include: 'reviewed' } })
    const other = createStudioApp({ dataDir: newDir('roundtrip') })
    try {
      await call(other, 'project.create', { name: 'round trip' })
      const report = await call(other, 'clips.import', { kind: 'csv', path: path.join(out, 'skycaptioner.csv') })
      // 1.mp4 of the seed is missing on disk: recorded with its error, its caption kept all the same
      expect(report).toMatchObject({ found: 3, added: 3, prelabelsAdded: 3 })
      expect(report.failed.map((f) => path.basename(f.path))).toEqual(['1.mp4'])
      const { rows } = await call(other, 'clips.list', { sort: 'name' })
      for (const row of rows) {
        const { prelabel, clip } = await call(other, 'clips.get', { id: row.id })
        expect(prelabel!.problems).toEqual([])
        expect(prelabel!.caption).toEqual(captions[row.name])
        expect(clip.path).toBe(path.join(EXAMPLES_DIR, 'data', row.name))
      }
      // the fusion columns come along as extra columns of the clip
      const two = await call(other, 'clips.get', { id: rows[1].id })
      expect(two.clip.extra).toEqual({ t2v_fusion_caption: "'- A woman talks. ", i2v_fusion_caption: "'@she speaks" })
    } finally {
      await other.close()
    }
  })
})
