import type { ExportManifest } from '../../../../shared/output'

const size = (bytes: number) => (bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 2 ** 20).toFixed(1)} MB`)

/** What an export wrote: files, counts, and the provenance the manifest records. */
export function ExportResult({ manifest, name }: { manifest: ExportManifest; name: string }) {
  const c = manifest.counts
  return (
    <div className="export-result" data-testid="export-result">
      <p>
        Exported {c.clips.toLocaleString()} clip(s) in {(manifest.durationMs / 1000).toFixed(1)} s: {c.train.toLocaleString()} train,{' '}
        {c.validation.toLocaleString()} validation; {c.withT2v} with T2V, {c.withI2v} with I2V
        {manifest.spreadsheetSafe ? `; spreadsheet-safe CSV, ${c.neutralizedCells} cell(s) prefixed with '` : '; text as stored'}.
      </p>
      <p className="muted small">
        In <code data-testid="export-folder">{manifest.folder}</code>
      </p>
      <ul className="files">
        {manifest.files.map((f) => (
          <li key={f.file}>
            <code>{f.file}</code> · {f.rows.toLocaleString()} rows · {size(f.bytes)}
          </li>
        ))}
        <li>
          <code>{name}-manifest.json</code> · counts, filters, provenance
        </li>
      </ul>
      {manifest.provenance.prelabelSources.length > 0 && (
        <p className="muted small">Pre-labels from: {manifest.provenance.prelabelSources.map((s) => `${s.label} (${s.clips})`).join(', ')}</p>
      )}
    </div>
  )
}
