import { useEffect, useRef, useState } from 'react'
import {
  ANCHORING_NOTE,
  DEFAULT_CALIBRATION_THRESHOLD,
  type CalibrationFigures,
  type CalibrationGroup,
  type CalibrationReport
} from '../../../../shared/api/report'
import { errorMessage } from '../../api'
import { useProjectScope } from '../../lib/projectContext'
import { ReliabilityDiagram } from './ReliabilityDiagram'
import { pct } from '../../lib/format'

const ALL = 'all fields'

/** The figures of one group for the chosen scope: all its fields, one kind of field, or one field key. */
function scoped(g: CalibrationGroup, scope: string): CalibrationFigures | undefined {
  if (scope === ALL) return g
  return g.kinds.find((k) => `kind:${k.kind}` === scope) ?? g.perField.find((f) => `field:${f.field}` === scope)
}

/** "Fields at or above t were kept unchanged N% of the time (95% CI)", with what it rests on. */
export function thresholdSentence(f: CalibrationFigures, threshold: number): string {
  const { kept, fields, clips } = f.above
  if (fields === 0) return `No field reached confidence ${threshold}.`
  const ci = kept.low !== null && kept.high !== null ? ` (95% CI ${pct(kept.low)}–${pct(kept.high)})` : ''
  return `Fields at or above ${threshold} were kept unchanged ${pct(kept.value)} of the time${ci}: ${fields} field(s) from ${clips} approved clip(s).`
}

/** How well each model and quant's per-field confidence predicted what reviewers kept. */
export function CalibrationSection({ refreshKey }: { refreshKey: number }) {
  const project = useProjectScope()
  const [threshold, setThreshold] = useState(DEFAULT_CALIBRATION_THRESHOLD)
  // what the number box shows while typing ("0." on the way to "0.85")
  const [typed, setTyped] = useState(String(DEFAULT_CALIBRATION_THRESHOLD))
  const [scope, setScope] = useState(ALL)
  const [report, setReport] = useState<CalibrationReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const latest = useRef(0)

  useEffect(() => {
    // a slider sends many requests: only the last one's answer is shown
    const asked = ++latest.current
    project.request('report.calibration', { threshold }).then(
      (r) => asked === latest.current && (setReport(r), setError(null)),
      (err: unknown) => asked === latest.current && setError(errorMessage(err))
    )
  }, [project, threshold, refreshKey])

  const scopes = report
    ? [...new Set(report.groups.flatMap((g) => [...g.kinds.map((k) => `kind:${k.kind}`), ...g.perField.map((f) => `field:${f.field}`)]))]
    : []
  const setFrom = (text: string) => {
    setTyped(text)
    const t = Number(text)
    if (text !== '' && Number.isFinite(t) && t >= 0 && t <= 1) setThreshold(t)
  }
  return (
    <section className="calibration" data-testid="calibration">
      <h2>Confidence calibration</h2>
      {error && (
        <div role="alert" className="banner error">
          Cannot compute the calibration: {error}
        </div>
      )}
      <div className="row">
        <label className="row">
          Threshold
          <input type="range" min={0} max={1} step={0.01} value={threshold} onChange={(e) => setFrom(e.target.value)} aria-label="Threshold slider" />
        </label>
        <input type="number" min={0} max={1} step={0.01} value={typed} onChange={(e) => setFrom(e.target.value)} aria-label="Threshold" className="threshold" />
        <label className="row">
          Fields
          <select value={scope} onChange={(e) => setScope(e.target.value)} aria-label="Fields">
            <option value={ALL}>{ALL}</option>
            {scopes.map((s) => (
              <option key={s} value={s}>
                {s.replace(/^kind:/, 'every ').replace(/^field:/, '')}
              </option>
            ))}
          </select>
        </label>
      </div>
      {report && (
        <>
          <p className="muted" data-testid="calibration-summary">
            {report.clips} approved clip(s) whose reviewer started from a model pre-label with confidence. Each scored field counts as kept when the approved
            caption has the same value (subjects compared by position, and their number). ECE: expected calibration error over 10 bins of confidence.{' '}
            {ANCHORING_NOTE}
          </p>
          {report.groups.length === 0 ? (
            <p className="muted">
              No approved clip was reviewed from a pre-label with confidence yet: pre-label with an engine that returns log-probabilities, then approve clips in
              Review.
            </p>
          ) : (
            <div className="calibration-groups">
              {report.groups.map((g) => {
                const f = scoped(g, scope)
                const name = `${g.model}${g.quant ? ` · ${g.quant}` : ''}`
                return (
                  <article key={g.model} className="card" data-testid="calibration-group">
                    <h3>{name}</h3>
                    {!f ? (
                      <p className="muted">No such field scored for this model.</p>
                    ) : (
                      <>
                        <p className="muted">
                          {f.fields} field(s) from {f.clips} approved clip(s); ECE {f.ece === null ? '—' : f.ece.toFixed(3)}
                        </p>
                        <p data-testid="calibration-sentence">{thresholdSentence(f, report.threshold)}</p>
                        <ReliabilityDiagram figures={f} label={`${name}, ${scope.replace(/^(kind|field):/, '')}`} />
                      </>
                    )}
                  </article>
                )
              })}
            </div>
          )}
        </>
      )}
    </section>
  )
}
