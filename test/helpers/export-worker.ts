// Runs one export in a process of its own and reports its speed and memory, so neither the test
// runner's nor the generator's memory counts (run with `node --import tsx`).
//
//   export-worker.ts PROJECT_FILE OUT_DIR FORMATS(csv,messages,…) [VALIDATION_FRACTION]
//
// Prints one JSON line: {rows, ms, rowsPerSecond, baselineRssMb, peakRssMb, maxRssMb, files}.
import { rmSync } from 'node:fs'
import type { ExportFormat } from '../../src/shared/output'
import { createStudioApp } from '../../src/main/app'
import { call } from './dispatch'
import { tempDir } from './temp'
import { testRoots } from './roots'

const [projectFile, outDir, formats, fraction] = process.argv.slice(2)
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10

async function main(): Promise<void> {
  const dataDir = tempDir('skycap-export-worker-')
  // the folder given on the command line is the run's exports root, as the CLI grants its --out-dir
  const app = createStudioApp({ dataDir, projectPath: projectFile, roots: { ...testRoots(), exports: outDir } })
  const project = (await call(app, 'app.info', {})).project
  if (!project) throw new Error(`${projectFile} did not open`)
  global.gc?.()
  const baseline = process.memoryUsage().rss
  let peak = baseline
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const started = performance.now()
  const result = await app.dispatch('export.run', {
    project: project.id,
    outDir,
    formats: formats.split(',') as ExportFormat[],
    validationFraction: fraction === undefined ? 0 : Number(fraction),
    overwrite: true
  })
  const ms = performance.now() - started
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  await app.close()
  rmSync(dataDir, { recursive: true, force: true })
  if (!result.ok) throw new Error(result.error.message)
  const manifest = result.data as { counts: { clips: number }; files: unknown[] }
  const rows = manifest.counts.clips
  process.stdout.write(
    `${JSON.stringify({ rows, ms: Math.round(ms), rowsPerSecond: Math.round(rows / (ms / 1000)), baselineRssMb: mb(baseline), peakRssMb: mb(peak), maxRssMb: mb(process.resourceUsage().maxRSS * 1024), files: manifest.files })}\n`
  )
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`export-worker: ${err.stack ?? err.message}\n`)
    process.exit(1)
  }
)
