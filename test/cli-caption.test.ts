// `skycap caption` as a child process with the tiny model on a real llama-server: the output CSV
// has the original vllm_struct_caption.py's columns and paths, and schema-valid captions.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyModels, type TinyModels } from '../scripts/make-tiny-models'
import { StructuralCaption } from '../src/shared/caption'
import { readCsv, skycap } from './helpers/cli'
import { RESULT_CSV, TEST_CSV, tempDir } from './helpers/fixtures'
import { llamaSkip, skipNote } from './helpers/prelabel'

skipNote('cli-caption')

describe.skipIf(!!llamaSkip)(`skycap caption${llamaSkip ? ` (skipped: ${llamaSkip})` : ''}`, () => {
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
