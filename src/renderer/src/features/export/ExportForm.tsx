import { useEffect, useState, type FormEvent } from 'react'
import { EXPORT_FORMATS, type ExportFilters, type ExportFormat } from '../../../../shared/output'
import { errorMessage } from '../../api'
import { ExportResult } from './ExportResult'
import { useExportRun } from './useExportRun'
import { loadSaved, save } from '../../lib/storage'
import { useProjectScope } from '../../lib/projectContext'
import { PickButton } from '../files/PickButton'

const FORMAT_LABELS: Record<ExportFormat, string> = {
  csv: 'CSV (original columns)',
  messages: 'JSONL messages + videos (LLaMA-Factory, ms-swift)',
  conversations: 'JSONL conversations + video (Qwen-VL)'
}

interface Form {
  outDir: string
  name: string
  formats: ExportFormat[]
  include: ExportFilters['include']
  annotator: string
  from: string
  to: string
  fusion: '' | NonNullable<ExportFilters['fusion']>
  validationPercent: string
  pathRoot: string
  provenance: boolean
  spreadsheetSafe: boolean
  overwrite: boolean
}
const KEY = 'studio.export'
const DEFAULTS: Form = {
  outDir: '',
  name: 'skycaptioner',
  formats: ['csv'],
  include: 'approved',
  annotator: '',
  from: '',
  to: '',
  fusion: '',
  validationPercent: '5',
  pathRoot: '',
  provenance: false,
  spreadsheetSafe: false,
  overwrite: false
}

function filtersOf(form: Form): ExportFilters {
  return {
    include: form.include,
    ...(form.annotator.trim() ? { annotator: form.annotator.trim() } : {}),
    ...(form.from ? { from: form.from } : {}),
    ...(form.to ? { to: form.to } : {}),
    ...(form.fusion ? { fusion: form.fusion } : {})
  }
}

