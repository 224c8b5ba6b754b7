/**
 * Fidelity against the original pipeline, where a real SkyCaptioner-V1 runs (a GPU box or a big
 * CPU): checks the endpoint as a job does, captions the two seed clips, and compares every field
 * with the original's own output in test_result.csv. Skipped, saying so, when given no model.
 * Run: npm run bench:fidelity -- --endpoint URL [--served-model NAME] [--api-key KEY]
 *      npm run bench:fidelity -- --model SkyCaptioner-V1.gguf --mmproj mmproj.gguf [--gpu-layers N]
 */
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { parse } from 'csv-parse/sync'
import { ENUM_FIELDS, StructuralCaption, TEXT_FIELDS } from '../src/shared/caption'
import { EngineConfig } from '../src/shared/jobs'
import { captionSample } from '../src/main/inference/captioner'
import { EngineHost } from '../src/main/inference/engine'
import { checkEndpoint, expectedClipTokens, probeClip } from '../src/main/inference/endpointCheck'
import { sampleClip } from '../src/main/inference/frames'
import { resolveTools } from '../src/main/media/tools'
import { ProcessManager } from '../src/main/processes'

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    'served-model': { type: 'string' },
    'api-key': { type: 'string' },
    model: { type: 'string' },
    mmproj: { type: 'string' },
    'gpu-layers': { type: 'string', default: 'auto' }
  }
})
if (!values.endpoint && !(values.model && values.mmproj)) {
  console.log('bench:fidelity skipped: it needs a real SkyCaptioner-V1, which cannot be downloaded here.')
  console.log('  give --endpoint URL (vLLM or llama-server serving it) [--served-model NAME], or --model M.gguf --mmproj P.gguf')
  process.exit(0)
}

const EXAMPLES = path.resolve(import.meta.dirname, '../../shared/fixtures/skycaptioner_v1/examples')
const CLIPS: [string, number][] = [
  ['data/2.mp4', 121],
  ['data/3.mp4', 101]
]
const original = new Map(
  (parse(readFileSync(path.join(EXAMPLES, 'test_result.csv')), { columns: true }) as { path: string; structural_caption: string }[]).map((r) => [
    path.basename(r.path),
    StructuralCaption.parse(JSON.parse(r.structural_caption))
  ])
)

/** Share of words two texts have in common (Jaccard on lower-cased words). */
function wordOverlap(a: string, b: string): number {
  const wa = new Set(a.toLowerCase().match(/[a-z0-9']+/g) ?? [])
  const wb = new Set(b.toLowerCase().match(/[a-z0-9']+/g) ?? [])
  const union = new Set([...wa, ...wb]).size
  return union === 0 ? 1 : [...wa].filter((w) => wb.has(w)).length / union
}

const processes = new ProcessManager()
const tools = resolveTools()
if (!tools.ffmpeg) throw new Error('bench:fidelity needs ffmpeg')
const engines = new EngineHost({ processes, logDir: os.tmpdir() })
const config = EngineConfig.parse(
  values.endpoint
    ? { endpoints: [{ url: values.endpoint, model: values['served-model'], apiKey: values['api-key'], concurrency: 1, timeoutMs: 600_000 }] }
    : { local: { model: values.model, mmproj: values.mmproj, gpuLayers: values['gpu-layers'] === 'auto' ? 'auto' : Number(values['gpu-layers']) } }
)
try {
  const pool = engines.pool(config)
  const probe = await probeClip(tools.ffmpeg, processes)
  const [check] = await pool
    .prepare((e) => checkEndpoint(e, probe))
    .catch((err: Error) => {
      console.log(`endpoint check: ${err.message}`)
      process.exit(1)
    })
  const expected = expectedClipTokens()
  console.log(`endpoint check: ${check.engine}, the clip took ${check.clipTokens} prompt tokens (llama.cpp ${expected['llama.cpp']}, vLLM ${expected.vllm})`)
  console.log('| clip | prompt tokens | ' + [...Object.keys(ENUM_FIELDS), 'subjects', ...TEXT_FIELDS].join(' | ') + ' |')
  for (const [file, frames] of CLIPS) {
    const sample = await sampleClip(tools.ffmpeg, processes, path.join(EXAMPLES, file), frames)
    const outcome = await captionSample(pool, sample)
    const ours = outcome.caption
    const theirs = original.get(path.basename(file))!
    const enums = Object.keys(ENUM_FIELDS).map((f) =>
      ours[f as keyof typeof ENUM_FIELDS] === theirs[f as keyof typeof ENUM_FIELDS]
        ? 'same'
        : `${ours[f as keyof typeof ENUM_FIELDS]} vs ${theirs[f as keyof typeof ENUM_FIELDS]}`
    )
    const subjects = `${ours.subjects.length} vs ${theirs.subjects.length}`
    const texts = TEXT_FIELDS.map((f) => `${(wordOverlap(ours[f], theirs[f]) * 100).toFixed(0)}% words`)
    console.log(`| ${path.basename(file)} | ${outcome.timings.promptTokens ?? '?'} | ${[...enums, subjects, ...texts].join(' | ')} |`)
  }
  console.log('Sampling is at temperature 0.05, as the original: expect small differences in free text from run to run.')
} finally {
  await engines.stop()
  processes.killAll()
}
