import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ENUM_FIELDS, serializeCaption } from '../shared/caption'
import type { PrelabelConfidence } from '../shared/confidence'
import type { ProjectInfo } from '../shared/contract'
import type { JobInfo } from '../shared/jobs'
import { createStudioApp, type StudioApp } from '../main/app'
import { collectCsv } from '../main/clips/csvSource'
import { call, CliError } from './client'
import { rewriteCsv } from './csvRewrite'

const ENUM_KEYS = Object.keys(ENUM_FIELDS) as (keyof typeof ENUM_FIELDS)[]
const CONFIDENCE_COLUMNS = [...ENUM_KEYS.map((f) => `${f}_confidence`), 'confidence_min']

/** The --confidence cells of a pre-label, in CONFIDENCE_COLUMNS' order: empty where there is no score. */
export function confidenceCells(confidence: PrelabelConfidence | undefined): string[] {
  const scored = confidence?.status === 'scored' ? confidence : null
  const cell = (p: number | null | undefined) => (p === null || p === undefined ? '' : p.toFixed(4))
  return [...ENUM_KEYS.map((f) => cell(scored?.fields.find((x) => x.path === f)?.p)), cell(scored?.min)]
}

export const CAPTION_USAGE = `skycap caption: pre-label clips, like the original vllm_struct_caption.py

  skycap caption --input-csv clips.csv --out-csv result.csv (--model LM.gguf --mmproj MMPROJ.gguf | --endpoint URL ...)

  --input-csv FILE    CSV with a "path" column (relative paths as in the SkyCaptioner-V1 seed)
  --out-csv FILE      the input's rows and columns, in order, plus structural_caption (replaced
                      in place when the input has one); empty for a clip that failed
  --model FILE        local GGUF language model, run with llama-server
  --mmproj FILE       its vision projector GGUF
  --endpoint URL      OpenAI-compatible server (vLLM, llama-server); repeat for several
  --served-model NAME the endpoints' model name (vLLM's --served-model-name; default skycaptioner-v1)
  --no-endpoint-check skip sending each endpoint a known clip first (only for servers that report no
                      token usage; docs/prelabel.md, "The endpoint check")
  --concurrency N     requests at once: local parallel slots, or per endpoint (default 1 local, 4 remote)
  --context N         context tokens per local slot (default 8192)
  --gpu-layers N      layers to offload (default auto)
  --project FILE      also keep clips and pre-labels in this project (created if missing)
  --timeout-ms N      per-request timeout
  --max-tokens N      new-token limit (default 2048, as the original)
  --top-logprobs K    alternatives per generated token kept for per-field confidence (default 5, at
                      most 20; 0 asks the engine for no log-probabilities)
  --confidence        also write ${CONFIDENCE_COLUMNS.join(', ')}:
                      per enum field the chosen option's probability, and the clip's lowest field
                      probability; empty where the engine gave no log-probabilities
  --spreadsheet-safe  prefix cells a spreadsheet would run as formulas (= + - @ ...) with '; off by
                      default, so the captions are written as the model gave them`

const OPTIONS = {
  'input-csv': { type: 'string' },
  'out-csv': { type: 'string' },
  model: { type: 'string' },
  mmproj: { type: 'string' },
  endpoint: { type: 'string', multiple: true },
  'served-model': { type: 'string' },
  'no-endpoint-check': { type: 'boolean' },
  concurrency: { type: 'string' },
  context: { type: 'string' },
  'gpu-layers': { type: 'string' },
  project: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'max-tokens': { type: 'string' },
  'top-logprobs': { type: 'string' },
  confidence: { type: 'boolean' },
  'spreadsheet-safe': { type: 'boolean' },
  help: { type: 'boolean' }
} as const

function int(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new CliError(`--${name} must be a whole number, got "${value}"`)
  return n
}

/** Opens (or creates) the project the CLI writes into, a temporary one when none is given; its id. */
async function openProject(app: StudioApp, file: string | undefined): Promise<string> {
  if (!file) return (await call(app, 'project.create', { name: `cli-${process.pid}` })).id
  const abs = path.resolve(file)
  const opened = await app.dispatch('project.open', { path: abs })
  if (opened.ok) return (opened.data as ProjectInfo).id
  if (opened.error.code !== 'not_found') throw new CliError(opened.error.message)
  // project.create names files after the project inside the data dir; open by path instead
  const { ProjectStore } = await import('../main/store/project')
  ProjectStore.create(abs, path.basename(abs, '.sqlite')).close()
  return (await call(app, 'project.open', { path: abs })).id
}

/** Resolves with the job once it stops running, logging its progress. */
export function waitForJob(app: StudioApp, jobId: number, log: (line: string) => void): Promise<JobInfo> {
  return new Promise((resolve) => {
    const stop = app.bus.subscribe((event, payload) => {
      if (event !== 'job.progress') return
      const job = payload as JobInfo
      if (job.id !== jobId) return
      const p = job.progress
      const rate = p.clipsPerMinute ? `${p.clipsPerMinute.toFixed(1)} clips/min` : ''
      log(`${p.done + p.failed}/${p.total} done, ${p.failed} failed ${rate}`)
      if (job.state !== 'running' && job.state !== 'queued') {
        stop()
        resolve(job)
      }
    })
  })
}

