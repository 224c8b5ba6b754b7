// The tiny Qwen2.5-VL pair: what the files contain, how they are cached, and that the real
// llama-server runs them on a video (8 frames in, 4 merged pairs out).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'
import { GgufInsights, readGgufFileInfo } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GGML_F16, encodeGguf, floatToHalf, readGguf, readTensor, type GgufTensorInput } from '../../scripts/lib/gguf'
import { bundledLlamaSource, ensureTinyModels, type TinyModels } from '../../scripts/make-tiny-models'
import { requireLlamaServer } from '../helpers/prelabel'
import { tempDir } from '../helpers/temp'

/** Fails the suite, saying how to build one, when llama-server is missing. */
const LLAMA_SERVER = requireLlamaServer()

const tmp = tempDir('tiny-models-test-')
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const LM_BLOCK_TENSORS = [
  'attn_norm.weight',
  'attn_q.weight',
  'attn_q.bias',
  'attn_k.weight',
  'attn_k.bias',
  'attn_v.weight',
  'attn_v.bias',
  'attn_output.weight',
  'ffn_norm.weight',
  'ffn_gate.weight',
  'ffn_up.weight',
  'ffn_down.weight'
]
const V_BLOCK_TENSORS = [
  'ln1.weight',
  'ln2.weight',
  'attn_q.weight',
  'attn_q.bias',
  'attn_k.weight',
  'attn_k.bias',
  'attn_v.weight',
  'attn_v.bias',
  'attn_out.weight',
  'attn_out.bias',
  'ffn_gate.weight',
  'ffn_gate.bias',
  'ffn_up.weight',
  'ffn_up.bias',
  'ffn_down.weight',
  'ffn_down.bias'
]

