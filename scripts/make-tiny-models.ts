// Generates a tiny random-weight Qwen2.5-VL pair (language model + mmproj) that the bundled
// llama-server loads and runs on video. Recipe: shared/docs/llama-video.md.
// Usage: npx tsx scripts/make-tiny-models.ts [--out DIR] [--force] [--wide (the 256-wide variant, in the cache)]
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { GGML_F16, GGML_F32, arr, bool, encodeGguf, f32, floatToHalf, readGguf, str, u32 } from './lib/gguf'
import type { GgufTensorInput, GgufValue } from './lib/gguf'
import { shareRun } from './lib/inFlight'

/** Bump when the recipe changes, so cached files are regenerated. */
const RECIPE_VERSION = 1
const SEED = 20250607
const MODEL_FILE = 'tiny-qwen2.5-vl.gguf'
const MMPROJ_FILE = 'tiny-qwen2.5-vl-mmproj.gguf'
const STAMP_FILE = 'tiny-models.json'

// Language model sizes (ggml order everywhere below: innermost dimension first).
// The tiny Qwen2 shape, also used by make-tiny-text-model.ts.
export const EMBD = 64
export const FF = 128
export const HEADS = 4
export const KV_HEADS = 2
export const LAYERS = 2

/** A language model shape; the projector's output width follows its embedding width. */
export interface TinyShape {
  embd: number
  ff: number
  heads: number
  kvHeads: number
  layers: number
  /** M-RoPE sections (time, height, width, unused); they sum to head_dim / 2 */
  sections: number[]
  /** Goes into general.name, so the two variants are told apart. */
  label: string
}
const TINY: TinyShape = { embd: EMBD, ff: FF, heads: HEADS, kvHeads: KV_HEADS, layers: LAYERS, sections: [2, 3, 3, 0], label: 'tiny' }
/** Rows of 256 (and 4 blocks, so "first and last" is not "all"): the K-quants' block size, so Q4_K/Q6_K really apply. */
export const TINY_WIDE: TinyShape = { embd: 256, ff: 512, heads: 4, kvHeads: 2, layers: 4, sections: [8, 12, 12, 0], label: 'tiny 256-wide' }
const WIDE_FILES = { model: 'tiny-qwen2.5-vl-256.gguf', mmproj: 'tiny-qwen2.5-vl-256-mmproj.gguf', stamp: 'tiny-models-256.json' }
// Vision tower sizes.
const V_EMBD = 64
const V_FF = 128
const V_LAYERS = 2
const PATCH = 14
const MERGE = 2

/** Qwen2.5-VL's added tokens that the plain Qwen2 vocab only has as [PAD...] placeholders. */
const QWEN25VL_ADDED_TOKENS: [number, string][] = [
  [151646, '<|object_ref_start|>'],
  [151647, '<|object_ref_end|>'],
  [151648, '<|box_start|>'],
  [151649, '<|box_end|>'],
  [151650, '<|quad_start|>'],
  [151651, '<|quad_end|>'],
  [151652, '<|vision_start|>'],
  [151653, '<|vision_end|>'],
  [151654, '<|vision_pad|>'],
  [151655, '<|image_pad|>'],
  [151656, '<|video_pad|>'],
  [151657, '<tool_call>'],
  [151658, '</tool_call>'],
  [151659, '<|fim_prefix|>'],
  [151660, '<|fim_middle|>'],
  [151661, '<|fim_suffix|>'],
  [151662, '<|fim_pad|>'],
  [151663, '<|repo_name|>'],
  [151664, '<|file_sep|>']
]
// llama.cpp token types
const TOKEN_CONTROL = 3
const TOKEN_USER_DEFINED = 4

export interface TinyModels {
  model: string
  mmproj: string
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SKYCAP_CACHE_DIR) return env.SKYCAP_CACHE_DIR
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'skycaptioner-studio')
}

const pending = new Map<string, Promise<TinyModels>>()

/**
 * Returns the tiny model pair, generating it first unless files of the current recipe are
 * already there. Safe to call from parallel test workers: files appear by atomic rename.
 */
export function ensureTinyModels(opts: { outDir?: string; force?: boolean; log?: (line: string) => void } = {}): Promise<TinyModels> {
  const outDir = path.resolve(opts.outDir ?? path.join(defaultCacheDir(), 'test-models'))
  const force = opts.force ?? false
  const names = { model: MODEL_FILE, mmproj: MMPROJ_FILE, stamp: STAMP_FILE }
  return shareRun(pending, outDir, force, () => generateIfStale(outDir, force, opts.log ?? (() => {}), TINY, names))
}

