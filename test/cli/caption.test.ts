// `skycap caption` as a child process with the tiny model on a real llama-server: the output CSV
// has the original vllm_struct_caption.py's columns and paths, and schema-valid captions. And
// through an endpoint on 127.0.0.1: the served model name it is sent, every input column kept.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { stringify } from 'csv-stringify/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyModels, type TinyModels } from '../../scripts/make-tiny-models'
import { ENUM_FIELDS, serializeCaption, StructuralCaption } from '../../src/shared/caption'
import { PrelabelsRepo } from '../../src/main/store/prelabels'
import { readCsv, skycap } from '../helpers/cli'
import { CLIP_2, CLIP_3, RESULT_CSV, TEST_CSV } from '../helpers/fixtures'
import { requireLlamaServer } from '../helpers/prelabel'
import { vllmStandIn, type VllmStandIn } from '../helpers/vllmStandIn'
import { tempDir } from '../helpers/temp'

requireLlamaServer() // fails the suite, saying how to build one, when llama-server is missing

describe('skycap caption', () => {
  let models: TinyModels
  beforeAll(async () => {
    models = await ensureTinyModels()
  }, 120_000)

  const run = (input: string, out: string) =>
    skycap(['caption', '--input-csv', input, '--out-csv', out, '--model', models.model, '--mmproj', models.mmproj, '--max-tokens', '64', '--context', '4096'])

  it('writes path + structural_caption for the seed test.csv, paths as given, captions schema-valid', async () => {
    const out = path.join(tempDir('skycap-cli-'), 'out.csv')
    const { code, stderr } = await run(TEST_CSV, out)
    expect(code, stderr).toBe(0)
    expect(stderr).toMatch(/2 of 2 clips captioned/)

    const header = readFileSync(out, 'utf8').split('\n')[0]
    expect(header).toBe('path,structural_caption')
    const rows = readCsv(out)
    expect(rows.map((r) => r.path)).toEqual(readCsv(TEST_CSV).map((r) => r.path))
    expect(rows.map((r) => r.path)).toEqual(['./examples/data/2.mp4', './examples/data/3.mp4'])
    for (const row of rows) {
      const parsed = StructuralCaption.safeParse(JSON.parse(row.structural_caption))
      expect(parsed.success, `${row.path}: ${row.structural_caption}`).toBe(true)
    }
  }, 90_000)

  it('writes a confidence column per enum field and the clip minimum with --confidence, from the log-probabilities it stored', async () => {
    const dir = tempDir('skycap-cli-')
    const out = path.join(dir, 'out.csv')
    const project = path.join(dir, 'kept.sqlite')
    const { code, stderr } = await skycap([
      ...['caption', '--input-csv', TEST_CSV, '--out-csv', out, '--model', models.model, '--mmproj', models.mmproj],
      ...['--max-tokens', '48', '--context', '4096', '--confidence', '--top-logprobs', '3', '--project', project]
    ])
    expect(code, stderr).toBe(0)
    const enums = Object.keys(ENUM_FIELDS)
    expect(enums).toEqual(['shot_type', 'shot_angle', 'shot_position'])
    const columns = ['shot_type_confidence', 'shot_angle_confidence', 'shot_position_confidence', 'confidence_min']
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(['path', 'structural_caption', ...columns].join(','))

    const db = new Database(project, { readonly: true, fileMustExist: true })
    const repo = new PrelabelsRepo(db)
    const clips = db.prepare('SELECT id, path FROM clips ORDER BY id').all() as { id: number; path: string }[]
    const stored = new Map(clips.map((c) => [path.basename(c.path), repo.latest(c.id)]))
    db.close()
    const cell = (p: number | null | undefined) => (p === null || p === undefined ? '' : p.toFixed(4))
    for (const row of readCsv(out)) {
      const confidence = stored.get(path.basename(row.path))?.confidence
      if (confidence?.status !== 'scored') throw new Error(`${row.path}: no scored confidence stored (${JSON.stringify(confidence)})`)
      expect(confidence.topK).toBe(3)
      const want = [...enums.map((f) => cell(confidence.fields.find((x) => x.path === f)?.p)), cell(confidence.min)]
      expect(columns.map((c) => row[c])).toEqual(want)
    }
  }, 180_000)

  it('leaves the missing 1.mp4 of test_result.csv empty, names it, and exits 2', async () => {
    const out = path.join(tempDir('skycap-cli-'), 'out.csv')
    const { code, stderr } = await run(RESULT_CSV, out)
    expect(code, stderr).toBe(2)
    expect(stderr).toMatch(/failed: \S*examples\/data\/1\.mp4: .*File not found/)
    expect(stderr).toMatch(/2 of 3 clips captioned/)

    const rows = readCsv(out)
    expect(Object.keys(rows[0])).toEqual(['path', 'structural_caption'])
    expect(rows.map((r) => r.path)).toEqual(['./examples/data/1.mp4', './examples/data/2.mp4', './examples/data/3.mp4'])
    expect(rows[0].structural_caption).toBe('')
    // the new captions, not the ones the CSV came with
    const seed = readCsv(RESULT_CSV)
    for (const i of [1, 2]) {
      expect(StructuralCaption.safeParse(JSON.parse(rows[i].structural_caption)).success).toBe(true)
      expect(rows[i].structural_caption).not.toBe(seed[i].structural_caption)
    }
  }, 90_000)
})

