import { useEffect, useState, type FormEvent } from 'react'
import type { PickRequest } from '../../../../shared/api/files'
import type { ImportReport, ImportSource } from '../../../../shared/contract'
import { errorMessage } from '../../api'
import { baseName } from '../../lib/format'
import { useExamplePath } from '../../lib/hostPaths'
import { PickButton } from '../files/PickButton'
import { usePicker } from '../files/usePicker'
import type { Importer } from './useImport'

const FOLDER_PICK: PickRequest = { kind: 'media', mode: 'folder', title: 'Import a folder of clips' }

type Props = {
  importer: Importer
  /** The menu's Import Clips… was chosen: open the folder picker, then import what is picked. */
  menuImport: boolean
  onMenuImportSeen: () => void
}

/** Import form: a folder or CSV path on the host's disk (typed, picked or dropped on the Library), live progress, then the report. */
export function ImportPanel({ importer, menuImport, onMenuImportSeen }: Props) {
  const example = useExamplePath()
  const [path, setPath] = useState('')
  const { pick, dialog } = usePicker()
  const { running, progress, report, error, notice } = importer

  useEffect(() => {
    if (!menuImport) return
    onMenuImportSeen()
    pick(FOLDER_PICK).then(
      (picked) => {
        if (picked === null) return
        setPath(picked)
        void importer.run([{ kind: 'folder', path: picked }])
      },
      (err: unknown) => importer.setError(errorMessage(err))
    )
  }, [menuImport])

  const start = (kind: ImportSource['kind']): void => void importer.run([{ kind, path: path.trim() } as ImportSource])
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    start('folder')
  }

  return (
    <section className="card import" aria-label="Import clips">
      <form className="row" onSubmit={submit}>
        <label htmlFor="import-path">Import path</label>
        <input
          id="import-path"
          className="grow"
          value={path}
          placeholder={`${example('Videos', 'clips')} or ${example('Videos', 'clips.csv')}`}
          spellCheck={false}
          onChange={(e) => setPath(e.target.value)}
        />
        <PickButton text="Choose folder…" request={FOLDER_PICK} onPick={setPath} />
        <PickButton text="Choose CSV…" request={{ kind: 'media', mode: 'file', extensions: ['csv'], title: 'Import a CSV of clips' }} onPick={setPath} />
        <button type="submit" disabled={running || !path.trim()}>
          Import folder
        </button>
        <button type="button" disabled={running || !path.trim()} onClick={() => start('csv')}>
          Import CSV
        </button>
      </form>
      <p className="muted drop-hint">Or drop folders, CSVs or video files anywhere on the Library.</p>
      {dialog}
      {running && (
        <div className="progress" role="status">
          <progress aria-label="Import progress" value={progress?.done ?? 0} max={progress?.total || 1} />
          <span>{progress ? `${progress.done} / ${progress.total} · ${baseName(progress.path)}` : 'Scanning…'}</span>
        </div>
      )}
      {notice && (
        <div role="alert" className="banner info" data-testid="import-notice">
          {notice}
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
