// A 100,000-clip project exported in a child process capped at a 128 MB heap: if memory grew with
// the row count the export would die of it. Peak RSS is measured and every row read back strictly.
// (The 1,000,000-clip run is `npm run bench:export`: generating the project takes minutes.)
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { parse } from 'csv-parse'
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { StructuralCaption } from '../../src/shared/caption'
import { bulkStatus, fillProject } from '../helpers/bulkProject'
import { REPO_ROOT } from '../helpers/fixtures'
import { scratch } from '../helpers/temp'

const newDir = scratch('skycap-export-large-')

const CLIPS = 100_000
const HEAP_MB = 128
const approved = Array.from({ length: CLIPS }, (_, i) => bulkStatus(i)).filter((s) => s === 'approved').length

interface WorkerResult {
  rows: number
  ms: number
  rowsPerSecond: number
  baselineRssMb: number
  peakRssMb: number
  files: { file: string; rows: number; bytes: number }[]
}

function exportInChild(project: string, outDir: string, formats: string): Promise<WorkerResult> {
  const args = [`--max-old-space-size=${HEAP_MB}`, '--expose-gc', '--import', 'tsx', 'test/helpers/export-worker.ts', project, outDir, formats]
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve, reject) =>
    child.once('close', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`export worker exited ${code}: ${stderr}`))))
  )
}

let project: string

beforeAll(() => {
  project = path.join(newDir('export-large'), 'large.sqlite')
  const started = performance.now()
  fillProject(project, 0, CLIPS)
  console.log(`[export-large] generated ${CLIPS.toLocaleString()} clips in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}, 180_000)

describe(`export of ${CLIPS.toLocaleString()} clips`, () => {
  it(`CSV streams in a ${HEAP_MB} MB heap and reads back strictly, row for row`, async () => {
    const out = newDir('export-large-out')
    const result = await exportInChild(project, out, 'csv')
    console.log(`[export-large] CSV: ${JSON.stringify({ ...result, files: undefined })}`)
    expect(result.rows).toBe(approved)
    expect(result.peakRssMb - result.baselineRssMb).toBeLessThan(150)

    let rows = 0
    const parser = fs.createReadStream(path.join(out, 'skycaptioner.csv')).pipe(parse({ columns: true, relax_quotes: false, relax_column_count: false }))
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      JSON.parse(row.structural_caption)
      if (rows % 1000 === 0) StructuralCaption.parse(JSON.parse(row.structural_caption))
      rows++
    }
    expect(rows).toBe(approved)
  }, 120_000)

  it('JSONL (messages) streams the same way; every line is a valid record', async () => {
    const out = newDir('export-large-out')
    const result = await exportInChild(project, out, 'messages')
    console.log(`[export-large] JSONL: ${JSON.stringify({ ...result, files: undefined })}`)
    expect(result.rows).toBe(approved)
    expect(result.peakRssMb - result.baselineRssMb).toBeLessThan(150)

    const Line = z.object({ messages: z.array(z.object({ role: z.string(), content: z.string() })).length(2), videos: z.array(z.string()).length(1) }).strict()
    let lines = 0
    for await (const line of readline.createInterface({ input: fs.createReadStream(path.join(out, 'skycaptioner-messages.jsonl')) })) {
      Line.parse(JSON.parse(line))
      lines++
    }
    expect(lines).toBe(approved)
  }, 120_000)
})