describe('tiny Qwen2.5-VL models', () => {
  let files: TinyModels
  beforeAll(async () => {
    files = await ensureTinyModels()
  }, 120_000)

  it('has a qwen2vl language model with the real Qwen2 vocabulary and Qwen2.5-VL special tokens', async () => {
    const info = await readGgufFileInfo(files.model, { logWarnings: false })
    expect(info.metadata.general.architecture).toBe('qwen2vl')
    expect(info.architectureMetadata).toMatchObject({
      block_count: 2,
      embedding_length: 64,
      feed_forward_length: 128,
      context_length: 32768,
      attention: { head_count: 4, head_count_kv: 2 },
      rope: { dimension_sections: [2, 3, 3, 0] }
    })
    const tokenizer = info.metadata.tokenizer
    expect(tokenizer.ggml.model).toBe('gpt2')
    expect(tokenizer.ggml.tokens).toHaveLength(151936)
    expect(tokenizer.ggml.merges?.length).toBeGreaterThan(150_000)
    expect(tokenizer.ggml.eos_token_id).toBe(151645)
    const token = (id: number) => [tokenizer.ggml.tokens[id], tokenizer.ggml.token_type?.[id]]
    expect(token(151645)).toEqual(['<|im_end|>', 3])
    expect(token(151652)).toEqual(['<|vision_start|>', 3])
    expect(token(151653)).toEqual(['<|vision_end|>', 3])
    expect(token(151655)).toEqual(['<|image_pad|>', 3])
    expect(token(151656)).toEqual(['<|video_pad|>', 3])
    expect(token(151657)).toEqual(['<tool_call>', 4])
    // the ids Qwen2.5-VL adds are named; the vocab's padding beyond them stays [PAD...]
    expect(tokenizer.ggml.tokens.slice(151646, 151665).filter((t) => t.startsWith('[PAD'))).toEqual([])
    expect(tokenizer.ggml.tokens[151665]).toBe('[PAD151665]')
    expect(tokenizer.chat_template).toContain('<|im_start|>')

    const names = info.tensorInfo!.map((t) => t.name)
    const expected = ['token_embd.weight', 'output_norm.weight']
    for (const i of [0, 1]) expected.push(...LM_BLOCK_TENSORS.map((n) => `blk.${i}.${n}`))
    expect(names).toEqual(expected) // no output.weight: tied to token_embd
    expect(info.tensorInfo![0].dimensions.map(Number)).toEqual([64, 151936])

    const insights = await GgufInsights.from(info)
    expect(insights.embeddingVectorSize).toBe(64)
    expect(insights.trainContextSize).toBe(32768)
    expect(insights.isSupportedByLlamaCpp).toBe(true)
  })

  it('has a matching clip mmproj with the Qwen2.5-VL merger', async () => {
    const info = await readGgufFileInfo(files.mmproj, { logWarnings: false })
    const meta = info.metadata as unknown as { general: Record<string, unknown>; clip: Record<string, any> }
    expect(meta.general).toMatchObject({ architecture: 'clip', type: 'mmproj' })
    expect(meta.clip).toMatchObject({ has_vision_encoder: true, projector_type: 'qwen2.5vl_merger', use_silu: true })
    expect(meta.clip.vision).toMatchObject({
      image_size: 560,
      patch_size: 14,
      embedding_length: 64,
      feed_forward_length: 128,
      block_count: 2,
      projection_dim: 64,
      spatial_merge_size: 2,
      n_wa_pattern: 2,
      attention: { head_count: 4 }
    })
    const names = info.tensorInfo!.map((t) => t.name)
    const expected = ['v.patch_embd.weight', 'v.patch_embd.weight.1']
    for (const i of [0, 1]) expected.push(...V_BLOCK_TENSORS.map((n) => `v.blk.${i}.${n}`))
    expected.push('v.post_ln.weight', 'mm.0.weight', 'mm.0.bias', 'mm.2.weight', 'mm.2.bias')
    expect(names).toEqual(expected)
    const dims = (name: string) => info.tensorInfo!.find((t) => t.name === name)!.dimensions.map(Number)
    expect(dims('v.patch_embd.weight.1')).toEqual([14, 14, 3, 64])
    expect(dims('mm.0.weight')).toEqual([256, 256])
    expect(dims('mm.2.weight')).toEqual([256, 64])
  })

  it('is small: about 25 MB and 0.5 MB', () => {
    expect(statSync(files.model).size).toBeLessThan(27e6)
    expect(statSync(files.mmproj).size).toBeLessThan(0.6e6)
  })

  it('re-encodes byte for byte through lib/gguf', async () => {
    const parsed = await readGguf(files.model)
    const tensors: GgufTensorInput[] = []
    for (const t of parsed.tensors) {
      const values = await readTensor(files.model, parsed, t.name)
      const data = t.type === GGML_F16 ? Uint16Array.from(values, floatToHalf) : values
      tensors.push({ name: t.name, dims: t.dims, type: t.type as 0 | 1, data })
    }
    expect(encodeGguf(parsed.metadata, tensors).equals(readFileSync(files.model))).toBe(true)
  })

  it('regenerates only when the recipe stamp does not match', async () => {
    const dir = path.join(tmp, 'stamp')
    const first = await ensureTinyModels({ outDir: dir })
    const mtime = statSync(first.model).mtimeMs
    await ensureTinyModels({ outDir: dir })
    expect(statSync(first.model).mtimeMs).toBe(mtime)
    writeFileSync(path.join(dir, 'tiny-models.json'), '{"version":0}')
    await ensureTinyModels({ outDir: dir })
    expect(statSync(first.model).mtimeMs).not.toBe(mtime)
  }, 60_000)

  it('is deterministic, with the vocab read from the git bundle when no llama.cpp checkout exists', async () => {
    const saved = process.env.SKYCAP_CACHE_DIR
    process.env.SKYCAP_CACHE_DIR = path.join(tmp, 'empty-cache')
    try {
      expect(existsSync(bundledLlamaSource().checkoutDir)).toBe(false)
      const fresh = await ensureTinyModels({ outDir: path.join(tmp, 'from-bundle') })
      expect(readFileSync(fresh.model).equals(readFileSync(files.model))).toBe(true)
      expect(readFileSync(fresh.mmproj).equals(readFileSync(files.mmproj))).toBe(true)
    } finally {
      if (saved === undefined) delete process.env.SKYCAP_CACHE_DIR
      else process.env.SKYCAP_CACHE_DIR = saved
    }
  }, 60_000)
})

