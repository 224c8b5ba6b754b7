import path from 'node:path'
import { parseArgs } from 'node:util'
import type { QuantFigures, ShootoutReport, ShootoutStart } from '../shared/api/shootout'
import { waitForJob } from './caption'
import { call, CliError } from './client'
import { openProjectApp } from './projectApp'

export const SHOOTOUT_USAGE = `skycap shootout: every quant captions the same clips of a project; prints accuracy, speed and memory per quant

  skycap shootout --project FILE --quant LABEL=MODEL.gguf --quant LABEL=URL ... [--mmproj FILE]
                  [--approved N | --stratified N | --clips ID,ID,...] [--max-tokens N] [--context N] [--skip-check] [--json]

  --quant LABEL=WHAT    a contender: a local GGUF (needs --mmproj) or an OpenAI-compatible endpoint URL; two or more
  --mmproj FILE         the vision projector the local quants run with
  --approved N          up to N approved clips (the default, 200)
  --stratified N        up to N clips per (shot type, subject type) pair
  --clips ID,...        these clip ids
  --max-tokens N        generation limit per caption (default 2048)
  --context N           tokens per slot for local quants (default 8192)
  --skip-check          do not check that endpoints see the clip's 16 frames as trained (only for endpoints you know)
  --json                print the report as JSON instead of a table
  Exit codes: 0 every quant answered every clip; 2 done, but some clips lack a quant's answer (listed on stderr);
  1 the shoot-out could not run or stopped.`

const OPTIONS = {
  project: { type: 'string' },
  quant: { type: 'string', multiple: true },
  mmproj: { type: 'string' },
  approved: { type: 'string' },
  stratified: { type: 'string' },
  clips: { type: 'string' },
  'max-tokens': { type: 'string' },
  context: { type: 'string' },
  'skip-check': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean' }
} as const

function count(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--${flag} ${text}: give a whole number of at least 1`)
  return n
}

function sampleOf(values: { approved?: string; stratified?: string; clips?: string }): ShootoutStart['sample'] {
  const given = [values.approved, values.stratified, values.clips].filter((v) => v !== undefined)
  if (given.length > 1) throw new CliError('Give one of --approved, --stratified and --clips')
  if (values.stratified !== undefined) return { kind: 'stratified', perStratum: count('stratified', values.stratified)! }
  if (values.clips !== undefined) return { kind: 'clips', clipIds: values.clips.split(',').map((id) => count('clips', id.trim())!) }
  return { kind: 'approved', limit: count('approved', values.approved) ?? 200 }
}

export async function shootoutCommand(argv: string[], log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true })
  if (values.help) {
    log(SHOOTOUT_USAGE)
    return 0
  }
  if (!values.project) throw new CliError(`--project is required\n\n${SHOOTOUT_USAGE}`)
  if ((values.quant ?? []).length < 2) throw new CliError(`Give two or more --quant LABEL=MODEL.gguf (or LABEL=URL)\n\n${SHOOTOUT_USAGE}`)
  const sample = sampleOf(values)
  const maxTokens = count('max-tokens', values['max-tokens'])
  const contextPerSlot = count('context', values.context)
  const quants = values.quant!.map((text) => {
    const at = text.indexOf('=')
    if (at <= 0 || at === text.length - 1) throw new CliError(`--quant ${text}: write LABEL=MODEL.gguf or LABEL=URL`)
    const [label, what] = [text.slice(0, at), text.slice(at + 1)]
    if (/^https?:\/\//.test(what)) return { label, engine: { endpoints: [{ url: what, check: !values['skip-check'] }], maxTokens } }
    if (!values.mmproj) throw new CliError(`--quant ${label}: a local model needs --mmproj (the vision projector)`)
    return { label, engine: { local: { model: path.resolve(what), mmproj: path.resolve(values.mmproj), contextPerSlot }, endpoints: [], maxTokens } }
  })
  const project = openProjectApp(values.project)
  try {
    // in-process, the files named on the command line are the user's choice
    for (const q of quants) if (q.engine.local) for (const file of [q.engine.local.model, q.engine.local.mmproj]) project.app.roots.grant(file)
    const job = await call(project.app, 'shootout.start', { project: project.project, quants, sample })
    log(`shoot-out of ${quants.length} quants on ${job.progress.total} clips`)
    const final = job.state === 'running' || job.state === 'queued' ? await waitForJob(project.app, job.id, log) : job
    const report = await call(project.app, 'shootout.report', { project: project.project })
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatShootoutTable(report)}\n`)
    if (final.state !== 'done') {
      log(`the shoot-out stopped (${final.state}): ${final.error ?? ''}`)
      return 1
    }
    for (const f of final.failures) log(`${path.basename(f.path)}: ${f.error}`)
    return report.quants.some((q) => q.unanswered > 0) ? 2 : 0
  } finally {
    await project.close()
  }
}

const fixed = (n: number | null, digits = 0) => (n === null ? '—' : n.toFixed(digits))
const pct = (n: number | null) => (n === null ? '—' : `${(100 * n).toFixed(1)}%`)

/** The Report's shoot-out table as text, with the reference the chart and recommendation use. */
export function formatShootoutTable(report: ShootoutReport): string {
  if (report.jobId === null) return 'No shoot-out in this project yet.'
  const head = ['quant', 'clips', 'reused', 'no answer', 'vs approved', 'vs gold', 's/clip', 'clips/h', 'prompt tok/s', 'output tok/s', 'peak GB', 'pareto']
  const row = (q: QuantFigures) => [
    q.label,
    String(q.clips),
    String(q.reused),
    String(q.unanswered),
    `${pct(q.approved.accuracy)} (${q.approved.clips})`,
    `${pct(q.gold.accuracy)} (${q.gold.clips})`,
    fixed(q.secondsPerClip, 1),
    fixed(q.clipsPerHour),
    fixed(q.promptTokensPerSecond),
    fixed(q.outputTokensPerSecond, 1),
    q.peakMemoryBytes === null ? '—' : (q.peakMemoryBytes / 1e9).toFixed(1),
    q.pareto ? 'yes' : ''
  ]
  const rows = [head, ...report.quants.map(row)]
  const widths = head.map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  const lines = rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '))
  const reference = report.chartReference === 'gold' ? 'the blind gold set' : 'the approved captions'
  return [
    `Shoot-out job ${report.jobId}: ${report.clips} clip(s), ${report.goldClips} in the blind gold set; Pareto front and recommendation against ${reference}.`,
    ...lines,
    ...(report.evidence ? ['', report.evidence] : [])
  ].join('\n')
}
