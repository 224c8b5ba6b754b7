import type { Estimate, SourceAgreement } from '../../../../shared/output'
import { pct } from '../../lib/format'

export type Metric = 'agreement' | 'kappa' | 'editDistance'

const COLORS = ['#6ea8fe', '#e6c06b', '#7fd08a', '#f07178', '#c792ea', '#89ddff', '#f78c6c', '#a6accd']
const LABEL_W = 190
const PLOT_W = 420
const VALUE_W = 70
const BAR_H = 12
const GAP = 10

const LABELS: Record<Metric, string> = { agreement: 'Agreement', kappa: "Cohen's kappa", editDistance: 'Edit distance' }

export const sourceColor = (i: number) => COLORS[i % COLORS.length]

/**
 * Fields down, one bar per source (model / quant) in each, with its 95% interval as a whisker.
 * `agreement`: share equal or unchanged (higher is better); `kappa`: Cohen's kappa of the exact
 * fields, agreement beyond chance (drawn from 0: below chance shows as an empty bar); `editDistance`:
 * mean normalised edit distance of the text fields (lower is better).
 */
export function AgreementChart({ sources, metric }: { sources: SourceAgreement[]; metric: Metric }) {
  const kindShown = metric === 'kappa' ? 'exact' : metric === 'editDistance' ? 'text' : null
  const fields = sources[0]?.fields.filter((f) => kindShown === null || f.kind === kindShown).map((f) => f.field) ?? []
  const groupH = sources.length * (BAR_H + 2) + GAP
  const height = fields.length * groupH + 24
  const x = (v: number) => LABEL_W + Math.max(0, v) * PLOT_W
  const show = (v: number) => (metric === 'agreement' ? pct(v) : v.toFixed(3))
  const estimate = (s: SourceAgreement, field: string): Estimate | null => {
    const f = s.fields.find((g) => g.field === field)
    return f ? f[metric] : null
  }
  return (
    <svg className="agreement-chart" width={LABEL_W + PLOT_W + VALUE_W} height={height} role="img" aria-label={`${LABELS[metric]} per field and source`}>
      {[0, 0.25, 0.5, 0.75, 1].map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={0} y2={height - 20} className="grid" />
          <text x={x(t)} y={height - 6} textAnchor="middle" className="tick">
            {metric === 'agreement' ? `${t * 100}%` : t.toFixed(2)}
          </text>
        </g>
      ))}
      {fields.map((field, row) => {
        const top = row * groupH + GAP / 2
        return (
          <g key={field} data-field={field}>
            <text x={LABEL_W - 8} y={top + groupH / 2} textAnchor="end" dominantBaseline="middle" className="field">
              {field}
            </text>
            {sources.map((s, i) => {
              const e = estimate(s, field)
              const y = top + i * (BAR_H + 2)
              if (!e || e.value === null) {
                return (
                  <text key={s.label} x={x(0) + 4} y={y + BAR_H - 2} className="tick">
                    no data
                  </text>
                )
              }
              return (
                <g key={s.label}>
                  <rect x={x(0)} y={y} width={Math.max(1, Math.max(0, e.value) * PLOT_W)} height={BAR_H} fill={sourceColor(i)} opacity={0.85}>
                    <title>{`${s.label}: ${show(e.value)}${e.low !== null && e.high !== null ? ` (95% CI ${show(e.low)}–${show(e.high)})` : ''}`}</title>
                  </rect>
                  {e.low !== null && e.high !== null && <line x1={x(e.low)} x2={x(e.high)} y1={y + BAR_H / 2} y2={y + BAR_H / 2} className="whisker" />}
                  <text x={LABEL_W + PLOT_W + 6} y={y + BAR_H - 2} className="value">
                    {show(e.value)}
                  </text>
                </g>
              )
            })}
          </g>
        )
      })}
    </svg>
  )
}
