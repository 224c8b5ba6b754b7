import { parseArgs } from 'node:util'
import { EXPORT_FORMATS, ExportFilters, type ExportFormat, type ExportManifest, type ExportProgress } from '../shared/output'
import { CliError } from './client'
import { openProjectApp } from './projectApp'

export const EXPORT_USAGE = `skycap export: write the project's captions as training data

  skycap export --project FILE --out-dir DIR [options]

  --format LIST       csv, messages (LLaMA-Factory / ms-swift), conversations (Qwen-VL); comma-separated (default csv)
  --name NAME         file name stem (default skycaptioner): NAME-train.csv, NAME-messages-validation.jsonl, NAME-manifest.json
  --include WHICH     approved (default), reviewed (any human revision but rejected), all (pre-labels too)
  --annotator NAME    only clips whose latest revision is by NAME
  --from DATE         latest revision on or after DATE (2025-06-01 or an ISO time)
  --to DATE           latest revision on or before DATE (a bare date includes that whole day)
  --fusion WHICH      only clips with fusion captions: any, t2v, i2v, both
  --validation X      share of clips in the validation split, by a hash of the clip (default 0.05; 0 = one file)
  --relative-to DIR   write paths relative to DIR instead of absolute
  --provenance        add status, annotator, revision, dates and sources as CSV columns
  --spreadsheet-safe  prefix CSV cells a spreadsheet would run as formulas (= + - @ ...) with ';
                      off by default, as it changes the training text; never applied to JSONL
  --overwrite         replace files of an earlier export with the same name`

const OPTIONS = {
  project: { type: 'string' },
  'out-dir': { type: 'string' },
  format: { type: 'string' },
  name: { type: 'string' },
  include: { type: 'string' },
  annotator: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  fusion: { type: 'string' },
  validation: { type: 'string' },
  'relative-to': { type: 'string' },
  provenance: { type: 'boolean' },
  'spreadsheet-safe': { type: 'boolean' },
  overwrite: { type: 'boolean' },
  help: { type: 'boolean' }
} as const

export async function exportCommand(argv: string[], log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true })
  if (values.help) {
    log(EXPORT_USAGE)
    return 0
  }
  if (!values.project || !values['out-dir']) throw new CliError(`--project and --out-dir are required\n\n${EXPORT_USAGE}`)
  const formats = (values.format ?? 'csv').split(',').map((f) => f.trim())
  const unknown = formats.filter((f) => !(EXPORT_FORMATS as readonly string[]).includes(f))
  if (unknown.length) throw new CliError(`Unknown format ${unknown.join(', ')}: use ${EXPORT_FORMATS.join(', ')}`)
  const filters = ExportFilters.safeParse({ include: values.include, annotator: values.annotator, from: values.from, to: values.to, fusion: values.fusion })
  if (!filters.success) throw new CliError(`Bad filter: ${filters.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const validation = values.validation === undefined ? undefined : Number(values.validation)
  if (validation !== undefined && !(validation >= 0 && validation <= 0.5)) throw new CliError('--validation must be a number from 0 to 0.5')

  const project = openProjectApp(values.project)
  project.app.roots.grant(values['out-dir']) // in-process: the folder typed on the command line is the user's choice
  let lastLog = 0
  const stop = project.app.bus.subscribe((event, payload) => {
    if (event !== 'export.progress') return
    const p = payload as ExportProgress
    if (p.state === 'running' && Date.now() - lastLog < 1000) return
    lastLog = Date.now()
    log(`${p.done.toLocaleString()} / ${p.total.toLocaleString()} clips ${p.state}`)
  })
  try {
    const result = await project.app.dispatch('export.run', {
      project: project.project,
      outDir: values['out-dir'],
      name: values.name,
      formats: formats as ExportFormat[],
      filters: filters.data,
      validationFraction: validation,
      pathRoot: values['relative-to'],
      provenance: values.provenance ?? false,
      spreadsheetSafe: values['spreadsheet-safe'] ?? false,
      overwrite: values.overwrite ?? false
    })
    if (!result.ok) throw new CliError(result.error.message)
    const manifest = result.data as ExportManifest
    for (const f of manifest.files) log(`wrote ${f.file}: ${f.rows.toLocaleString()} rows, ${(f.bytes / 2 ** 20).toFixed(1)} MB`)
    const c = manifest.counts
    log(
      `${c.clips.toLocaleString()} clips (${c.train} train, ${c.validation} validation) in ${(manifest.durationMs / 1000).toFixed(1)} s${manifest.spreadsheetSafe ? `; ${c.neutralizedCells} cell(s) neutralised` : ''}`
    )
    return 0
  } finally {
    stop()
    await project.close()
  }
}