/** The same pair in TINY_WIDE's shape (f16, about 80 MB), for quantising to K-quants. */
export function ensureTinyWideModels(opts: { force?: boolean; log?: (line: string) => void } = {}): Promise<TinyModels> {
  const outDir = path.join(defaultCacheDir(), 'test-models')
  const force = opts.force ?? false
  return shareRun(pending, `${outDir}#256`, force, () => generateIfStale(outDir, force, opts.log ?? (() => {}), TINY_WIDE, WIDE_FILES))
}

async function generateIfStale(
  outDir: string,
  force: boolean,
  log: (line: string) => void,
  shape: TinyShape,
  names: { model: string; mmproj: string; stamp: string }
): Promise<TinyModels> {
  const files = { model: path.join(outDir, names.model), mmproj: path.join(outDir, names.mmproj) }
  if (!force && (await stampMatches(outDir, files, names.stamp))) return files
  const started = performance.now()
  await mkdir(outDir, { recursive: true })
  const rng = normalRng(SEED)
  const vocab = await loadQwen2Vocab()
  await writeAtomically(files.model, encodeGguf(languageModelMetadata(vocab, shape), languageModelTensors(rng, shape)))
  await writeAtomically(files.mmproj, encodeGguf(projectorMetadata(shape), projectorTensors(rng, shape)))
  // the stamp goes last: it vouches for both files
  const stamp = { version: RECIPE_VERSION, model: statSync(files.model).size, mmproj: statSync(files.mmproj).size }
  await writeAtomically(path.join(outDir, names.stamp), JSON.stringify(stamp) + '\n')
  log(`generated ${shape.label} models in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return files
}

async function stampMatches(outDir: string, files: TinyModels, stampFile: string): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(path.join(outDir, stampFile), 'utf8'))
    return stamp.version === RECIPE_VERSION && statSync(files.model).size === stamp.model && statSync(files.mmproj).size === stamp.mmproj
  } catch {
    return false
  }
}

/** Readers in other processes see the old file or the new one, never half of one. */
export async function writeAtomically(file: string, data: Buffer | string) {
  await writeFile(`${file}.${process.pid}.tmp`, data)
  await rename(`${file}.${process.pid}.tmp`, file)
}

/** The llama.cpp source node-llama-cpp ships, and where scripts/setup-llama.mjs checks it out. */
export function bundledLlamaSource(): { bundle: string; commit: string; checkoutDir: string } {
  const require = createRequire(import.meta.url)
  // node-llama-cpp's exports hide package.json, so walk up from its main entry
  const bundle = path.join(path.dirname(require.resolve('node-llama-cpp')), '..', 'llama', 'gitRelease.bundle')
  const commit = execFileSync('git', ['bundle', 'list-heads', bundle], { encoding: 'utf8' }).trim().split(/\s+/)[0]
  return { bundle, commit, checkoutDir: path.join(defaultCacheDir(), 'llama.cpp', commit.slice(0, 12)) }
}

/** The real Qwen2 tokenizer from llama.cpp's models/ggml-vocab-qwen2.gguf (no weights). */
export async function loadQwen2Vocab(): Promise<Map<string, GgufValue>> {
  const { bundle, checkoutDir } = bundledLlamaSource()
  const vocabPath = 'models/ggml-vocab-qwen2.gguf'
  const checkout = path.join(checkoutDir, vocabPath)
  if (existsSync(checkout)) return (await readGguf(checkout)).metadata
  // no checkout yet: read the one file out of the bundle
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'skycap-vocab-'))
  try {
    execFileSync('git', ['clone', '--no-checkout', '--quiet', bundle, path.join(tmp, 'src')])
    const bytes = execFileSync('git', ['-C', path.join(tmp, 'src'), 'show', `HEAD:${vocabPath}`], { maxBuffer: 64 << 20 })
    await writeFile(path.join(tmp, 'vocab.gguf'), bytes)
    return (await readGguf(path.join(tmp, 'vocab.gguf'))).metadata
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

function languageModelMetadata(vocab: Map<string, GgufValue>, shape: TinyShape): Map<string, GgufValue> {
  const tokens = vocab.get('tokenizer.ggml.tokens')
  const types = vocab.get('tokenizer.ggml.token_type')
  if (tokens?.type !== 'array' || types?.type !== 'array') throw new Error('vocab file has no token list')
  const names = [...(tokens.value as string[])]
  const kinds = [...(types.value as number[])]
  for (const [id, name] of QWEN25VL_ADDED_TOKENS) {
    if (names[id] !== name && !/^\[PAD\d+\]$/.test(names[id])) throw new Error(`vocab id ${id} is ${names[id]}, not a [PAD] placeholder`)
    names[id] = name
    // as llama.cpp's converter types them: <|...|> tokens are control, the others user-defined
    kinds[id] = name.startsWith('<|') ? TOKEN_CONTROL : TOKEN_USER_DEFINED
  }
  const copy = (key: string): GgufValue => {
    if (!vocab.has(key)) throw new Error(`vocab file has no ${key}`)
    return vocab.get(key)!
  }
  return new Map<string, GgufValue>([
    ['general.architecture', str('qwen2vl')],
    ['general.type', str('model')],
    ['general.name', str(`SkyCaptioner ${shape.label} test model (random weights, recipe ${RECIPE_VERSION})`)],
    ['general.file_type', u32(1)], // mostly f16
    ['qwen2vl.context_length', u32(32768)],
    ['qwen2vl.embedding_length', u32(shape.embd)],
    ['qwen2vl.block_count', u32(shape.layers)],
    ['qwen2vl.feed_forward_length', u32(shape.ff)],
    ['qwen2vl.attention.head_count', u32(shape.heads)],
    ['qwen2vl.attention.head_count_kv', u32(shape.kvHeads)],
    ['qwen2vl.rope.freq_base', f32(1e6)],
    ['qwen2vl.attention.layer_norm_rms_epsilon', f32(1e-6)],
    // M-RoPE sections (time, height, width, unused); they sum to head_dim / 2
    ['qwen2vl.rope.dimension_sections', arr('i32', shape.sections)],
    ['tokenizer.ggml.model', copy('tokenizer.ggml.model')],
    ['tokenizer.ggml.pre', copy('tokenizer.ggml.pre')],
    ['tokenizer.ggml.tokens', arr('string', names)],
    ['tokenizer.ggml.token_type', arr('i32', kinds)],
    ['tokenizer.ggml.merges', copy('tokenizer.ggml.merges')],
    ['tokenizer.ggml.eos_token_id', u32(151645)], // <|im_end|>, as in Qwen2.5-VL
    ['tokenizer.ggml.padding_token_id', u32(151643)],
    ['tokenizer.ggml.bos_token_id', u32(151643)],
    ['tokenizer.ggml.add_bos_token', bool(false)],
    ['tokenizer.chat_template', copy('tokenizer.chat_template')]
  ])
}

/** The transformer blocks of the tiny Qwen2 shape, shared with the tiny text model (same rng order). */
export function qwen2Blocks(rng: () => number, shape: TinyShape = TINY): GgufTensorInput[] {
  const tensors: GgufTensorInput[] = []
  const { embd: EMBD, ff: FF } = shape
  const KV_WIDTH = (EMBD / shape.heads) * shape.kvHeads
  for (let i = 0; i < shape.layers; i++) {
    const b = `blk.${i}.`
    tensors.push(
      ones(b + 'attn_norm.weight', EMBD),
      matrix(b + 'attn_q.weight', [EMBD, EMBD], rng),
      bias(b + 'attn_q.bias', EMBD, rng),
      matrix(b + 'attn_k.weight', [EMBD, KV_WIDTH], rng),
      bias(b + 'attn_k.bias', KV_WIDTH, rng),
      matrix(b + 'attn_v.weight', [EMBD, KV_WIDTH], rng),
      bias(b + 'attn_v.bias', KV_WIDTH, rng),
      matrix(b + 'attn_output.weight', [EMBD, EMBD], rng),
      ones(b + 'ffn_norm.weight', EMBD),
      matrix(b + 'ffn_gate.weight', [EMBD, FF], rng),
      matrix(b + 'ffn_up.weight', [EMBD, FF], rng),
      matrix(b + 'ffn_down.weight', [FF, EMBD], rng)
    )
  }
  return tensors
}

function languageModelTensors(rng: () => number, shape: TinyShape): GgufTensorInput[] {
  const vocabSize = 151936
  // no output.weight: llama.cpp then ties the output projection to token_embd
  const tensors = [matrix('token_embd.weight', [shape.embd, vocabSize], rng), ones('output_norm.weight', shape.embd)]
  tensors.push(...qwen2Blocks(rng, shape))
  return tensors
}

function projectorMetadata(shape: TinyShape): Map<string, GgufValue> {
  return new Map<string, GgufValue>([
    ['general.architecture', str('clip')],
    ['general.type', str('mmproj')],
    ['general.name', str(`SkyCaptioner ${shape.label} test mmproj (random weights, recipe ${RECIPE_VERSION})`)],
    ['general.file_type', u32(1)],
    ['clip.has_vision_encoder', bool(true)],
    // "qwen2.5vl" is unknown to llama.cpp and "qwen2vl_merger" crashes on video
    ['clip.projector_type', str('qwen2.5vl_merger')],
    ['clip.use_silu', bool(true)],
    ['clip.vision.image_size', u32(560)],
    ['clip.vision.patch_size', u32(PATCH)],
    ['clip.vision.embedding_length', u32(V_EMBD)],
    ['clip.vision.feed_forward_length', u32(V_FF)],
    ['clip.vision.block_count', u32(V_LAYERS)],
    ['clip.vision.attention.head_count', u32(4)],
    ['clip.vision.attention.layer_norm_epsilon', f32(1e-6)],
    ['clip.vision.projection_dim', u32(shape.embd)],
    ['clip.vision.spatial_merge_size', u32(MERGE)],
    // every 2nd block uses full attention, the others window attention
    ['clip.vision.n_wa_pattern', u32(2)],
    ['clip.vision.image_mean', arr('f32', [0.48145466, 0.4578275, 0.40821073])],
    ['clip.vision.image_std', arr('f32', [0.26862954, 0.26130258, 0.27577711])]
  ])
}

function projectorTensors(rng: () => number, shape: TinyShape): GgufTensorInput[] {
  const merged = V_EMBD * MERGE * MERGE
  // the 3-D patch conv is stored as two time slices; llama.cpp needs both
  const tensors = [matrix('v.patch_embd.weight', [PATCH, PATCH, 3, V_EMBD], rng), matrix('v.patch_embd.weight.1', [PATCH, PATCH, 3, V_EMBD], rng)]
  for (let i = 0; i < V_LAYERS; i++) {
    const b = `v.blk.${i}.`
    tensors.push(ones(b + 'ln1.weight', V_EMBD), ones(b + 'ln2.weight', V_EMBD))
    for (const name of ['attn_q', 'attn_k', 'attn_v', 'attn_out']) {
      tensors.push(matrix(`${b}${name}.weight`, [V_EMBD, V_EMBD], rng), bias(`${b}${name}.bias`, V_EMBD, rng))
    }
    tensors.push(
      matrix(b + 'ffn_gate.weight', [V_EMBD, V_FF], rng),
      bias(b + 'ffn_gate.bias', V_FF, rng),
      matrix(b + 'ffn_up.weight', [V_EMBD, V_FF], rng),
      bias(b + 'ffn_up.bias', V_FF, rng),
      matrix(b + 'ffn_down.weight', [V_FF, V_EMBD], rng),
      bias(b + 'ffn_down.bias', V_EMBD, rng)
    )
  }
  tensors.push(
    ones('v.post_ln.weight', V_EMBD),
    matrix('mm.0.weight', [merged, merged], rng),
    bias('mm.0.bias', merged, rng),
    matrix('mm.2.weight', [merged, shape.embd], rng),
    bias('mm.2.bias', shape.embd, rng)
  )
  return tensors
}

const WEIGHT_STD = 0.02

export function matrix(name: string, dims: number[], rng: () => number): GgufTensorInput {
  const data = new Uint16Array(dims.reduce((a, b) => a * b, 1))
  for (let i = 0; i < data.length; i++) data[i] = floatToHalf(rng() * WEIGHT_STD)
  return { name, dims, type: GGML_F16, data }
}

export function bias(name: string, n: number, rng: () => number): GgufTensorInput {
  const data = new Float32Array(n)
  for (let i = 0; i < n; i++) data[i] = rng() * WEIGHT_STD
  return { name, dims: [n], type: GGML_F32, data }
}

export function ones(name: string, n: number): GgufTensorInput {
  return { name, dims: [n], type: GGML_F32, data: new Float32Array(n).fill(1) }
}

/** Standard normal numbers from a seeded mulberry32 generator (Box-Muller). */
export function normalRng(seed: number): () => number {
  let state = seed >>> 0
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())
}

async function main() {
  const args = process.argv.slice(2)
  const outAt = args.indexOf('--out')
  const outDir = outAt >= 0 ? args[outAt + 1] : undefined
  if (outAt >= 0 && !outDir) throw new Error('--out needs a directory')
  const log = (line: string) => console.error(line)
  const force = args.includes('--force')
  const files = args.includes('--wide') ? await ensureTinyWideModels({ force, log }) : await ensureTinyModels({ outDir, force, log })
  console.log(files.model)
  console.log(files.mmproj)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`make-tiny-models failed: ${err instanceof Error ? err.message : err}`)
    process.exit(1)
  })
}
