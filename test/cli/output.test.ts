// `skycap fuse`, `skycap export` and `skycap report` as child processes on real files: the seed
// CSV, the tiny text GGUF in-process, an endpoint on 127.0.0.1, and a project made through the API.
import fs from 'node:fs'
import path from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyTextModel } from '../../scripts/make-tiny-text-model'
import { AgreementReport, ExportManifest } from '../../src/shared/output'
import { createStudioApp } from '../../src/main/app'
import { chatEndpoint, type ChatEndpoint } from '../helpers/chatEndpoint'
import { readCsv, skycap } from '../helpers/cli'
import { RESULT_CSV } from '../helpers/fixtures'
import { call } from '../helpers/prelabel'
import { scratch } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

const newDir = scratch('skycap-cli-output-')
const manifestOf = (dir: string) => ExportManifest.parse(JSON.parse(fs.readFileSync(path.join(dir, 'skycaptioner-manifest.json'), 'utf8')))

let model: string
let endpoint: ChatEndpoint
let project: string

beforeAll(async () => {
  model = await ensureTinyTextModel()
  endpoint = await chatEndpoint(() => 'A composed caption.')
  // a project with the seed clips, two approved
  const dir = newDir('cli-output')
  const app = createStudioApp({ dataDir: dir, roots: testRoots() })
  try {
    project = (await call(app, 'project.create', { name: 'cli' })).path
    await call(app, 'clips.import', { kind: 'csv', path: RESULT_CSV })
    for (const id of [2, 3]) {
      const { prelabel } = await call(app, 'clips.get', { id })
      await call(app, 'captions.save', {
        clipId: id,
        caption: { ...prelabel!.caption, lighting: 'checked' },
        status: 'approved',
        annotator: 'ana',
        baseNumber: 0
      })
    }
  } finally {
    await app.close()
  }
}, 120_000)

afterAll(async () => {
  await endpoint?.close()
})

describe('skycap fuse', () => {
  it('adds t2v_fusion_caption to the seed CSV with the tiny GGUF, rows and columns as given', async () => {
    const out = path.join(newDir('fuse'), 'out.csv')
    const { code, stderr } = await skycap([
      'fuse',
      '--input-csv',
      RESULT_CSV,
      '--out-csv',
      out,
      '--task',
      't2v',
      '--model',
      model,
      '--max-tokens',
      '24',
      '--threads',
      '1'
    ])
    expect(code, stderr).toBe(0)
    expect(stderr).toMatch(/3 rows, 3 by tiny-qwen2.5-instruct.gguf \(node-llama-cpp\), 0 without subjects/)
    expect(fs.readFileSync(out, 'utf8').split('\n')[0]).toBe('path,structural_caption,t2v_fusion_caption')
    const rows = readCsv(out)
    const seed = readCsv(RESULT_CSV)
    expect(rows.map((r) => [r.path, r.structural_caption])).toEqual(seed.map((r) => [r.path, r.structural_caption]))
    expect(rows[0].t2v_fusion_caption.endsWith(' The camera moves toward zooms in.')).toBe(true)
    for (const row of rows) expect(row.t2v_fusion_caption.trim().length).toBeGreaterThan(0)
  }, 90_000)

  it('i2v through an endpoint: one request per clip with subjects, none without; a broken caption leaves its cell empty and exits 2', async () => {
    const dir = newDir('fuse')
    const input = path.join(dir, 'in.csv')
    const seed = readCsv(RESULT_CSV)
    const noSubjects = JSON.stringify({ ...JSON.parse(seed[1].structural_caption), subjects: [], camera_motion: 'slow zoom' })
    fs.writeFileSync(
      input,
      stringify([...seed, { path: './x.mp4', structural_caption: noSubjects }, { path: './y.mp4', structural_caption: 'not a caption' }], { header: true })
    )
    const out = path.join(dir, 'out.csv')
    const before = endpoint.bodies.length
    const { code, stderr } = await skycap(['fuse', '--input-csv', input, '--out-csv', out, '--task', 'i2v', '--endpoint', endpoint.url, '--concurrency', '2'])
    expect(code, stderr).toBe(2)
    expect(stderr).toMatch(/skipped \.\/y\.mp4 .*not a caption/)
    expect(endpoint.bodies.length - before).toBe(3)
    const rows = readCsv(out)
    expect(rows.map((r) => r.path)).toEqual(['./examples/data/1.mp4', './examples/data/2.mp4', './examples/data/3.mp4', './x.mp4', './y.mp4'])
    expect(rows.map((r) => r.i2v_fusion_caption)).toEqual([
      'A composed caption. The camera moves toward zooms in.',
      'A composed caption. ',
      'A composed caption. ',
      '- Slow zoom.', // the original's no-subjects text, byte for byte
      ''
    ])
  }, 60_000)

  it('keeps every input column in order, replaces an existing fusion column in place, and --spreadsheet-safe prefixes formula-like cells', async () => {
    const dir = newDir('fuse')
    const input = path.join(dir, 'in.csv')
    const [first] = readCsv(RESULT_CSV)
    const noSubjects = JSON.stringify({ ...JSON.parse(first.structural_caption), subjects: [], camera_motion: 'static shot' })
    const header = ['id', 'structural_caption', 't2v_fusion_caption', 'path', 'note']
    fs.writeFileSync(
      input,
      stringify(
        [
          ['7', first.structural_caption, 'old text', './a.mp4', ' =SUM(A1)'],
          ['3', noSubjects, '', './b.mp4', 'plain']
        ],
        { header: true, columns: header }
      )
    )
    const out = path.join(dir, 'out.csv')
    const { code, stderr } = await skycap([
      'fuse',
      '--input-csv',
      input,
      '--out-csv',
      out,
      '--task',
      't2v',
      '--endpoint',
      endpoint.url,
      '--served-model',
      'fuser',
      '--spreadsheet-safe'
    ])
    expect(code, stderr).toBe(0)
    expect(fs.readFileSync(out, 'utf8').split('\n')[0]).toBe(header.join(','))
    expect(readCsv(out)).toEqual([
      {
        id: '7',
        structural_caption: first.structural_caption,
        t2v_fusion_caption: 'A composed caption. The camera moves toward zooms in.',
        path: './a.mp4',
        note: "' =SUM(A1)"
      },
      { id: '3', structural_caption: noSubjects, t2v_fusion_caption: "'- Static shot.", path: './b.mp4', note: 'plain' }
    ])
    expect(endpoint.bodies.at(-1)?.model).toBe('fuser')
  }, 60_000)
})

