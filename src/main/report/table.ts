import type { AgreementReport, Estimate } from '../../shared/output'

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`)
const num = (x: number | null) => (x === null ? '–' : x.toFixed(3))

function interval(e: Estimate, format: (x: number | null) => string): string {
  return e.low === null || e.high === null ? '' : `${format(e.low)}–${format(e.high)}`
}

/** The report as plain text: one block per source, one line per field, like the original's benchmark table. */
export function formatAgreementTable(report: AgreementReport): string {
  const lines = [`Agreement of pre-labels with approved captions: ${report.approvedClips} approved clip(s), ${report.sources.length} source(s)`]
  if (report.sources.length === 0) lines.push('', 'No approved clip has a pre-label yet.')
  for (const source of report.sources) {
    const about = [source.kind, source.quant ?? 'quant unknown', `${source.clips} clip(s)`, `reviewers started from it on ${source.startedFrom}`]
    lines.push('', `${source.label}  (${about.join(' · ')})`)
    lines.push(`${'field'.padEnd(26)}${'n'.padStart(7)}  ${'agree / unchanged'.padEnd(18)}${'95% CI'.padEnd(16)}${'kappa or edit dist.'.padEnd(20)}95% CI`)
    for (const f of source.fields) {
      // exact fields show Cohen's kappa, text fields the edit distance: never both
      const second = f.kappa ?? f.editDistance
      lines.push(
        `${f.field.padEnd(26)}${String(f.n).padStart(7)}  ${pct(f.agreement.value).padEnd(18)}${interval(f.agreement, pct).padEnd(16)}` +
          (second ? `${num(second.value).padEnd(20)}${interval(second, num)}` : '')
      )
    }
  }
  lines.push(
    '',
    "Exact fields: share equal (Wilson 95% CI) and Cohen's kappa (large-sample 95% CI). Text fields: share left unchanged, and mean Levenshtein distance / longer length (t 95% CI). Subject fields compare subjects by index."
  )
  return lines.join('\n')
}
