import type { QuantFigures } from '../../../../shared/api/shootout'
import { sourceColor } from './AgreementChart'

const W = 460
const H = 260
const PAD = { left: 52, right: 16, top: 12, bottom: 40 }

interface Point {
  label: string
  accuracy: number
  clipsPerHour: number
  pareto: boolean
}

/** Accuracy against clips per hour, a point per quant; the Pareto front joined by a line. */
export function ParetoChart({ quants, reference }: { quants: QuantFigures[]; reference: 'approved' | 'gold' }) {
  const points: Point[] = quants.flatMap((q) => {
    const accuracy = q[reference].accuracy
    return accuracy !== null && q.clipsPerHour !== null ? [{ label: q.label, accuracy, clipsPerHour: q.clipsPerHour, pareto: q.pareto }] : []
  })
  if (points.length === 0) return <p className="muted">No quant has both a measured speed and approved clips to compare yet.</p>
  const maxRate = Math.max(...points.map((p) => p.clipsPerHour)) * 1.1
  const minAcc = Math.max(0, Math.min(...points.map((p) => p.accuracy)) - 0.05)
  const x = (rate: number) => PAD.left + (rate / maxRate) * (W - PAD.left - PAD.right)
  const y = (acc: number) => PAD.top + ((1 - acc) / (1 - minAcc || 1)) * (H - PAD.top - PAD.bottom)
  const front = points.filter((p) => p.pareto).sort((a, b) => a.clipsPerHour - b.clipsPerHour)
  const refName = reference === 'gold' ? 'blind gold set' : 'approved captions'
  return (
    <svg className="pareto-chart" width={W} height={H} role="img" aria-label={`Accuracy against the ${refName} versus clips per hour, per quant`}>
      <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} className="axis" />
      <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} className="axis" />
      <text x={(W + PAD.left) / 2} y={H - 8} textAnchor="middle" className="tick">
        clips per hour (measured)
      </text>
      <text x={12} y={(H - PAD.bottom) / 2} textAnchor="middle" className="tick" transform={`rotate(-90 12 ${(H - PAD.bottom) / 2})`}>
        accuracy vs {refName}
      </text>
      {[minAcc, (minAcc + 1) / 2, 1].map((t) => (
        <text key={t} x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="tick">
          {(t * 100).toFixed(0)}%
        </text>
      ))}
      {front.length > 1 && (
        <polyline className="front" data-testid="pareto-front" points={front.map((p) => `${x(p.clipsPerHour)},${y(p.accuracy)}`).join(' ')} />
      )}
      {points.map((p, i) => (
        <g key={p.label} data-testid="quant-point" data-pareto={p.pareto}>
          <circle cx={x(p.clipsPerHour)} cy={y(p.accuracy)} r={p.pareto ? 6 : 4} fill={sourceColor(i)} className={p.pareto ? 'on-front' : undefined} />
          <text x={x(p.clipsPerHour) + 8} y={y(p.accuracy) - 6} className="point-label">
            {p.label}
          </text>
        </g>
      ))}
    </svg>
  )
}
