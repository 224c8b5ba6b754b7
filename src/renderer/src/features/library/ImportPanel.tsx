import { useEffect, useState, type FormEvent } from 'react'
import type { Events, ImportReport, ImportSource } from '../../../../shared/contract'
import { errorMessage } from '../../api'
import { baseName } from '../../lib/format'
import { useProjectScope } from '../../lib/projectContext'
import { PickButton } from '../files/PickButton'

type Progress = Events['import.progress']

/** Import form: a folder or CSV path on the host's disk, live progress, then the report. */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const project = useProjectScope()
  const [path, setPath] = useState('')
  const [running, setRunning] = useState(false)
  const [progress, setProgress] = useState<Progress | null>(null)
  const [report, setReport] = useState<ImportReport | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => project.on('import.progress', setProgress), [])

  async function start(kind: ImportSource['kind']): Promise<void> {
    setRunning(true)
    setProgress(null)
    setReport(null)
    setError(null)
    try {
      setReport(await project.request('clips.import', { kind, path: path.trim() }))
      onImported()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setRunning(false)
    }
  }
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    void start('folder')
  }

  return (
    <section className="card import" aria-label="Import clips">
      <form className="row" onSubmit={submit}>
        <label htmlFor="import-path">Import path</label>
        <input
          id="import-path"
          className="grow"
          value={path}
          placeholder="/data/clips or /data/clips.csv"
          spellCheck={false}
          onChange={(e) => setPath(e.target.value)}
        />
        <PickButton text="Choose folder…" request={{ kind: 'media', mode: 'folder', title: 'Import a folder of clips' }} onPick={setPath} />
        <PickButton text="Choose CSV…" request={{ kind: 'media', mode: 'file', extensions: ['csv'], title: 'Import a CSV of clips' }} onPick={setPath} />
        <button type="submit" disabled={running || !path.trim()}>
          Import folder
        </button>
        <button type="button" disabled={running || !path.trim()} onClick={() => void start('csv')}>
          Import CSV
        </button>
      </form>
      {running && (
        <div className="progress" role="status">
          <progress aria-label="Import progress" value={progress?.done ?? 0} max={progress?.total || 1} />
          <span>{progress ? `${progress.done} / ${progress.total} · ${baseName(progress.path)}` : 'Scanning…'}</span>
        </div>
      )}
      {error && (
        <div role="alert" className="banner error">
          Import failed: {error}
        </div>
      )}
      {report && <ReportSummary report={report} />}
    </section>
  )
}

function ReportSummary({ report }: { report: ImportReport }) {
  return (
    <div className="report" data-testid="import-report">
      <p role="status">
        Found {report.found} · added {report.added} · already present {report.alreadyPresent} · pre-labels added {report.prelabelsAdded} · failed{' '}
        {report.failed.length}
      </p>
      {report.failed.length > 0 && (
        <details open>
          <summary>{report.failed.length} file(s) could not be imported</summary>
          <ul className="issues">
            {report.failed.map((issue) => (
              <li key={issue.path}>
                <span className="path">{issue.path}</span>: <span className="error-text">{issue.error}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.warnings.length > 0 && (
        <details open>
          <summary>{report.warnings.length} warning(s)</summary>
          <ul className="issues">
            {report.warnings.map((warning, i) => (
              <li key={i}>{warning}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}