export async function captionCommand(argv: string[], log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true })
  if (values.help) {
    log(CAPTION_USAGE)
    return 0
  }
  const input = values['input-csv']
  const output = values['out-csv']
  if (!input || !output) throw new CliError(`--input-csv and --out-csv are required\n\n${CAPTION_USAGE}`)
  if (!values.model && !values.endpoint?.length) throw new CliError('Give --model and --mmproj, or at least one --endpoint')
  if (values.model && !values.mmproj) throw new CliError('--model needs --mmproj (the vision projector)')
  const concurrency = int(values.concurrency, 'concurrency')
  const timeoutMs = int(values['timeout-ms'], 'timeout-ms')
  const topLogprobs = int(values['top-logprobs'], 'top-logprobs')
  if (values.confidence && topLogprobs === 0) throw new CliError('--confidence needs log-probabilities: leave out --top-logprobs 0')

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'skycap-cli-'))
  const app = createStudioApp({ dataDir })
  try {
    // in-process, the files named on the command line and the clips the user's own CSV lists are the user's choice
    const listed = await collectCsv(input, () => true).catch(() => null) // an unreadable CSV is reported by clips.import
    for (const file of [input, values.model, values.mmproj, values.project]) if (file) app.roots.grant(file)
    for (const folder of new Set(listed?.entries.map((e) => path.dirname(e.path)))) app.roots.grant(folder)
    const project = await openProject(app, values.project)
    const report = await call(app, 'clips.import', { project, kind: 'csv', path: input })
    for (const w of report.warnings) log(`note: ${w}`)
    for (const f of report.failed) log(`skipped: ${f.path}: ${f.error}`)
    const entries = listed?.entries ?? []
    const found = await call(app, 'clips.byPath', { project, paths: entries.map((e) => e.path) })
    const clipIds = found.flatMap((f) => (f.clipId === null ? [] : [f.clipId]))

    // route input: prelabel.start validates each endpoint and fills in its defaults
    const endpoints = (values.endpoint ?? []).map((url) => ({
      url,
      concurrency: concurrency ?? 4,
      timeoutMs: timeoutMs ?? 300_000,
      retries: 2,
      model: values['served-model'],
      check: !values['no-endpoint-check']
    }))
    const local = values.model
      ? {
          model: path.resolve(values.model),
          mmproj: path.resolve(values.mmproj as string),
          contextPerSlot: int(values.context, 'context') ?? 8192,
          parallel: concurrency ?? 1,
          gpuLayers: int(values['gpu-layers'], 'gpu-layers') ?? ('auto' as const),
          timeoutMs: timeoutMs ?? 600_000
        }
      : undefined
    const job = await call(app, 'prelabel.start', {
      project,
      scope: 'selected',
      clipIds,
      engine: { local, endpoints, maxTokens: int(values['max-tokens'], 'max-tokens'), topLogprobs }
    })
    log(`pre-labeling ${job.progress.total} clips`)
    const final = job.state === 'running' ? await waitForJob(app, job.id, log) : job
    if (final.error) log(`job stopped: ${final.error}`)

    // each path as written in the CSV (how collectCsv lists a clip's sources) → the job's caption
    const captionOf = new Map<string, { caption: string; confidence: string[] }>()
    let captioned = 0
    for (const [i, entry] of entries.entries()) {
      const clipId = found[i].clipId
      const detail = clipId === null ? null : await call(app, 'clips.get', { project, id: clipId })
      const prelabel = detail?.prelabel?.source.details.jobId === job.id ? detail.prelabel : null
      if (!prelabel) continue
      captioned++
      const cells = { caption: serializeCaption(prelabel.caption), confidence: confidenceCells(prelabel.confidence) }
      for (const source of entry.sources) captionOf.set(source, cells)
    }
    let pathColumn = ''
    await rewriteCsv({
      input,
      output,
      column: 'structural_caption',
      spreadsheetSafe: values['spreadsheet-safe'] ?? false,
      inFlight: 1,
      // found the way collectCsv finds it; it has already refused a CSV without one
      checkHeader: (header) => {
        pathColumn = header.find((h) => h.trim().toLowerCase() === 'path') ?? ''
      },
      value: (row) => captionOf.get((row[pathColumn] ?? '').trim())?.caption ?? '',
      ...(values.confidence
        ? {
            extraColumns: CONFIDENCE_COLUMNS,
            extraValues: (row: Record<string, string>) => captionOf.get((row[pathColumn] ?? '').trim())?.confidence ?? CONFIDENCE_COLUMNS.map(() => '')
          }
        : {})
    })
    for (const f of final.failures) log(`failed: ${f.path}: ${f.error}`)
    log(`wrote ${output}: ${captioned} of ${entries.length} clips captioned`)
    return captioned === entries.length ? 0 : 2
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