describe('llama-server runs the tiny pair on a video', () => {
  let server: ChildProcess | undefined
  let log = ''
  let port = 0

  beforeAll(async () => {
    const files = await ensureTinyModels()
    port = await freePort()
    server = spawn(
      LLAMA_SERVER,
      [
        '-m',
        files.model,
        '--mmproj',
        files.mmproj,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '-c',
        '4096',
        '--video-fps',
        '0',
        '--video-timestamp-interval',
        '0',
        '--image-max-tokens',
        '256',
        '-v' // debug log: shows each decoded frame and each merged pair
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    server.stdout!.on('data', (d) => (log += d))
    server.stderr!.on('data', (d) => (log += d))
    await waitForHealth(port, server, () => log)
  }, 60_000)

  afterAll(async () => {
    if (!server || server.exitCode !== null) return
    const exited = new Promise((resolve) => server!.once('exit', resolve))
    server.kill('SIGTERM')
    const timer = setTimeout(() => server!.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }, 15_000)

  const schema = {
    type: 'object',
    properties: { shot_type: { type: 'string', enum: ['long_shot', 'medium_shot', 'close_up', 'other'] }, lighting: { type: 'string', maxLength: 40 } },
    required: ['shot_type', 'lighting'],
    additionalProperties: false
  }

  async function captionClip(clip: string) {
    const video = `data:video/mp4;base64,${readFileSync(clip).toString('base64')}`
    const res = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'video_url', video_url: { url: video } },
              { type: 'text', text: 'Describe the shot as JSON.' }
            ]
          }
        ],
        temperature: 0,
        max_tokens: 512,
        response_format: { type: 'json_schema', json_schema: { name: 'shot', schema } }
      })
    })
    return { status: res.status, body: (await res.json()) as any }
  }

  it('answers a video request with schema-valid JSON, the video costing 4 merged frame pairs', async () => {
    // 8 lossless frames at 360x420, 2 fps: llama.cpp pads them to 364x420, the size the studio now sends
    const clip = path.join(tmp, 'clip.mp4')
    const ff = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=360x420:rate=2',
      '-frames:v',
      '8',
      '-c:v',
      'libx264',
      '-qp',
      '0',
      '-pix_fmt',
      'yuv444p',
      clip
    ])
    expect(ff.status, String(ff.stderr)).toBe(0)

    const { status, body } = await captionClip(clip)
    expect(status, JSON.stringify(body)).toBe(200)
    const choice = body.choices[0]
    expect(choice.finish_reason).toBe('stop')
    const caption = JSON.parse(choice.message.content)
    expect(Object.keys(caption).sort()).toEqual(['lighting', 'shot_type'])
    expect(schema.properties.shot_type.enum).toContain(caption.shot_type)
    expect(typeof caption.lighting).toBe('string')

    // 360x420 -> 26x30 patches of 14 px -> 13x15 = 195 tokens per merged pair
    expect(body.usage.prompt_tokens).toBeGreaterThan(4 * 195)
    expect(log.match(/read_next_frame: frame \d+ read OK/g)).toHaveLength(8)
    expect(log.match(/merging 2 frames/g)).toHaveLength(4)
    expect(log.match(/n_tokens_batch = 195\b/g)).toHaveLength(4)

    // temperature 0: the same clip gives the same answer
    const again = await captionClip(clip)
    expect(again.body.choices[0].message.content).toBe(choice.message.content)
  }, 120_000)
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

async function waitForHealth(port: number, child: ChildProcess, log: () => string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`llama-server exited with ${child.exitCode}:\n${log().slice(-2000)}`)
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`llama-server not healthy after ${timeoutMs} ms`)
}
