import { useCallback, useEffect, useState } from 'react'
import type { AgreementReport } from '../../../../shared/output'
import { errorMessage } from '../../api'
import { AgreementChart, sourceColor, type Metric } from './AgreementChart'
import { CalibrationSection } from './CalibrationSection'
import { HumanAgreementSection } from './HumanAgreementSection'
import './report.css'
import { useProjectScope } from '../../lib/projectContext'
import { ShootoutForm } from './ShootoutForm'
import { ShootoutSection } from './ShootoutSection'

/** How well each model and quant's pre-labels held up against the approved captions. */
export function ReportView() {
  const [report, setReport] = useState<AgreementReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [metric, setMetric] = useState<Metric>('agreement')
  const project = useProjectScope()

  const load = useCallback(() => {
    setLoading(true)
    project
      .request('report.agreement', {})
      .then(
        (r) => {
          setReport(r)
          setError(null)
        },
        (err: unknown) => setError(errorMessage(err))
      )
      .finally(() => setLoading(false))
  }, [project])
  useEffect(load, [load])
  // the sections reload when the report does
  const refreshKey = report?.generatedAt ? Date.parse(report.generatedAt) : 0

  return (
    <div className="report-view pad">
      <div className="row">
        <h2>Model vs human agreement</h2>
        <button type="button" className="small" disabled={loading} onClick={load}>
          {loading ? 'Computing…' : 'Refresh'}
        </button>
        <div role="radiogroup" aria-label="Metric" className="row">
          <label className="check">
            <input type="radio" name="metric" checked={metric === 'agreement'} onChange={() => setMetric('agreement')} /> Agreement
          </label>
          <label className="check">
            <input type="radio" name="metric" checked={metric === 'kappa'} onChange={() => setMetric('kappa')} /> Cohen’s kappa (enum fields)
          </label>
          <label className="check">
            <input type="radio" name="metric" checked={metric === 'editDistance'} onChange={() => setMetric('editDistance')} /> Edit distance (text fields)
          </label>
        </div>
      </div>
      {error && (
        <div role="alert" className="banner error">
          Cannot compute the report: {error}
        </div>
      )}
      {report && (
        <>
          <p className="muted" data-testid="report-summary">
            {report.approvedClips.toLocaleString()} approved clip(s); {report.sources.length} pre-label source(s). Exact fields: share equal (or Cohen’s kappa,
            agreement beyond chance); text fields: share left unchanged (or mean normalised edit distance). Bars show the value, whiskers its 95% interval
            (Wilson; t for means). Subjects are compared by position in the list.
          </p>
          {report.sources.length === 0 ? (
            <p className="muted">No approved clip has a pre-label yet: approve some clips in Review first.</p>
          ) : (
            <>
              <ul className="legend" aria-label="Sources">
                {report.sources.map((s, i) => (
                  <li key={s.label}>
                    <span className="swatch" style={{ background: sourceColor(i) }} />
                    {s.label}{' '}
                    <span className="muted">
                      · {s.quant ?? s.kind} · {s.clips} clip(s) · started from on {s.startedFrom}
                    </span>
                  </li>
                ))}
              </ul>
              <AgreementChart sources={report.sources} metric={metric} />
            </>
          )}
        </>
      )}
      <HumanAgreementSection refreshKey={refreshKey} />
      <CalibrationSection refreshKey={refreshKey} />
      <ShootoutSection refreshKey={refreshKey} />
      <ShootoutForm />
    </div>
  )
}
