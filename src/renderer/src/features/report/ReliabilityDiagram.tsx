import type { CalibrationFigures } from '../../../../shared/api/report'
import { pct } from '../../lib/format'

const SIZE = 240
const PAD = { left: 44, right: 12, top: 12, bottom: 36 }

/**
 * Share kept against confidence, one bar per bin of confidence that holds fields, a dot at the bin's mean
 * confidence; a perfectly calibrated model sits on the diagonal.
 */
export function ReliabilityDiagram({ figures, label }: { figures: CalibrationFigures; label: string }) {
  const plot = SIZE - PAD.left - PAD.right
  const x = (v: number) => PAD.left + v * plot
  const y = (v: number) => PAD.top + (1 - v) * plot
  const bottom = y(0)
  return (
    <svg className="reliability-diagram" width={SIZE} height={SIZE + PAD.bottom - PAD.right} role="img" aria-label={`Reliability diagram: ${label}`}>
      <line x1={x(0)} x2={x(1)} y1={bottom} y2={bottom} className="axis" />
      <line x1={x(0)} x2={x(0)} y1={y(1)} y2={bottom} className="axis" />
      <line x1={x(0)} x2={x(1)} y1={bottom} y2={y(1)} className="diagonal" />
      {[0, 0.5, 1].map((v) => (
        <g key={v}>
          <text x={x(v)} y={bottom + 14} textAnchor="middle" className="tick">
            {v}
          </text>
          <text x={x(0) - 6} y={y(v) + 4} textAnchor="end" className="tick">
            {v * 100}%
          </text>
        </g>
      ))}
      <text x={x(0.5)} y={bottom + 30} textAnchor="middle" className="tick">
        confidence
      </text>
      <text x={12} y={y(0.5)} textAnchor="middle" className="tick" transform={`rotate(-90 12 ${y(0.5)})`}>
        share kept
      </text>
      {figures.bins.map((b) =>
        b.fields === 0 || b.kept === null || b.confidence === null ? null : (
          <g key={b.low} data-testid="reliability-bin">
            <rect x={x(b.low) + 1} y={y(b.kept)} width={Math.max(1, (b.high - b.low) * plot - 2)} height={bottom - y(b.kept)} className="bar" />
            <circle cx={x(b.confidence)} cy={y(b.kept)} r={3} className="dot" />
            <title>{`confidence ${b.low.toFixed(1)}–${b.high.toFixed(1)}: ${b.fields} field(s), mean confidence ${pct(b.confidence)}, kept ${pct(b.kept)}`}</title>
          </g>
        )
      )}
    </svg>
  )
}
