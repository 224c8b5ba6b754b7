import { parseArgs } from 'node:util'
import { formatAgreementTable } from '../main/report/table'
import { call, CliError } from './client'
import { openProjectApp } from './projectApp'

export const REPORT_USAGE = `skycap report: how far each model and quant's pre-labels agree with the approved captions

  skycap report --project FILE [--json]

  --project FILE      the project (.sqlite)
  --json              print the report as JSON instead of a table`

export async function reportCommand(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { project: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } }, strict: true })
  if (values.help) {
    out(`${REPORT_USAGE}\n`)
    return 0
  }
  if (!values.project) throw new CliError(`--project is required\n\n${REPORT_USAGE}`)
  const project = openProjectApp(values.project)
  try {
    const report = await call(project.app, 'report.agreement', { project: project.project })
    out(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatAgreementTable(report)}\n`)
    return 0
  } finally {
    await project.close()
  }
}
