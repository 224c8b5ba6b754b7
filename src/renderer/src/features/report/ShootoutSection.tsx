import { useEffect, useState } from 'react'
import type { QuantFigures, ShootoutReport } from '../../../../shared/api/shootout'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'
import { ParetoChart } from './ParetoChart'
import { pct } from '../../lib/format'

const num = (v: number | null, digits = 0) => (v === null ? '—' : v.toFixed(digits))
const gb = (v: number | null) => (v === null ? '—' : `${(v / 1e9).toFixed(2)} GB`)

/** The latest quant shoot-out: per quant, agreement against each reference, measured speed and memory. */
export function ShootoutSection({ refreshKey }: { refreshKey: number }) {
  const project = useProjectScope()
  const [report, setReport] = useState<ShootoutReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    project.request('shootout.report', {}).then(
      (r) => (setReport(r), setError(null)),
      (err: unknown) => setError(errorMessage(err))
    )
  }, [project, refreshKey])
  if (error)
    return (
      <div role="alert" className="banner error">
        Cannot compute the shoot-out: {error}
      </div>
    )
  if (!report || report.jobId === null) return null
  const row = (q: QuantFigures) => (
    <tr key={q.label}>
      <th scope="row">{q.label}</th>
      <td>
        {q.clips}
        {q.reused > 0 && <span className="muted"> ({q.reused} reused)</span>}
        {q.unanswered > 0 && <span className="muted"> · {q.unanswered} without an answer</span>}
      </td>
      <td>
        {pct(q.approved.accuracy)} <span className="muted">({q.approved.clips})</span>
      </td>
      <td>
        {pct(q.gold.accuracy)} <span className="muted">({q.gold.clips})</span>
      </td>
      <td>{num(q.secondsPerClip, 1)}</td>
      <td>{num(q.clipsPerHour)}</td>
      <td>{num(q.promptTokensPerSecond)}</td>
      <td>{num(q.outputTokensPerSecond, 1)}</td>
      <td>{gb(q.peakMemoryBytes)}</td>
      <td>{q.pareto ? 'yes' : ''}</td>
    </tr>
  )
  return (
    <section className="shootout" data-testid="shootout">
      <h2>Quant shoot-out</h2>
      <p className="muted">
        Job {report.jobId}: {report.clips} clip(s), every quant on the same ones; {report.goldClips} clip(s) in the blind gold set. “Approved” compares with
        approved captions outside the gold set (their reviewers saw a pre-label, which favours the quant they corrected); “gold” with clips annotated from
        scratch. Accuracy: mean share of fields kept. Speed: measured wall time per clip, over the answers this shoot-out made (reused pre-labels were timed by
        an earlier job, so they count for accuracy only). A clip without a quant’s answer failed there: the job’s failures say why. The chart uses the{' '}
        {report.chartReference === 'gold' ? 'gold set' : 'approved captions'}.
      </p>
      {report.evidence && <p data-testid="shootout-evidence">{report.evidence}</p>}
      <table className="shootout-table">
        <thead>
          <tr>
            <th>Quant</th>
            <th>Clips</th>
            <th>Accuracy vs approved</th>
            <th>Accuracy vs gold</th>
            <th>s / clip</th>
            <th>Clips / h</th>
            <th>Prompt tok/s</th>
            <th>Output tok/s</th>
            <th>Peak memory</th>
            <th>Pareto</th>
          </tr>
        </thead>
        <tbody>{report.quants.map(row)}</tbody>
      </table>
      <ParetoChart quants={report.quants} reference={report.chartReference} />
    </section>
  )
}