describe('skycap export and report', () => {
  it('exports CSV and JSONL from a project file', async () => {
    const out = newDir('export-cli')
    const { code, stderr } = await skycap(['export', '--project', project, '--out-dir', out, '--format', 'csv,messages', '--validation', '0', '--provenance'])
    expect(code, stderr).toBe(0)
    expect(stderr).toMatch(/wrote skycaptioner\.csv: 2 rows/)
    expect(stderr).toMatch(/2 clips \(2 train, 0 validation\)/)
    expect(fs.readdirSync(out).sort()).toEqual(['skycaptioner-manifest.json', 'skycaptioner-messages.jsonl', 'skycaptioner.csv'])
    const rows = readCsv(path.join(out, 'skycaptioner.csv'))
    expect(rows.map((r) => [path.basename(r.path), r.annotator, JSON.parse(r.structural_caption).lighting])).toEqual([
      ['2.mp4', 'ana', 'checked'],
      ['3.mp4', 'ana', 'checked']
    ])
    expect(manifestOf(out).spreadsheetSafe).toBe(false)
    expect(stderr).not.toMatch(/neutralised/)
  }, 60_000)

  it('--spreadsheet-safe is recorded in the manifest and reported', async () => {
    const out = newDir('export-cli')
    const { code, stderr } = await skycap(['export', '--project', project, '--out-dir', out, '--validation', '0', '--spreadsheet-safe'])
    expect(code, stderr).toBe(0)
    expect(stderr).toMatch(/2 clips \(2 train, 0 validation\) in [\d.]+ s; 0 cell\(s\) neutralised/)
    expect(manifestOf(out)).toMatchObject({ spreadsheetSafe: true, counts: { neutralizedCells: 0 } })
  }, 60_000)

  it('says what is wrong with bad options or a missing project, with exit code 1', async () => {
    const missing = await skycap(['export', '--project', '/nowhere/p.sqlite', '--out-dir', newDir()])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/No project file at \/nowhere\/p\.sqlite/)
    const bad = await skycap(['export', '--project', project, '--out-dir', newDir(), '--format', 'parquet'])
    expect(bad).toMatchObject({ code: 1 })
    expect(bad.stderr).toMatch(/Unknown format parquet/)
  }, 60_000)

  it('prints the agreement table, or the report as JSON', async () => {
    const table = await skycap(['report', '--project', project])
    expect(table.code, table.stderr).toBe(0)
    expect(table.stdout).toMatch(/2 approved clip\(s\), 1 source\(s\)/)
    expect(table.stdout).toMatch(/test_result\.csv {2}\(imported · quant unknown · 2 clip\(s\)/)
    expect(table.stdout).toMatch(/\nshot_type +2 {2}100\.0% +34\.2%–100\.0%/)
    expect(table.stdout).toMatch(/\nlighting +2 {2}0\.0% +0\.0%–65\.8% +\d\.\d{3}/)
    const json = await skycap(['report', '--project', project, '--json'])
    const report = AgreementReport.parse(JSON.parse(json.stdout))
    expect(report.sources[0]).toMatchObject({ label: 'test_result.csv', clips: 2, startedFrom: 2 })
  }, 60_000)
})