/** What to export and where; how many clips match; the run with its progress bar and result. */
export function ExportForm() {
  const project = useProjectScope()
  const [form, setForm] = useState<Form>(() => loadSaved(KEY, DEFAULTS))
  const [matching, setMatching] = useState<number | null>(null)
  const [countError, setCountError] = useState<string | null>(null)
  const exporter = useExportRun()
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }))
  const filters = JSON.stringify(filtersOf(form))

  useEffect(() => {
    const timer = setTimeout(() => {
      project.request('export.count', JSON.parse(filters)).then(
        (r) => {
          setMatching(r.clips)
          setCountError(null)
        },
        (err: unknown) => setCountError(errorMessage(err))
      )
    }, 250)
    return () => clearTimeout(timer)
  }, [filters, exporter.manifest])

  function submit(event: FormEvent): void {
    event.preventDefault()
    save(KEY, form)
    void exporter.run({
      outDir: form.outDir.trim() || undefined,
      name: form.name.trim() || 'skycaptioner',
      formats: form.formats,
      filters: filtersOf(form),
      validationFraction: Number(form.validationPercent) / 100,
      pathRoot: form.pathRoot.trim() || undefined,
      provenance: form.provenance,
      spreadsheetSafe: form.spreadsheetSafe,
      overwrite: form.overwrite
    })
  }
  const toggleFormat = (format: ExportFormat, on: boolean) =>
    set('formats', on ? EXPORT_FORMATS.filter((f) => f === format || form.formats.includes(f)) : form.formats.filter((f) => f !== format))
  const p = exporter.progress

  return (
    <section className="card export" aria-label="Export">
      <h2>Export training data</h2>
      <form onSubmit={submit}>
        <fieldset className="row plain">
          <legend>Formats</legend>
          {EXPORT_FORMATS.map((format) => (
            <label key={format} className="check">
              <input type="checkbox" checked={form.formats.includes(format)} onChange={(e) => toggleFormat(format, e.target.checked)} /> {FORMAT_LABELS[format]}
            </label>
          ))}
        </fieldset>
        <div className="row">
          <label htmlFor="ex-include">Clips</label>
          <select id="ex-include" value={form.include} onChange={(e) => set('include', e.target.value as Form['include'])}>
            <option value="approved">Approved</option>
            <option value="reviewed">Reviewed (not rejected)</option>
            <option value="all">All with a caption (pre-labels too)</option>
          </select>
          <label htmlFor="ex-annotator">Annotator</label>
          <input id="ex-annotator" className="narrow" placeholder="any" value={form.annotator} onChange={(e) => set('annotator', e.target.value)} />
          <label htmlFor="ex-from">Reviewed from</label>
          <input id="ex-from" type="date" value={form.from} onChange={(e) => set('from', e.target.value)} />
          <label htmlFor="ex-to">to</label>
          <input id="ex-to" type="date" value={form.to} onChange={(e) => set('to', e.target.value)} />
          <label htmlFor="ex-fusion">Fusion captions</label>
          <select id="ex-fusion" value={form.fusion} onChange={(e) => set('fusion', e.target.value as Form['fusion'])}>
            <option value="">not required</option>
            <option value="any">T2V or I2V</option>
            <option value="t2v">T2V</option>
            <option value="i2v">I2V</option>
            <option value="both">both</option>
          </select>
          <span className="muted" data-testid="export-matching">
            {countError ? `Cannot count: ${countError}` : matching === null ? '' : `${matching.toLocaleString()} clip(s) match`}
          </span>
        </div>
        <div className="row">
          <label htmlFor="ex-dir">Folder</label>
          <input
            id="ex-dir"
            className="grow"
            placeholder="the exports folder, or a folder in it: round-3"
            spellCheck={false}
            value={form.outDir}
            onChange={(e) => set('outDir', e.target.value)}
          />
          <PickButton text="Choose…" request={{ kind: 'exports', mode: 'folder', title: 'Export into a folder' }} onPick={(dir) => set('outDir', dir)} />
          <label htmlFor="ex-name">Name</label>
          <input id="ex-name" className="narrow" value={form.name} onChange={(e) => set('name', e.target.value)} />
          <label htmlFor="ex-val">Validation %</label>
          <input
            id="ex-val"
            type="number"
            min={0}
            max={50}
            step={1}
            className="narrow"
            value={form.validationPercent}
            onChange={(e) => set('validationPercent', e.target.value)}
          />
        </div>
        <div className="row">
          <label htmlFor="ex-root">Paths relative to</label>
          <input
            id="ex-root"
            className="grow"
            placeholder="absolute paths"
            spellCheck={false}
            value={form.pathRoot}
            onChange={(e) => set('pathRoot', e.target.value)}
          />
          <PickButton
            text="Choose…"
            request={{ kind: 'media', mode: 'folder', title: 'Paths relative to this folder' }}
            onPick={(dir) => set('pathRoot', dir)}
          />
          <label className="check">
            <input type="checkbox" checked={form.provenance} onChange={(e) => set('provenance', e.target.checked)} /> Provenance columns
          </label>
          <label className="check">
            <input type="checkbox" checked={form.spreadsheetSafe} onChange={(e) => set('spreadsheetSafe', e.target.checked)} /> Spreadsheet-safe CSV (prefix
            formula-like cells with &apos;)
          </label>
          <label className="check">
            <input type="checkbox" checked={form.overwrite} onChange={(e) => set('overwrite', e.target.checked)} /> Overwrite
          </label>
          <button type="submit" disabled={exporter.running || form.formats.length === 0}>
            Export
          </button>
        </div>
      </form>
      {p && (
        <div className="progress">
          <progress aria-label="Export progress" value={p.done} max={p.total || 1} />
          <span data-testid="export-progress">
            {p.done.toLocaleString()} / {p.total.toLocaleString()} · {exporter.manifest ? 'done' : exporter.error ? 'stopped' : p.state}
          </span>
          {exporter.running && (
            <button type="button" className="small danger" onClick={exporter.cancel}>
              Cancel
            </button>
          )}
        </div>
      )}
      {exporter.error && (
        <div role="alert" className="banner error">
          Export failed: {exporter.error}
        </div>
      )}
      {exporter.manifest && <ExportResult manifest={exporter.manifest} name={form.name.trim() || 'skycaptioner'} />}
    </section>
  )
}
