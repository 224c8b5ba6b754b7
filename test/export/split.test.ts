// The train/validation split is a hash of the clip: re-exports after the project grew keep every
// clip on its side, a larger fraction only moves clips from train to validation, and the CSV and
// JSONL of one export agree.
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { splitOf } from '../../src/main/export/split'
import { fillProject } from '../helpers/bulkProject'
import { call } from '../helpers/prelabel'
import { scratch } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

const newDir = scratch('skycap-export-split-')

let project: string
let dataDir: string

beforeAll(() => {
  dataDir = newDir('export-split')
  project = path.join(dataDir, 'split.sqlite')
  fillProject(project, 0, 3000)
}, 60_000)

let runs = 0

async function sides(app: StudioApp, fraction: number, formats: ('csv' | 'messages')[] = ['csv']): Promise<Map<string, string>> {
  // a relative folder lands under the exports root, by default <data folder>/exports
  const name = `split-${++runs}`
  const out = path.join(dataDir, 'exports', name)
  const manifest = await call(app, 'export.run', { outDir: name, formats, validationFraction: fraction })
  const side = new Map<string, string>()
  for (const split of ['train', 'validation']) {
    const rows = parse(fs.readFileSync(path.join(out, `skycaptioner-${split}.csv`)), { columns: true }) as { path: string }[]
    for (const row of rows) side.set(row.path, split)
    if (formats.includes('messages')) {
      const lines = fs
        .readFileSync(path.join(out, `skycaptioner-messages-${split}.jsonl`), 'utf8')
        .trim()
        .split('\n')
      expect(lines.map((l) => JSON.parse(l).videos[0])).toEqual(rows.map((r) => r.path))
    }
  }
  expect(side.size).toBe(manifest.counts.clips)
  expect(manifest.counts.validation).toBe([...side.values()].filter((s) => s === 'validation').length)
  return side
}

describe('deterministic train/validation split', () => {
  let app: StudioApp
  afterAll(async () => {
    await app?.close()
  })

  it('keeps every clip on its side when the project grows, and moves clips only from train to validation when the fraction rises', async () => {
    app = createStudioApp({ dataDir, projectPath: project, roots: testRoots({ exports: path.join(dataDir, 'exports') }) })
    const first = await sides(app, 0.2, ['csv', 'messages'])
    const share = [...first.values()].filter((s) => s === 'validation').length / first.size
    expect(share).toBeGreaterThan(0.17)
    expect(share).toBeLessThan(0.23)
    await app.close()

    fillProject(project, 3000, 1000) // 1,000 more clips, as after another review round
    app = createStudioApp({ dataDir, projectPath: project, roots: testRoots({ exports: path.join(dataDir, 'exports') }) })
    const second = await sides(app, 0.2)
    expect(second.size).toBeGreaterThan(first.size)
    for (const [clip, side] of first) expect(second.get(clip), clip).toBe(side)

    const wider = await sides(app, 0.3)
    for (const [clip, side] of second) {
      if (side === 'validation') expect(wider.get(clip)).toBe('validation')
    }
    expect([...wider.values()].filter((s) => s === 'validation').length).toBeGreaterThan([...second.values()].filter((s) => s === 'validation').length)
  })

  it('is a pure function of the clip key: sha256, not the export order or time', () => {
    expect(splitOf('v1:123:abc', 0.5)).toBe(splitOf('v1:123:abc', 0.5))
    expect(splitOf('anything', 0)).toBe('train')
    const keys = Array.from({ length: 1000 }, (_, i) => `key-${i}`)
    expect(keys.map((k) => splitOf(k, 0.1))).toEqual(
      [...keys]
        .reverse()
        .map((k) => splitOf(k, 0.1))
        .reverse()
    )
  })
})
