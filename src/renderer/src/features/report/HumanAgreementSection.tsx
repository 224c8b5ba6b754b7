import { useEffect, useState } from 'react'
import type { HumanAgreementReport } from '../../../../shared/api/team'
import type { Estimate } from '../../../../shared/output'
import { errorMessage } from '../../api'
import { pct } from '../../lib/format'
import { useProjectScope } from '../../lib/projectContext'

const num = (x: number | null) => (x === null ? '—' : x.toFixed(3))
const interval = (e: Estimate | null, format: (x: number | null) => string) =>
  e && e.low !== null && e.high !== null ? `${format(e.low)}–${format(e.high)}` : ''

/** Human vs human: the same per-field figures over blind overlap pairs, with Cohen's kappa for the exact fields. */
export function HumanAgreementSection({ refreshKey }: { refreshKey: number }) {
  const project = useProjectScope()
  const [report, setReport] = useState<HumanAgreementReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    project.request('report.humanAgreement', {}).then(
      (r) => (setReport(r), setError(null)),
      (err: unknown) => setError(errorMessage(err))
    )
  }, [project, refreshKey])

  return (
    <section className="human-agreement" data-testid="human-agreement" aria-label="Human vs human agreement">
      <h2>Human vs human (blind overlap)</h2>
      {error && (
        <div role="alert" className="banner error">
          Cannot compute the human agreement: {error}
        </div>
      )}
      {report && report.clips === 0 && (
        <p className="muted" data-testid="human-agreement-empty">
          {report.overlapClips === 0
            ? 'No clip is in blind overlap yet. Turn overlap on in the project’s queue settings (a share of clips goes to two annotators, neither seeing the other’s work); the figures appear here once both have approved their version of a clip.'
            : `${report.overlapClips} overlap clip(s), none with two approved blind labels yet: the figures appear once both annotators approve their version.`}
        </p>
      )}
      {report && report.clips > 0 && (
        <>
          <p className="muted" data-testid="human-agreement-summary">
            {report.clips} clip(s) labelled blind by two annotators (of {report.overlapClips} in overlap). {report.reference} Exact fields: share equal (Wilson
            95% CI) and Cohen’s kappa (95% CI); text fields: share unchanged and mean normalised edit distance (t 95% CI).
          </p>
          <table className="shootout-table" aria-label="Human vs human agreement per field">
            <thead>
              <tr>
                <th>Field</th>
                <th>n</th>
                <th>Agree / unchanged</th>
                <th>95% CI</th>
                <th>Kappa</th>
                <th>95% CI</th>
                <th>Edit dist.</th>
                <th>95% CI</th>
              </tr>
            </thead>
            <tbody>
              {report.fields.map((f) => (
                <tr key={f.field} data-testid={`human-${f.field}`}>
                  <th scope="row">{f.field}</th>
                  <td>{f.n}</td>
                  <td>{pct(f.agreement.value)}</td>
                  <td>{interval(f.agreement, pct)}</td>
                  <td>{f.kappa ? num(f.kappa.value) : ''}</td>
                  <td>{interval(f.kappa, num)}</td>
                  <td>{f.editDistance ? num(f.editDistance.value) : ''}</td>
                  <td>{interval(f.editDistance, num)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
