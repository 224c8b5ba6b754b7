import { useCallback, useEffect, useState } from 'react'
import type { ActiveModel } from '../../../../shared/models'
import type { SpeedSummary } from '../../../../shared/speedMeasure'
import { api, errorMessage } from '../../api'
import { baseName } from '../../lib/format'
import { useProjectScope } from '../../lib/projectContext'
import { JobList, useJobs } from '../jobs/useJobs'
import { figure } from './MachineFigures'

const num = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—')
/** "measured (predicted)": the speed model's figure beside what this machine did. */
const pair = (measured: number, predicted: number | undefined, digits = 1) =>
  `${num(measured, digits)} (${predicted === undefined ? '—' : num(predicted, digits)})`

/** "Measure on this machine": the active quant captions a few of the open project's clips; measured figures beside predicted ones. */
export function SpeedPanel() {
  const project = useProjectScope()
  const [active, setActive] = useState<ActiveModel | null>(null)
  const [runs, setRuns] = useState<SpeedSummary[]>([])
  const [count, setCount] = useState(3)
  const { jobs, upsert, act, error, setError } = useJobs(1, 'speed')
  const reload = useCallback(() => {
    project.request('speed.list', {}).then(setRuns, (err: unknown) => setError(errorMessage(err)))
  }, [project, setError])
  useEffect(() => {
    api.request('models.active', {}).then(setActive, (err: unknown) => setError(errorMessage(err)))
    reload()
  }, [reload, setError])
  const lastState = jobs[0]?.state
  useEffect(() => {
    if (lastState === 'done') reload()
  }, [lastState, reload])

  const measure = () => {
    if (!active) return
    const { model, mmproj, contextPerSlot, gpuLayers } = active
    // one slot: a clip's figures must not share the cores with another clip's
    const local = { model, mmproj, contextPerSlot, parallel: 1, gpuLayers }
    project.request('speed.measure', { local, count }).then(upsert, (err: unknown) => setError(errorMessage(err)))
  }

  return (
    <section className="card pad" aria-label="Speed on this machine">
      <h2>Speed on this machine</h2>
      <div className="row">
        <label htmlFor="measure-count">Clips</label>
        <input id="measure-count" type="number" min={1} max={100} className="narrow" value={count} onChange={(e) => setCount(Number(e.target.value) || 1)} />
        <button type="button" onClick={measure} disabled={!active || lastState === 'running'}>
          Measure on this machine
        </button>
        <span className="muted">{active ? `${active.quant}: the active model, through the pre-label job path` : 'Choose a model with Use first.'}</span>
      </div>
      <JobList jobs={jobs} act={act} error={error} />
      {runs.length > 0 && (
        <table className="quant-table" aria-label="Measured speed">
          <thead>
            <tr>
              <th>Quant</th>
              <th>File</th>
              <th>Clips</th>
              <th>Prefill tok/s</th>
              <th>Decode tok/s</th>
              <th>Vision s</th>
              <th>s per clip</th>
              <th>Clips per hour</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.model} data-testid="speed-run">
                <td>{r.quant ?? '?'}</td>
                <td className="path">{baseName(r.model)}</td>
                <td>{r.clips}</td>
                <td>{pair(r.measured.prefillTokensPerSecond, r.predicted?.prefillTokensPerSecond, 0)}</td>
                <td>{pair(r.measured.decodeTokensPerSecond, r.predicted?.decodeTokensPerSecond)}</td>
                <td>{pair(r.measured.visionSeconds, r.predicted?.visionSeconds)}</td>
                <td>{pair(r.measured.secondsPerClip, r.predicted?.secondsPerClip)}</td>
                <td>{pair(r.measured.clipsPerHour, r.predicted?.clipsPerHour, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {runs.length > 0 && (
        <p className="muted">
          Measured (predicted). Measured: medians over the clips; seconds per clip include sampling the 16 frames. Predicted: the speed model at{' '}
          {runs[0].predicted
            ? `${figure(runs[0].predicted.machine.memoryBandwidthGBs)} GB/s and ${figure(runs[0].predicted.machine.computeGflops)} GFLOP/s (${runs[0].predicted.machine.source})`
            : 'no figures'}
          .
        </p>
      )}
    </section>
  )
}
