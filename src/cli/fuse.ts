import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { RemoteEndpoint } from '../shared/jobs'
import { FusionTask } from '../shared/output'
import { parseCaption } from '../shared/parseCaption'
import { fuseCaption } from '../main/fusion/fuse'
import { remoteFusionLlm, type FusionLlm } from '../main/fusion/llm'
import { LocalFusionLlm } from '../main/fusion/localLlm'
import { FUSION_SAMPLING } from '../main/fusion/prompts'
import { CliError } from './client'
import { rewriteCsv } from './csvRewrite'

export const FUSE_USAGE = `skycap fuse: T2V / I2V captions from structural captions, like the original vllm_fusion_caption.py

  skycap fuse --input-csv IN.csv --out-csv OUT.csv --task t2v|i2v (--model INSTRUCT.gguf | --endpoint URL ...)

  --input-csv FILE    CSV with path and structural_caption columns (e.g. the output of skycap caption)
  --out-csv FILE      the same rows and columns plus t2v_fusion_caption or i2v_fusion_caption
  --task t2v|i2v      which caption to write (default t2v)
  --model FILE        a local instruct GGUF (e.g. a Qwen2.5-Instruct quant), run in-process
  --endpoint URL      OpenAI-compatible server (vLLM, llama-server); repeat for several
  --served-model NAME the endpoint's model name (vLLM's --served-model-name)
  --concurrency N     requests at once: local sequences, or per endpoint (default 1 local, 4 remote)
  --context N         local context size (default 4096, as the original)
  --gpu-layers N      layers to offload (default auto)
  --threads N         CPU threads for the local model
  --max-tokens N      new-token limit (default 512, as the original)
  --augment-seed N    the original's training-time augmentation (drop appearance/position/lighting 10%), seeded
  --spreadsheet-safe  prefix cells a spreadsheet would run as formulas (= + - @ ...) with '; off by
                      default: the original's no-subject caption "- Static shot." is kept as is`

const OPTIONS = {
  'input-csv': { type: 'string' },
  'out-csv': { type: 'string' },
  task: { type: 'string', default: 't2v' },
  model: { type: 'string' },
  endpoint: { type: 'string', multiple: true },
  'served-model': { type: 'string' },
  concurrency: { type: 'string' },
  context: { type: 'string' },
  'gpu-layers': { type: 'string' },
  threads: { type: 'string' },
  'max-tokens': { type: 'string' },
  'augment-seed': { type: 'string' },
  'spreadsheet-safe': { type: 'boolean' },
  help: { type: 'boolean' }
} as const

function int(value: string | undefined, name: string, min = 0): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) throw new CliError(`--${name} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, got "${value}"`)
  return n
}

async function openLlm(values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values']): Promise<FusionLlm> {
  const concurrency = int(values.concurrency, 'concurrency', 1)
  if (values.model) {
    if (!fs.existsSync(values.model)) throw new CliError(`No model file at ${values.model}`)
    return LocalFusionLlm.load({
      model: path.resolve(values.model),
      contextSize: int(values.context, 'context', 512) ?? 4096,
      parallel: concurrency ?? 1,
      gpuLayers: int(values['gpu-layers'], 'gpu-layers') ?? 'auto',
      threads: int(values.threads, 'threads', 1)
    })
  }
  const endpoints = (values.endpoint ?? []).map((url) => {
    const endpoint = RemoteEndpoint.safeParse({ url, concurrency: concurrency ?? 4, model: values['served-model'] })
    if (!endpoint.success) throw new CliError(`--endpoint ${url}: ${endpoint.error.issues.map((i) => i.message).join('; ')}`)
    return endpoint.data
  })
  return remoteFusionLlm(endpoints)
}

/**
 * Fuses the input CSV row by row into the output CSV (every input column kept, rows in order),
 * with up to 2 × the LLM's capacity rows in flight; a row that cannot be fused gets an empty cell.
 */
export async function fuseCommand(argv: string[], log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true })
  if (values.help) {
    log(FUSE_USAGE)
    return 0
  }
  const input = values['input-csv']
  const output = values['out-csv']
  if (!input || !output) throw new CliError(`--input-csv and --out-csv are required\n\n${FUSE_USAGE}`)
  const task = FusionTask.safeParse(values.task)
  if (!task.success) throw new CliError(`--task must be t2v or i2v, got "${values.task}"`)
  if (!values.model === !values.endpoint?.length) throw new CliError('Give --model or --endpoint (one of the two)')
  if (!fs.existsSync(input)) throw new CliError(`Input CSV not found: ${input}`)
  const maxTokens = int(values['max-tokens'], 'max-tokens', 1) ?? FUSION_SAMPLING.maxTokens
  const augmentSeed = int(values['augment-seed'], 'augment-seed') ?? null

  const llm = await openLlm(values)
  const counts = { rows: 0, model: 0, rule: 0, failed: 0 }
  const fuseRow = async (row: Record<string, string>, index: number): Promise<string> => {
    const where = `${row.path ?? '?'} (row ${index + 1})`
    const parsed = parseCaption(row.structural_caption ?? '')
    if (parsed.problems.some((p) => p.kind === 'not_json')) {
      counts.failed++
      log(`skipped ${where}: structural_caption is not a caption`)
      return ''
    }
    try {
      const fused = await fuseCaption(llm, parsed.caption, task.data, { maxTokens, augmentSeed, clipKey: row.path ?? String(index + 1) })
      counts[fused.origin]++
      return fused.text
    } catch (err) {
      counts.failed++
      log(`failed ${where}: ${(err as Error).message}`)
      return ''
    }
  }
  try {
    counts.rows = await rewriteCsv({
      input,
      output,
      column: `${task.data}_fusion_caption`,
      spreadsheetSafe: values['spreadsheet-safe'] ?? false,
      inFlight: llm.capacity * 2,
      checkHeader: (header) => {
        if (!header.includes('structural_caption')) throw new CliError(`${input} has no structural_caption column`)
      },
      value: fuseRow
    })
  } finally {
    if (llm instanceof LocalFusionLlm) await llm.dispose()
  }
  log(`wrote ${output}: ${counts.rows} rows, ${counts.model} by ${llm.provenance.label}, ${counts.rule} without subjects (no LLM), ${counts.failed} failed`)
  return counts.failed > 0 ? 2 : 0
}
