import { parseArgs } from 'node:util'
import { DEFAULT_CALIBRATION_THRESHOLD } from '../shared/api/report'
import { formatCalibrationTable } from '../main/confidence/calibrationTable'
import { formatAgreementTable } from '../main/report/table'
import { call, CliError } from './client'
import { openProjectApp } from './projectApp'

export const REPORT_USAGE = `skycap report: how far each model and quant's pre-labels agree with the approved captions, and how well their confidence predicts it

  skycap report --project FILE [--threshold T] [--json]

  --project FILE      the project (.sqlite)
  --threshold T       confidence (0–1) for "fields at or above T were kept N% of the time" (default ${DEFAULT_CALIBRATION_THRESHOLD})
  --json              print the report as JSON instead of tables (the calibration under "calibration")`

function threshold(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CALIBRATION_THRESHOLD
  const t = Number(text)
  if (text.trim() === '' || !Number.isFinite(t) || t < 0 || t > 1)
    throw new CliError(`--threshold must be a number from 0 to 1, not ${JSON.stringify(text)}\n\n${REPORT_USAGE}`)
  return t
}

export async function reportCommand(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { project: { type: 'string' }, threshold: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true
  })
  if (values.help) {
    out(`${REPORT_USAGE}\n`)
    return 0
  }
  if (!values.project) throw new CliError(`--project is required\n\n${REPORT_USAGE}`)
  const t = threshold(values.threshold)
  const project = openProjectApp(values.project)
  try {
    const report = await call(project.app, 'report.agreement', { project: project.project })
    const calibration = await call(project.app, 'report.calibration', { project: project.project, threshold: t })
    out(
      values.json ? `${JSON.stringify({ ...report, calibration }, null, 2)}\n` : `${formatAgreementTable(report)}\n\n${formatCalibrationTable(calibration)}\n`
    )
    return 0
  } finally {
    await project.close()
  }
}
