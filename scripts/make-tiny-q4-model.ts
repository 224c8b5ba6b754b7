// A Q4_0 copy of the tiny language model (make-tiny-models.ts), quantised here because
// llama-quantize is not built. Q4_0 is the type llama.cpp's CPU backend repacks on AVX2, Arm
// dot-product and AMX CPUs, so the fit test sees the extra weight buffers on most machines.
// Usage: npx tsx scripts/make-tiny-q4-model.ts [--force]
import { statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { GGML_F32, encodeGguf, floatToHalf, readGguf, readTensor, str, u32 } from './lib/gguf'
import type { GgufTensorInput } from './lib/gguf'
import { shareRun } from './lib/inFlight'
import { ensureTinyModels, writeAtomically } from './make-tiny-models'

/** Bump when the recipe changes, so cached files are regenerated. */
const RECIPE_VERSION = 1
const MODEL_FILE = 'tiny-qwen2.5-vl-q4_0.gguf'
const STAMP_FILE = 'tiny-q4-model.json'
const GGML_Q4_0 = 2
const FILE_TYPE_Q4_0 = 2 // LLAMA_FTYPE_MOSTLY_Q4_0
const QK = 32

/**
 * ggml's Q4_0: per 32 weights an f16 scale d (the largest-magnitude weight / -8) and 32 4-bit
 * codes round(x / d) + 8, the block's first 16 in the low nibbles, the last 16 in the high ones.
 */
export function quantizeQ4_0(values: Float32Array): Uint8Array {
  if (values.length % QK !== 0) throw new Error(`Q4_0 needs a multiple of ${QK} values, got ${values.length}`)
  const out = new Uint8Array((values.length / QK) * 18)
  const view = new DataView(out.buffer)
  for (let b = 0; b < values.length / QK; b++) {
    const x = values.subarray(b * QK, (b + 1) * QK)
    let max = 0
    for (const v of x) if (Math.abs(v) > Math.abs(max)) max = v
    const d = max / -8
    const inv = d ? 1 / d : 0
    view.setUint16(b * 18, floatToHalf(d), true)
    const code = (v: number) => Math.max(0, Math.min(15, Math.floor(v * inv + 8.5)))
    for (let j = 0; j < QK / 2; j++) out[b * 18 + 2 + j] = code(x[j]) | (code(x[j + QK / 2]) << 4)
  }
  return out
}

const pending = new Map<string, Promise<string>>()

/** Path of the Q4_0 tiny model beside the f16 one, made from it unless a current copy is there. */
export function ensureTinyQ4Model(opts: { force?: boolean; log?: (line: string) => void } = {}): Promise<string> {
  return shareRun(pending, 'q4', opts.force ?? false, () => generateIfStale(opts.force ?? false, opts.log ?? (() => {})))
}

async function generateIfStale(force: boolean, log: (line: string) => void): Promise<string> {
  const source = (await ensureTinyModels()).model
  const outDir = path.dirname(source)
  const file = path.join(outDir, MODEL_FILE)
  const stamp = { version: RECIPE_VERSION, source: statSync(source).size }
  if (!force && (await stampMatches(outDir, file, stamp))) return file
  const gguf = await readGguf(source)
  const tensors: GgufTensorInput[] = []
  for (const t of gguf.tensors) {
    const data = await readTensor(source, gguf, t.name)
    // matrices become Q4_0; norms and biases stay f32, as llama-quantize leaves them
    tensors.push(
      t.dims.length > 1 ? { name: t.name, dims: t.dims, type: GGML_Q4_0, data: quantizeQ4_0(data) } : { name: t.name, dims: t.dims, type: GGML_F32, data }
    )
  }
  const metadata = new Map(gguf.metadata)
  metadata.set('general.file_type', u32(FILE_TYPE_Q4_0))
  metadata.set('general.name', str(`${String(gguf.metadata.get('general.name')?.value)}, Q4_0`))
  await writeAtomically(file, encodeGguf(metadata, tensors))
  await writeAtomically(path.join(outDir, STAMP_FILE), JSON.stringify({ ...stamp, size: statSync(file).size }) + '\n')
  log(`quantised the tiny model to ${file}`)
  return file
}

async function stampMatches(outDir: string, file: string, want: { version: number; source: number }): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(path.join(outDir, STAMP_FILE), 'utf8'))
    return stamp.version === want.version && stamp.source === want.source && statSync(file).size === stamp.size
  } catch {
    return false
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  ensureTinyQ4Model({ force: process.argv.includes('--force'), log: (line) => console.error(line) }).then(
    (file) => console.log(file),
    (err) => {
      console.error(`make-tiny-q4-model failed: ${err instanceof Error ? err.message : err}`)
      process.exit(1)
    }
  )
}
