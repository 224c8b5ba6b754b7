// Generates a tiny random-weight Qwen2 text instruct model (architecture qwen2, the real Qwen2
// vocab and chat template) that node-llama-cpp loads and runs in-process in well under a second.
// Caption fusion tests use it: the words it writes are noise, but the whole real path runs.
// Usage: npx tsx scripts/make-tiny-text-model.ts [--out DIR] [--force]
import { statSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { bool, encodeGguf, f32, str, u32 } from './lib/gguf'
import type { GgufTensorInput, GgufValue } from './lib/gguf'
import { defaultCacheDir, EMBD, FF, HEADS, KV_HEADS, LAYERS, loadQwen2Vocab, matrix, normalRng, ones, qwen2Blocks, writeAtomically } from './make-tiny-models'
import { shareRun } from './lib/inFlight'

/** Bump when the recipe changes, so cached files are regenerated. */
const RECIPE_VERSION = 1
const SEED = 20250611
const MODEL_FILE = 'tiny-qwen2.5-instruct.gguf'
const STAMP_FILE = 'tiny-text-model.json'

const VOCAB = 151936

const pending = new Map<string, Promise<string>>()

/**
 * Path of the tiny text model, generating it first unless a file of the current recipe is there.
 * Safe for parallel test workers: the file appears by atomic rename, the stamp last.
 */
export function ensureTinyTextModel(opts: { outDir?: string; force?: boolean; log?: (line: string) => void } = {}): Promise<string> {
  const outDir = path.resolve(opts.outDir ?? path.join(defaultCacheDir(), 'test-models'))
  const force = opts.force ?? false
  return shareRun(pending, outDir, force, () => generateIfStale(outDir, force, opts.log ?? (() => {})))
}

async function generateIfStale(outDir: string, force: boolean, log: (line: string) => void): Promise<string> {
  const file = path.join(outDir, MODEL_FILE)
  if (!force && (await stampMatches(outDir, file))) return file
  const started = performance.now()
  await mkdir(outDir, { recursive: true })
  const vocab = await loadQwen2Vocab()
  await writeAtomically(file, encodeGguf(metadata(vocab), tensors(normalRng(SEED))))
  await writeAtomically(path.join(outDir, STAMP_FILE), JSON.stringify({ version: RECIPE_VERSION, size: statSync(file).size }) + '\n')
  log(`generated the tiny text model in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return file
}

async function stampMatches(outDir: string, file: string): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(path.join(outDir, STAMP_FILE), 'utf8'))
    return stamp.version === RECIPE_VERSION && statSync(file).size === stamp.size
  } catch {
    return false
  }
}

function metadata(vocab: Map<string, GgufValue>): Map<string, GgufValue> {
  const copy = (key: string): GgufValue => {
    const value = vocab.get(key)
    if (!value) throw new Error(`vocab file has no ${key}`)
    return value
  }
  return new Map<string, GgufValue>([
    ['general.architecture', str('qwen2')],
    ['general.type', str('model')],
    ['general.name', str(`SkyCaptioner tiny fusion test model (random weights, recipe ${RECIPE_VERSION})`)],
    ['general.file_type', u32(1)], // mostly f16
    ['qwen2.context_length', u32(32768)],
    ['qwen2.embedding_length', u32(EMBD)],
    ['qwen2.block_count', u32(LAYERS)],
    ['qwen2.feed_forward_length', u32(FF)],
    ['qwen2.attention.head_count', u32(HEADS)],
    ['qwen2.attention.head_count_kv', u32(KV_HEADS)],
    ['qwen2.rope.freq_base', f32(1e6)],
    ['qwen2.attention.layer_norm_rms_epsilon', f32(1e-6)],
    ['tokenizer.ggml.model', copy('tokenizer.ggml.model')],
    ['tokenizer.ggml.pre', copy('tokenizer.ggml.pre')],
    ['tokenizer.ggml.tokens', copy('tokenizer.ggml.tokens')],
    ['tokenizer.ggml.token_type', copy('tokenizer.ggml.token_type')],
    ['tokenizer.ggml.merges', copy('tokenizer.ggml.merges')],
    // as in Qwen2.5-Instruct: generation ends at <|im_end|>
    ['tokenizer.ggml.eos_token_id', u32(151645)],
    ['tokenizer.ggml.padding_token_id', u32(151643)],
    ['tokenizer.ggml.bos_token_id', u32(151643)],
    ['tokenizer.ggml.add_bos_token', bool(false)],
    ['tokenizer.chat_template', copy('tokenizer.chat_template')]
  ])
}

function tensors(rng: () => number): GgufTensorInput[] {
  // an output projection of its own: tied to token_embd, random weights mostly repeat the last
  // token, so the model would stop at once on the blank line that ends the chat prompt
  const list = [matrix('token_embd.weight', [EMBD, VOCAB], rng), ones('output_norm.weight', EMBD), matrix('output.weight', [EMBD, VOCAB], rng)]
  list.push(...qwen2Blocks(rng))
  return list
}

async function main() {
  const args = process.argv.slice(2)
  const outAt = args.indexOf('--out')
  const outDir = outAt >= 0 ? args[outAt + 1] : undefined
  if (outAt >= 0 && !outDir) throw new Error('--out needs a directory')
  console.log(await ensureTinyTextModel({ outDir, force: args.includes('--force'), log: (line) => console.error(line) }))
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`make-tiny-text-model failed: ${err instanceof Error ? err.message : err}`)
    process.exit(1)
  })
}
