import path from 'node:path'
import { parseArgs } from 'node:util'
import { createStudioApp } from '../main/app'
import { readLocalGguf } from '../main/models/ggufFacts'
import { rulePresets } from '../main/models/quantize'
import type { QuantizeProgress, QuantizeRule } from '../shared/quantize'
import { call, CliError } from './client'

export const QUANTIZE_USAGE = `skycap quantize: make a quant from an F16/BF16 GGUF with llama-quantize, into the studio's catalog

  skycap quantize SOURCE.gguf --type TYPE [--rule PATTERN=TYPE ...] [--preset NAME]
                  [--imatrix FILE | --calibration TEXT_FILE] [--mmproj FILE] [--data-dir DIR]

  --type TYPE           Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q4_0, ... (llama-quantize's names)
  --rule PATTERN=TYPE   layer bumping: tensors whose name matches the regex get TYPE (first match wins), e.g. attn_v=q8_0
  --preset NAME         start from a preset's rules: ${rulePresets(28)
    .map((p) => p.id)
    .join(', ')}
  --imatrix FILE        an importance matrix to use
  --calibration FILE    a text to compute an importance matrix from with llama-imatrix
  --mmproj FILE         the vision projector to pair the result with in the catalog
  --data-dir DIR        the studio's data folder (default: the studio's own)
  The result is written beside SOURCE; Ctrl-C cancels and removes the partial file.`

export async function quantizeCommand(argv: string[], log: (text: string) => void = (t) => process.stderr.write(`${t}\n`)): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      type: { type: 'string' },
      rule: { type: 'string', multiple: true },
      preset: { type: 'string' },
      imatrix: { type: 'string' },
      calibration: { type: 'string' },
      mmproj: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean' }
    }
  })
  if (values.help) {
    log(QUANTIZE_USAGE)
    return 0
  }
  const [source] = positionals
  if (!source || !values.type || positionals.length > 1) throw new CliError(`one SOURCE.gguf and --type are required\n\n${QUANTIZE_USAGE}`)
  const rules = [...(values.preset ? await presetRules(values.preset, source) : []), ...(values.rule ?? []).map(parseRule)]
  const app = createStudioApp({ dataDir: values['data-dir'] })
  // in-process, the files named on the command line are the user's choice
  for (const file of [source, values.imatrix, values.calibration, values.mmproj]) if (file) app.roots.grant(path.resolve(file))
  app.roots.grant(path.dirname(path.resolve(source)))
  const stop = app.bus.subscribe((event, payload) => {
    if (event !== 'models.quantize') return
    const p = payload as QuantizeProgress
    if (p.stage === 'imatrix') log(`computing the importance matrix for ${p.output}`)
    else if (p.stage === 'quantizing' && p.total) log(`quantizing ${p.output}: ${p.done}/${p.total} tensors`)
  })
  const cancel = () => void app.dispatch('models.quantizeCancel', {})
  process.once('SIGINT', cancel)
  try {
    const entry = await call(app, 'models.quantize', {
      source: path.resolve(source),
      type: values.type,
      rules,
      imatrix: values.imatrix && path.resolve(values.imatrix),
      calibration: values.calibration && path.resolve(values.calibration),
      mmproj: values.mmproj && path.resolve(values.mmproj)
    })
    process.stdout.write(`${entry.model.path}\n`)
    return 0
  } finally {
    process.off('SIGINT', cancel)
    stop()
    await app.close()
  }
}

/** A preset's rules for this file: "first and last blocks" needs its block count. */
async function presetRules(id: string, source: string): Promise<QuantizeRule[]> {
  const preset = rulePresets(28).find((p) => p.id === id)
  if (!preset)
    throw new CliError(
      `Unknown preset ${id}; one of ${rulePresets(28)
        .map((p) => p.id)
        .join(', ')}`
    )
  const info = await readLocalGguf(path.resolve(source)).catch((err: Error) => {
    throw new CliError(`${path.basename(source)}: ${err.message}`)
  })
  if (info.kind !== 'model') throw new CliError(`${path.basename(source)} is a vision projector (mmproj), not a language model`)
  return rulePresets(info.blocks).find((p) => p.id === id)!.rules
}

function parseRule(text: string): QuantizeRule {
  const at = text.lastIndexOf('=')
  if (at <= 0 || at === text.length - 1) throw new CliError(`--rule ${text}: write PATTERN=TYPE, e.g. attn_v=q8_0`)
  return { pattern: text.slice(0, at), type: text.slice(at + 1) }
}
