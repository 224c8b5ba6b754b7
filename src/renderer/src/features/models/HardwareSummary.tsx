import type { Hardware } from '../../../../shared/models'
import { formatBytes } from '../../lib/format'

type Props = { hardware: Hardware | null; onRefresh: () => void }

/** GPU kind, devices, VRAM and RAM as llama.cpp sees them. */
export function HardwareSummary({ hardware, onRefresh }: Props) {
  return (
    <section className="card" aria-label="Hardware">
      <div className="row">
        <h2 className="grow">This machine</h2>
        <button type="button" className="small" onClick={onRefresh}>
          Refresh
        </button>
      </div>
      {!hardware ? (
        <p className="muted">Reading the hardware…</p>
      ) : (
        <dl className="meta" data-testid="hardware">
          <div>
            <dt>GPU</dt>
            <dd>{hardware.gpu === 'none' ? `None (backend ${hardware.backend})` : hardware.gpu.toUpperCase()}</dd>
          </div>
          <div>
            <dt>Devices</dt>
            <dd>{hardware.devices.join(', ') || '—'}</dd>
          </div>
          <div>
            <dt>VRAM free / total</dt>
            <dd>{hardware.gpu === 'none' ? '—' : `${formatBytes(hardware.vramFree)} / ${formatBytes(hardware.vramTotal)}`}</dd>
          </div>
          <div>
            <dt>RAM free / total</dt>
            <dd>
              {formatBytes(hardware.ramFree)} / {formatBytes(hardware.ramTotal)}
            </dd>
          </div>
        </dl>
      )}
    </section>
  )
}
