// Export of a small real project (the seed CSV, reviewed and fused through the API), read back by
// strict parsers: csv-parse in strict mode, JSON.parse per line plus a strict zod schema per format,
// and real Python reading them the way the original SkyCaptioner scripts do (csv + json).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { beforeAll, afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { serializeCaption, StructuralCaption } from '../../src/shared/caption'
import { ExportManifest } from '../../src/shared/output'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { neutralizeCell } from '../../src/main/export/csvSafe'
import { structPrompt } from '../../src/main/inference/captionRequest'
import { EXAMPLES_DIR, RESULT_CSV, SEED_DIR } from '../helpers/fixtures'
import { call, fail } from '../helpers/dispatch'
import { scratch } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

const newDir = scratch('skycap-export-')
const exportsRoot = newDir('exports')
/** A fresh folder inside the app's exports root. */
const newOut = () => fs.mkdtempSync(path.join(exportsRoot, 'out-'))
const STATIC_SHOT = '- Static shot.'

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
// How the original scripts and Python trainers read the files: csv.DictReader and json.loads.
const READ_LIKE_THE_ORIGINAL = `
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = [dict(row, structural_caption=json.loads(row['structural_caption'])) for row in csv.DictReader(f)]
with open(sys.argv[2], encoding='utf-8') as f:
    messages = [json.loads(json.loads(line)['messages'][1]['content']) for line in f]
with open(sys.argv[3], encoding='utf-8') as f:
    conversations = [json.loads(json.loads(line)['conversations'][1]['value']) for line in f]
json.dump({'csv': rows, 'messages': messages, 'conversations': conversations}, sys.stdout)
`

function readWithPython(...files: string[]): { csv: Record<string, unknown>[]; messages: unknown[]; conversations: unknown[] } {
  const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['--version']).status === 0)
  if (!python) throw new Error('This test needs Python 3 (only its csv and json modules): apt-get install python3')
  const run = spawnSync(python, ['-c', READ_LIKE_THE_ORIGINAL, ...files], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`python3 could not read the export: ${run.stderr}`)
  return JSON.parse(run.stdout)
}

function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  const text = fs.readFileSync(file, 'utf8')
  expect(text.endsWith('\n')).toBe(true)
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => schema.parse(JSON.parse(line)))
}

let app: StudioApp
let ids: Record<string, number>
const captions: Record<string, StructuralCaption> = {}

beforeAll(async () => {
  app = createStudioApp({ dataDir: newDir('export'), roots: { ...testRoots(), exports: exportsRoot } })
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
  // the original's no-subject fusion text, and one a spreadsheet would run
  await call(app, 'fusion.save', { clipId: ids['2.mp4'], task: 't2v', text: STATIC_SHOT, annotator: 'ana', baseNumber: 0 })
  await call(app, 'fusion.save', { clipId: ids['2.mp4'], task: 'i2v', text: '@she speaks', annotator: 'ana', baseNumber: 0 })
}, 60_000)

afterAll(async () => {
  await app?.close()
})

