// Making quants in the studio with the real llama-quantize / llama-imatrix on the 256-wide tiny
// model (rows the K-quants' 256-wide blocks accept): tensor types follow the rules, the recipe is
// in the file and the catalog, cancel leaves nothing behind, and llama-server captions with it.
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readGguf } from '../../scripts/lib/gguf'
import { ensureTinyWideModels, type TinyModels } from '../../scripts/make-tiny-models'
import { ensureTinyQ4Model } from '../../scripts/make-tiny-q4-model'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { checkRules, parseProgress, ruleTypeFor } from '../../src/main/models/quantize'
import { findQuantTool } from '../../src/main/models/quantizeTools'
import { ggmlTensor } from '../../src/main/models/weightBuffers'
import type { QuantizeProgress } from '../../src/shared/quantize'
import { SEED_DIR } from '../helpers/fixtures'
import { fail } from '../helpers/dispatch'
import { call, waitForJob, requireLlamaServer } from '../helpers/prelabel'
import { testRoots } from '../helpers/roots'
import { skycap } from '../helpers/cli'
import { tempDir } from '../helpers/temp'

requireLlamaServer()
for (const tool of ['llama-quantize', 'llama-imatrix'] as const) {
  const found = findQuantTool(tool)
  if (!found.path) throw new Error(`This suite needs ${tool}: ${found.problem}`)
}

const BUMP = [
  { pattern: 'attn_v', type: 'q8_0' },
  { pattern: 'blk\\.(0|3)\\.', type: 'q6_k' }
]

/** Each tensor's ggml type name, read from the file's tensor infos. */
async function tensorTypes(file: string): Promise<Map<string, string>> {
  const gguf = await readGguf(file)
  return new Map(gguf.tensors.map((t) => [t.name, ggmlTensor(t.type, t.dims).type]))
}

describe('rules', () => {
  it('refuses patterns and types llama-quantize would misread, naming the rule', () => {
    expect(() => checkRules([{ pattern: 'attn v', type: 'q8_0' }])).toThrow(/Rule 1 \(attn v=q8_0\).*tensor-name regex/)
    expect(() => checkRules([{ pattern: 'a=b', type: 'q8_0' }])).toThrow(/Rule 1/)
    expect(() => checkRules([{ pattern: 'blk\\.(0', type: 'q8_0' }])).toThrow(/not a valid regular expression/)
    expect(() => checkRules([{ pattern: 'attn_v', type: 'q9_9' }])).toThrow(/type must be one of/)
    expect(checkRules([{ pattern: 'ATTN_V', type: 'Q8_0' }])).toEqual([{ pattern: 'attn_v', type: 'q8_0' }])
  })

  it('gives a tensor the first matching rule, as llama-quantize does', () => {
    expect(ruleTypeFor(BUMP, 'blk.0.attn_v.weight')).toBe('q8_0')
    expect(ruleTypeFor(BUMP, 'blk.0.ffn_up.weight')).toBe('q6_k')
    expect(ruleTypeFor(BUMP, 'blk.1.ffn_up.weight')).toBeNull()
    expect(parseProgress('[  12/  50] blk.1.attn_v.weight - [256, 128]')).toEqual({ done: 12, total: 50 })
    expect(parseProgress('llama_model_quantize_impl: model size')).toBeNull()
  })
})

