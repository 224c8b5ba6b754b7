/**
 * Export benchmark: rows per second and peak RSS of CSV and JSONL exports of 100,000 and
 * 1,000,000 clips. The project grows in place (100k, then 900k more), and each export runs in a
 * child process of its own (test/helpers/export-worker.ts) so only the export's memory counts.
 * Run: npm run bench:export [-- --clips 100000,1000000] [--keep] [--dir DIR]
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fillProject } from '../test/helpers/bulkProject'

const { values } = parseArgs({
  options: { clips: { type: 'string', default: '100000,1000000' }, keep: { type: 'boolean', default: false }, dir: { type: 'string' } }
})
const SIZES = values.clips
  .split(',')
  .map(Number)
  .sort((a, b) => a - b)
const ROOT = path.resolve(import.meta.dirname, '..')
const FORMATS = ['csv', 'messages', 'conversations']

interface Measured {
  rows: number
  ms: number
  rowsPerSecond: number
  baselineRssMb: number
  peakRssMb: number
  files: { bytes: number }[]
}

function exportOnce(project: string, outDir: string, format: string): Measured {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/helpers/export-worker.ts', project, outDir, format, '0.05'], {
    cwd: ROOT,
    encoding: 'utf8'
  })
  fs.rmSync(outDir, { recursive: true, force: true }) // gigabytes at 1M: keep the disk free for the next run
  return JSON.parse(out)
}

const line = (cells: (string | number)[]) => console.log(cells.map((c, i) => String(c).padStart(i === 0 ? 10 : 14)).join(''))

function main() {
  const dir = values.dir ? path.resolve(values.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'skycap-bench-export-'))
  const project = path.join(dir, 'bench.sqlite')
  console.log(`SkyCaptioner Studio export benchmark: ${SIZES.map((n) => n.toLocaleString()).join(' and ')} clips, data in ${dir}`)
  console.log(`(all clips approved, half with fusion captions; 5% validation split; each export in a process of its own; ${os.cpus().length} cores)\n`)
  const results: { clips: number; format: string; m: Measured }[] = []
  let have = 0
  for (const size of SIZES) {
    const started = performance.now()
    // every clip approved, so an export of N clips writes N rows
    fillProject(
      project,
      have,
      size - have,
      (l) => console.log(`  ${l}`),
      () => 'approved'
    )
    console.log(
      `project of ${size.toLocaleString()} clips ready in ${((performance.now() - started) / 1000).toFixed(0)} s (${(fs.statSync(project).size / 2 ** 30).toFixed(2)} GiB)`
    )
    have = size
    for (const format of FORMATS) {
      const m = exportOnce(project, path.join(dir, `out-${size}-${format}`), format)
      results.push({ clips: size, format, m })
      console.log(
        `  ${format}: ${m.rows.toLocaleString()} rows in ${(m.ms / 1000).toFixed(1)} s, ${m.rowsPerSecond.toLocaleString()} rows/s, peak RSS ${m.peakRssMb} MB (start ${m.baselineRssMb} MB)`
      )
    }
  }
  console.log('')
  line(['clips', 'format', 'rows', 'rows/s', 'MB written', 'peak RSS MB', 'RSS growth MB'])
  for (const { clips, format, m } of results) {
    const bytes = m.files.reduce((sum, f) => sum + f.bytes, 0)
    line([
      clips.toLocaleString(),
      format,
      m.rows.toLocaleString(),
      m.rowsPerSecond.toLocaleString(),
      (bytes / 2 ** 20).toFixed(0),
      m.peakRssMb,
      (m.peakRssMb - m.baselineRssMb).toFixed(1)
    ])
  }
  if (SIZES.length > 1) {
    const [small, large] = [SIZES[0], SIZES[SIZES.length - 1]]
    console.log('')
    for (const format of FORMATS) {
      const a = results.find((r) => r.clips === small && r.format === format)!.m
      const b = results.find((r) => r.clips === large && r.format === format)!.m
      console.log(
        `${format}: ${large / small}x the rows → peak RSS x${(b.peakRssMb / a.peakRssMb).toFixed(2)}, rows/s x${(b.rowsPerSecond / a.rowsPerSecond).toFixed(2)}`
      )
    }
  }
  if (values.keep) console.log(`\nkept ${dir}`)
  else fs.rmSync(dir, { recursive: true, force: true })
}

main()