describe('export formats', () => {
  it('CSV: the original columns, compact JSON in the original key order, every text byte for byte', async () => {
    const out = newOut()
    const manifest = await call(app, 'export.run', { outDir: out, validationFraction: 0 })
    expect(manifest.files).toEqual([
      { format: 'csv', split: 'all', file: 'skycaptioner.csv', rows: 2, bytes: fs.statSync(path.join(out, 'skycaptioner.csv')).size }
    ])
    const text = fs.readFileSync(path.join(out, 'skycaptioner.csv'), 'utf8')
    expect(text.split('\n')[0]).toBe('path,structural_caption,t2v_fusion_caption,i2v_fusion_caption')
    const rows = readCsv(path.join(out, 'skycaptioner.csv'))
    expect(rows.map((r) => r.path)).toEqual([path.join(EXAMPLES_DIR, 'data/2.mp4'), path.join(EXAMPLES_DIR, 'data/3.mp4')])
    expect(rows[0].structural_caption).toBe(serializeCaption(captions['2.mp4']))
    expect(rows[0].structural_caption.startsWith('{"subjects":[{"TYPES":{"type":"Human","sub_type":"Woman"},"appearance":')).toBe(true)
    expect(StructuralCaption.parse(JSON.parse(rows[1].structural_caption))).toEqual(captions['3.mp4'])
    expect(JSON.parse(rows[0].structural_caption).environment).toBe('=HYPERLINK("http://evil.example","click")')
    expect(rows[0].t2v_fusion_caption).toBe(STATIC_SHOT)
    expect(rows[0].i2v_fusion_caption).toBe('@she speaks')
    expect(rows[1]).toMatchObject({ t2v_fusion_caption: '', i2v_fusion_caption: '' })
    expect(manifest.spreadsheetSafe).toBe(false)
    expect(manifest.counts).toMatchObject({ clips: 2, train: 2, validation: 0, withT2v: 1, withI2v: 1, fromHuman: 2, neutralizedCells: 0 })
    expect(ExportManifest.parse(JSON.parse(fs.readFileSync(path.join(out, 'skycaptioner-manifest.json'), 'utf8')))).toEqual(manifest)
  })

  it('spreadsheet-safe neutralises = + - @ at the start, after leading whitespace, and a leading tab or CR; nothing else', () => {
    const bad = ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', ' =1', '  -1', '\n=1', '\r\n@x', ' \t+1', '\tA', '\rA', STATIC_SHOT]
    for (const cell of bad) expect(neutralizeCell(cell), JSON.stringify(cell)).toBe(`'${cell}`)
    for (const cell of ['', ' ', 'A woman', ' A woman', '\nA', '{"subjects":[]}', "'=1", '1-2', 'x@y', 'a =1'])
      expect(neutralizeCell(cell), JSON.stringify(cell)).toBe(cell)
  })

  it('the spreadsheet-safe option: provenance columns prefixed where needed, recorded in the manifest, JSONL byte for byte the same', async () => {
    const [plain, safe] = [newOut(), newOut()]
    const formats = ['csv', 'messages', 'conversations'] as const
    await call(app, 'export.run', { outDir: plain, formats: [...formats], validationFraction: 0, provenance: true })
    const manifest = await call(app, 'export.run', { outDir: safe, formats: [...formats], validationFraction: 0, provenance: true, spreadsheetSafe: true })
    expect(manifest.spreadsheetSafe).toBe(true)
    expect(manifest.counts.neutralizedCells).toBe(2)
    const [row] = readCsv(path.join(safe, 'skycaptioner.csv'))
    expect(row).toMatchObject({
      structural_caption: serializeCaption(captions['2.mp4']), // starts with "{": untouched
      t2v_fusion_caption: `'${STATIC_SHOT}`,
      i2v_fusion_caption: "'@she speaks",
      status: 'approved',
      annotator: 'ana',
      revision: '1',
      caption_from: 'human',
      prelabel_source: 'test_result.csv',
      t2v_origin: 'human',
      i2v_origin: 'human'
    })
    expect(row.reviewed_at).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    for (const file of ['skycaptioner-messages.jsonl', 'skycaptioner-conversations.jsonl']) {
      expect(fs.readFileSync(path.join(safe, file), 'utf8'), file).toBe(fs.readFileSync(path.join(plain, file), 'utf8'))
    }
  })

  it('JSONL for LLaMA-Factory / ms-swift and for Qwen-VL: <video> then the instruction, the caption as the answer, paths relative to a root', async () => {
    const out = newOut()
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
    expect(await fail(app, 'export.count', { from: 'yesterday' })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/^Invalid input for export\.count: from/)
    })

    const out = newOut()
    const manifest = await call(app, 'export.run', { outDir: out, validationFraction: 0, filters: { include: 'reviewed', annotator: 'ana' } })
    expect(manifest.filters).toEqual({ include: 'reviewed', annotator: 'ana' })
    expect(readCsv(path.join(out, 'skycaptioner.csv')).map((r) => path.basename(r.path))).toEqual(['1.mp4', '2.mp4'])
  })

  it('refuses to overwrite an earlier export unless asked, and leaves no partial files', async () => {
    const out = newOut()
    await call(app, 'export.run', { outDir: out })
    expect((await fail(app, 'export.run', { outDir: out })).code).toBe('conflict')
    await call(app, 'export.run', { outDir: out, overwrite: true })
    expect(fs.readdirSync(out).sort()).toEqual(['skycaptioner-manifest.json', 'skycaptioner-train.csv', 'skycaptioner-validation.csv'])
  })
})

describe('round trip', () => {
  it("Python's csv.DictReader and json.loads, as the original scripts read them, get back the studio's captions and texts", async () => {
    const out = newOut()
    await call(app, 'export.run', { outDir: out, formats: ['csv', 'messages', 'conversations'], validationFraction: 0 })
    const files = ['skycaptioner.csv', 'skycaptioner-messages.jsonl', 'skycaptioner-conversations.jsonl'].map((f) => path.join(out, f))
    const read = readWithPython(...files)
    expect(read.csv).toEqual([
      {
        path: path.join(EXAMPLES_DIR, 'data/2.mp4'),
        structural_caption: captions['2.mp4'],
        t2v_fusion_caption: STATIC_SHOT,
        i2v_fusion_caption: '@she speaks'
      },
      { path: path.join(EXAMPLES_DIR, 'data/3.mp4'), structural_caption: captions['3.mp4'], t2v_fusion_caption: '', i2v_fusion_caption: '' }
    ])
    expect(read.messages).toEqual([captions['2.mp4'], captions['3.mp4']])
    expect(read.conversations).toEqual([captions['2.mp4'], captions['3.mp4']])
  })

  it('an exported CSV imported into a new project gives back the same captions', async () => {
    const out = newOut()
    await call(app, 'export.run', { outDir: out, validationFraction: 0, filters: { include: 'reviewed' } })
    const other = createStudioApp({ dataDir: newDir('roundtrip'), roots: testRoots() })
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
      expect(two.clip.extra).toEqual({ t2v_fusion_caption: STATIC_SHOT, i2v_fusion_caption: '@she speaks' })
    } finally {
      await other.close()
    }
  })
})