describe('models.quantize with the real llama-quantize', () => {
  let wide: TinyModels
  let app: StudioApp
  let modelsDir: string
  let source: string
  let mmproj: string
  const events: QuantizeProgress[] = []

  beforeAll(async () => {
    wide = await ensureTinyWideModels()
    modelsDir = tempDir('skycap-quantize-models-')
    source = path.join(modelsDir, 'tiny-256-f16.gguf')
    mmproj = path.join(modelsDir, 'tiny-256-mmproj.gguf')
    copyFileSync(wide.model, source)
    copyFileSync(wide.mmproj, mmproj)
    app = createStudioApp({ dataDir: tempDir('skycap-quantize-data-'), roots: testRoots({ models: modelsDir }) })
    app.bus.subscribe((event, payload) => {
      if (event === 'models.quantize') events.push(payload as QuantizeProgress)
    })
  }, 120_000)

  afterAll(async () => {
    await app?.close()
  })

  it('makes Q4_K_M with bumped tensors: types follow the rules, the recipe is in the file and the catalog', async () => {
    const entry = await call(app, 'models.quantize', { source, type: 'Q4_K_M', rules: BUMP, mmproj })
    const out = entry.model.path!
    expect(path.dirname(out)).toBe(modelsDir)
    expect(entry).toMatchObject({ origin: 'local', quant: 'Q4_K_M', recipe: { type: 'Q4_K_M', rules: BUMP, imatrix: 'none', source: 'tiny-256-f16.gguf' } })
    expect(entry.mmproj?.path).toBe(mmproj)

    const types = await tensorTypes(out)
    for (const [name, type] of types) {
      const want = name.startsWith('blk.') && name.endsWith('.weight') && !name.includes('norm') ? ruleTypeFor(BUMP, name) : null
      if (want) expect(type, name).toBe(want.toUpperCase())
    }
    // blocks 1 and 2 outside the rules really are 4-bit K-quants, not a fallback for odd widths
    for (const b of [1, 2]) for (const t of ['attn_q', 'ffn_gate', 'ffn_up']) expect(types.get(`blk.${b}.${t}.weight`), `blk.${b}.${t}`).toBe('Q4_K')
    expect(types.get('blk.1.attn_v.weight')).toBe('Q8_0')
    expect(types.get('blk.3.ffn_up.weight')).toBe('Q6_K')

    const meta = (await readGguf(out)).metadata
    expect(meta.get('skycaptioner.quantize.type')?.value).toBe('Q4_K_M')
    expect(meta.get('skycaptioner.quantize.rule_count')?.value).toBe(2)
    expect(meta.get('skycaptioner.quantize.rule.1')?.value).toBe('blk\\.(0|3)\\.=q6_k')

    const mine = events.filter((e) => e.output === path.basename(out))
    const last = mine.filter((e) => e.stage === 'quantizing').pop()!
    expect(last.total).toBe(types.size)
    expect(last.done).toBe(last.total)
    expect(mine.at(-1)?.stage).toBe('done')

    const catalog = await call(app, 'models.catalog', {})
    expect(catalog.entries.find((e) => e.id === out)?.recipe?.rules).toEqual(BUMP)
    expect(readdirSync(modelsDir).filter((f) => f.endsWith('.partial'))).toEqual([])

    // llama-server loads the Q4_K file and captions a clip with it through the job path
    await call(app, 'project.create', { name: 'quantized' })
    await call(app, 'clips.import', { kind: 'folder', path: SEED_DIR })
    const engine = { local: { model: out, mmproj, contextPerSlot: 4096, parallel: 1, gpuLayers: 0, timeoutMs: 60_000 }, endpoints: [], maxTokens: 48 }
    const started = await call(app, 'prelabel.start', { scope: 'unlabeled', engine })
    const job = await waitForJob(app, started.id, (j) => j.state === 'done', 90_000)
    expect(job.progress).toMatchObject({ done: 2, failed: 0 })
    const { rows } = await call(app, 'clips.list', { sort: 'name' })
    const { prelabel } = await call(app, 'clips.get', { id: rows[0].id })
    expect(prelabel?.source.details).toMatchObject({ modelFile: path.basename(out), quant: 'Q4_K_M' })
    expect(prelabel?.rawText.length).toBeGreaterThan(0)
  }, 240_000)

  it('computes an importance matrix from a calibration text and records it', async () => {
    const calibration = path.join(tempDir('skycap-calib-'), 'calibration.txt')
    // the trained instruction, repeated past llama-imatrix's 2 × 512-token minimum
    const prompt = readFileSync(path.join(SEED_DIR, 'struct_prompt.txt'), 'utf8')
    writeFileSync(calibration, Array.from({ length: 8 }, () => prompt).join('\n'))
    const entry = await call(app, 'models.quantize', { source, type: 'Q6_K', calibration })
    expect(entry.recipe).toMatchObject({ type: 'Q6_K', imatrix: 'computed', rules: [] })
    const meta = (await readGguf(entry.model.path!)).metadata
    expect(meta.get('skycaptioner.quantize.imatrix')?.value).toBe('computed')
    expect(String(meta.get('quantize.imatrix.file')?.value)).toMatch(/imatrix\.gguf$/)
    expect(existsSync(entry.model.path!.replace(/\.gguf$/, '.imatrix.gguf'))).toBe(true)
    const types = await tensorTypes(entry.model.path!)
    expect(types.get('blk.1.ffn_up.weight')).toBe('Q6_K')
  }, 240_000)

  it('cancel stops llama-quantize and leaves no partial file', async () => {
    const before = readdirSync(modelsDir).sort()
    const cancelled = new Promise<void>((resolve) => {
      const stop = app.bus.subscribe((event, payload) => {
        if (event !== 'models.quantize' || (payload as QuantizeProgress).stage !== 'quantizing' || !(payload as QuantizeProgress).total) return
        stop()
        void call(app, 'models.quantizeCancel', {}).then(() => resolve())
      })
    })
    // a second request while one runs is refused, whichever reaches the service first
    const errors = await Promise.all([fail(app, 'models.quantize', { source, type: 'Q4_0' }), fail(app, 'models.quantize', { source, type: 'Q5_0' })])
    await cancelled
    const messages = errors.map((e) => e.message)
    expect(messages.filter((m) => /is being made; wait for it or cancel it/.test(m))).toHaveLength(1)
    expect(messages.filter((m) => /was cancelled/.test(m))).toHaveLength(1)
    expect(readdirSync(modelsDir).sort()).toEqual(before)
    expect(app.processes.list().filter((p) => path.basename(p.command) === 'llama-quantize')).toEqual([])
    expect(events.at(-1)?.stage).toBe('cancelled')
  }, 120_000)

  it('refuses a source that is not 16-bit, outside the models folder, or an unknown type, saying why', async () => {
    const q4 = path.join(modelsDir, 'tiny-q4_0.gguf')
    copyFileSync(await ensureTinyQ4Model(), q4)
    expect((await fail(app, 'models.quantize', { source: q4, type: 'Q4_0' })).message).toMatch(/is Q4_0: quantise from an F16, BF16 or F32 file/)
    expect((await fail(app, 'models.quantize', { source: wide.model, type: 'Q4_0' })).code).toBe('forbidden')
    expect((await fail(app, 'models.quantize', { source, type: 'Q7_X' })).message).toMatch(/Unknown quant type Q7_X/)
    expect((await fail(app, 'models.quantize', { source, type: 'IQ2_XS' })).message).toMatch(/needs an importance matrix/)
    expect((await fail(app, 'models.quantize', { source: mmproj, type: 'Q4_0' })).message).toMatch(/vision projector/)
    expect((await fail(app, 'models.quantize', { source, type: 'Q4_0', mmproj: source })).message).toMatch(/is not a vision projector/)
    const junk = path.join(modelsDir, 'junk.gguf')
    writeFileSync(junk, 'not a gguf at all')
    const bad = await fail(app, 'models.quantize', { source: junk, type: 'Q4_0' })
    expect(bad.code).toBe('invalid_input')
    expect(bad.message).not.toContain('not a gguf at all')
  })

  it('skycap quantize makes the same kind of file from the command line, a preset sized to the model', async () => {
    const dir = tempDir('skycap-quantize-cli-')
    const copy = path.join(dir, 'tiny-256-f16.gguf')
    copyFileSync(source, copy)
    const dataDir = path.join(dir, 'data')
    const run = await skycap(['quantize', copy, '--type', 'Q4_0', '--preset', 'edges', '--data-dir', dataDir])
    expect(run.stderr).toMatch(/quantizing tiny-256-Q4_0-bump\w+\.gguf: 50\/50 tensors/)
    expect(run.code).toBe(0)
    const out = run.stdout.trim()
    expect(path.dirname(out)).toBe(dir)
    const types = await tensorTypes(out)
    expect(types.get('blk.0.ffn_up.weight')).toBe('Q8_0')
    expect(types.get('blk.3.attn_q.weight')).toBe('Q8_0')
    expect(types.get('blk.1.attn_q.weight')).toBe('Q4_0')
    const settings = JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8'))
    expect(settings.localModels).toEqual([
      { model: out, recipe: { type: 'Q4_0', rules: [{ pattern: 'blk\\.(0|3)\\.', type: 'q8_0' }], imatrix: 'none', source: 'tiny-256-f16.gguf' } }
    ])
    const bad = await skycap(['quantize', copy, '--type', 'Q4_0', '--rule', 'attn_v', '--data-dir', dataDir])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/--rule attn_v: write PATTERN=TYPE/)
  }, 120_000)
})