describe('skycap caption through an endpoint', () => {
  const answer = readCsv(RESULT_CSV)[1].structural_caption // a real model answer, as the server gives it
  // reports token usage as vLLM does, so the job's endpoint check passes
  let endpoint: VllmStandIn
  beforeAll(async () => {
    endpoint = await vllmStandIn({ content: answer })
  })
  afterAll(async () => {
    await endpoint?.close()
  })

  it("sends --served-model as every request's model, and keeps every input column and row in order, the caption replaced in place", async () => {
    const dir = tempDir('skycap-cli-')
    const input = path.join(dir, 'clips.csv')
    const header = ['clip_id', 'path', 'structural_caption', 'note']
    // 3.mp4 twice, apart: rows must stay in file order, not be grouped by clip
    const rows = [
      ['b', CLIP_3, 'stale', '- keep as is'],
      ['a', CLIP_2, '', '=1+1'],
      ['c', CLIP_3, 'stale too', '']
    ]
    writeFileSync(input, stringify(rows, { header: true, columns: header }))
    const out = path.join(dir, 'out.csv')
    const { code, stderr } = await skycap([
      'caption',
      '--input-csv',
      input,
      '--out-csv',
      out,
      '--endpoint',
      endpoint.url,
      '--served-model',
      'sky-q8',
      '--concurrency',
      '1'
    ])
    expect(code, stderr).toBe(0)
    expect(stderr).toMatch(/2 of 2 clips captioned/)

    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(header.join(','))
    const caption = serializeCaption(StructuralCaption.parse(JSON.parse(answer)))
    expect(readCsv(out)).toEqual(rows.map(([clipId, clip, , note]) => ({ clip_id: clipId, path: clip, structural_caption: caption, note })))
    expect(endpoint.bodies.length).toBeGreaterThanOrEqual(2)
    expect(endpoint.bodies.map((b) => b.model)).toEqual(endpoint.bodies.map(() => 'sky-q8'))
  }, 90_000)

  it('leaves the --confidence cells empty when the endpoint returns no log-probabilities, and refuses --confidence with K = 0', async () => {
    const dir = tempDir('skycap-cli-')
    const out = path.join(dir, 'out.csv')
    const args = ['caption', '--input-csv', TEST_CSV, '--out-csv', out, '--endpoint', endpoint.url, '--confidence']
    const { code, stderr } = await skycap(args)
    expect(code, stderr).toBe(0)
    expect(endpoint.bodies.at(-1)).toMatchObject({ logprobs: true, top_logprobs: 5 })
    const rows = readCsv(out)
    expect(rows).toHaveLength(2)
    for (const row of rows) {
      expect(row.structural_caption).toBe(serializeCaption(StructuralCaption.parse(JSON.parse(answer))))
      expect([row.shot_type_confidence, row.shot_angle_confidence, row.shot_position_confidence, row.confidence_min]).toEqual(['', '', '', ''])
    }
    const refused = await skycap([...args, '--top-logprobs', '0'])
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain('--confidence needs log-probabilities: leave out --top-logprobs 0')
  }, 90_000)
})
