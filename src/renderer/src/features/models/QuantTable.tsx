import { formatSeconds } from '../../../../shared/durations'
import type { ActiveModel, CatalogEntry, DownloadProgress, FitRow, MemoryEstimate, SpeedEstimate } from '../../../../shared/models'

const gb = (n: number | null | undefined) => (n == null ? '—' : `${(n / 1e9).toFixed(2)} GB`)

/** The CPU weight buffers behind a RAM figure, e.g. "weights: CPU_Mapped 4.66 GB + CPU_REPACK 3.91 GB". */
function weightsTitle(e: MemoryEstimate): string {
  const parts = Object.entries(e.weightBuffers).map(([name, bytes]) => `${name} ${gb(bytes)}`)
  const unused = e.mappedUnused > 0 ? `; ${gb(e.mappedUnused)} of the file holds copied weights and is not counted` : ''
  return parts.length ? `weights: ${parts.join(' + ')}${unused}` : ''
}

/** Where a clip's predicted time goes, for the cell's title. */
function speedTitle(s: SpeedEstimate): string {
  const r = (n: number) => n.toFixed(1)
  return `vision ${r(s.visionSeconds)} s + prefill ${r(s.prefillSeconds)} s (${r(s.prefillTokensPerSecond)} tokens/s) + generation ${r(s.decodeSeconds)} s (${r(s.decodeTokensPerSecond)} tokens/s)`
}

type Props = {
  entries: CatalogEntry[]
  rows: FitRow[]
  recommended: string | null
  active: ActiveModel | null
  downloads: Record<string, DownloadProgress>
  onDownload: (entry: CatalogEntry) => void
  onUse: (entry: CatalogEntry) => void
  onRemove: (entry: CatalogEntry) => void
}

/** One row per quant: size, precision, estimated memory and predicted speed for the job, verdict and actions. */
export function QuantTable({ entries, rows, recommended, active, downloads, onDownload, onUse, onRemove }: Props) {
  const fitOf = new Map(rows.map((r) => [r.entryId, r]))
  return (
    <table className="quant-table" aria-label="Quants">
      <thead>
        <tr>
          <th>Quant</th>
          <th>File</th>
          <th>Size</th>
          <th>Bits/weight</th>
          <th>Precision</th>
          <th>VRAM</th>
          <th>RAM</th>
          <th>Verdict</th>
          <th>Per clip</th>
          <th>Clips/hour</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const fit = fitOf.get(e.id)
          const onDisk = !!e.model.path
          const progress = downloads[e.model.file]
          const isActive = active?.entryId === e.id
          return (
            <tr key={e.id} data-quant={e.quant} className={e.id === recommended ? 'recommended' : undefined} aria-current={isActive ? 'true' : undefined}>
              <td>
                <strong>{e.quant}</strong>
                {e.id === recommended && <span className="badge full_gpu"> Recommended</span>}
                {isActive && <span className="badge"> Active</span>}
              </td>
              <td className="path" title={e.model.path ?? e.id}>
                {e.model.file}
                {e.origin === 'local' && <span className="muted"> (local)</span>}
              </td>
              <td title={e.model.sizeIsEstimate ? 'Estimated from bits per weight × parameters' : undefined}>
                {e.model.sizeIsEstimate ? '≈ ' : ''}
                {gb(e.model.sizeBytes)}
              </td>
              <td>{e.bitsPerWeight?.toFixed(2) ?? '—'}</td>
              <td className="note">{e.precisionNote}</td>
              <td>{fit && fit.estimate.vram > 0 ? gb(fit.estimate.vram) : '—'}</td>
              <td title={fit ? weightsTitle(fit.estimate) : undefined}>{fit ? gb(fit.estimate.ram) : '—'}</td>
              <td>{fit && <span className={`badge ${fit.verdict.kind}`}>{fit.verdict.label}</span>}</td>
              <td data-testid="seconds-per-clip" title={fit?.speed ? speedTitle(fit.speed) : undefined}>
                {fit?.speed ? `≈ ${formatSeconds(fit.speed.secondsPerClip)}` : '—'}
              </td>
              <td data-testid="clips-per-hour">{fit?.speed ? fit.speed.clipsPerHour.toFixed(fit.speed.clipsPerHour < 10 ? 1 : 0) : '—'}</td>
              <td className="actions-cell">
                {progress && progress.state !== 'done' && progress.state !== 'failed' && (
                  <progress aria-label={`Download ${e.model.file}`} value={progress.received} max={progress.total ?? undefined} />
                )}
                {!onDisk && e.origin === 'repository' && (
                  <button type="button" className="small" disabled={!!progress && progress.state === 'downloading'} onClick={() => onDownload(e)}>
                    Download
                  </button>
                )}
                {onDisk && !isActive && (
                  <button type="button" className="small" onClick={() => onUse(e)}>
                    Use
                  </button>
                )}
                {(e.origin === 'local' || onDisk) && (
                  <button type="button" className="small danger" onClick={() => onRemove(e)}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
