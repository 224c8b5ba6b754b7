import { ANCHORING_NOTE, type CalibrationFigures, type CalibrationReport } from '../../shared/api/report'

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`)

function line(name: string, quant: string, f: CalibrationFigures): string {
  const kept = f.above.kept
  const ci = kept.low === null || kept.high === null ? '' : `${pct(kept.low)}–${pct(kept.high)}`
  return (
    `${name.padEnd(32)}${quant.padEnd(10)}${String(f.fields).padStart(7)}${String(f.clips).padStart(7)}  ${(f.ece === null ? '–' : f.ece.toFixed(3)).padEnd(7)}` +
    `${pct(kept.value).padEnd(8)}${ci.padEnd(15)}${String(f.above.fields).padStart(7)}${String(f.above.clips).padStart(7)}`
  )
}

/** The calibration as plain text: a line per model and quant, then one per kind of field below it. */
export function formatCalibrationTable(report: CalibrationReport): string {
  const t = String(report.threshold)
  const lines = [`Confidence calibration: ${report.clips} approved clip(s) whose reviewer started from a scored model pre-label; threshold ${t}`]
  if (report.groups.length === 0) {
    lines.push('', 'No approved clip was reviewed from a pre-label with confidence yet.')
    return lines.join('\n')
  }
  lines.push(
    '',
    `${'model / kind of field'.padEnd(32)}${'quant'.padEnd(10)}${'fields'.padStart(7)}${'clips'.padStart(7)}  ${'ECE'.padEnd(7)}${`kept ≥ ${t}`.padEnd(23)}${'fields'.padStart(7)}${'clips'.padStart(7)}`
  )
  for (const g of report.groups) {
    lines.push(line(g.model, g.quant ?? 'unknown', g))
    for (const k of g.kinds) lines.push(line(`  ${k.kind}`, '', k))
  }
  lines.push(
    '',
    `ECE: expected calibration error over 10 equal-width bins of confidence. "kept ≥ ${t}": of the fields with confidence ${t} or more, the share the approved caption left unchanged (Wilson 95% CI), and how many fields and clips that rests on.`,
    ANCHORING_NOTE
  )
  return lines.join('\n')
}
