// What llama-server does with the frames we send (real server, tiny Qwen2.5-VL pair). Its
// Qwen2.5-VL preprocessing (tools/mtmd/mtmd-image.cpp: dyn_size, img_tool::resize) aims for sides
// rounded to multiples of 28 and copies a frame that already has that size; any other frame is
// scaled keeping its aspect ratio and padded with black (360x420: 2 columns each side). No log line
// shows the padding, so the second test shows it through the model's output.
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCaptionRequest, structPrompt } from '../../src/main/inference/captionRequest'
import {
  FRAME_HEIGHT,
  FRAME_WIDTH,
  MODEL_FRAME_HEIGHT,
  MODEL_FRAME_WIDTH,
  SAMPLED_FPS,
  encodeFrames,
  sampleClip,
  type SampledClip
} from '../../src/main/inference/frames'
import { freePort } from '../../src/main/inference/freePort'
import { LLAMA_SERVER_ENV, llamaServerArgs } from '../../src/main/inference/llamaServer'
import { ProcessManager } from '../../src/main/processes'
import { ensureTinyModels } from '../../scripts/make-tiny-models'
import { CLIP_2 } from '../helpers/fixtures'
import { requireLlamaServer } from '../helpers/prelabel'

/** Fails the suite, saying how to build one, when llama-server is missing. */
const LLAMA_SERVER = requireLlamaServer()

const processes = new ProcessManager()
let url = ''
let log = ''
let sample: SampledClip

beforeAll(async () => {
  const { model, mmproj } = await ensureTinyModels()
  const port = await freePort()
  const config = { binary: LLAMA_SERVER, model, mmproj, contextPerSlot: 4096, parallel: 1, gpuLayers: 0, logFile: '' }
  // the studio's own flags, plus the debug log that shows each decoded frame and merged pair
  const child = processes.spawn(LLAMA_SERVER, [...llamaServerArgs(config, port), '-v'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...LLAMA_SERVER_ENV }
  })
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()))
  url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  while (
    !(await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`llama-server did not start:\n${log.slice(-2000)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  sample = await sampleClip('ffmpeg', processes, CLIP_2, 121)
}, 120_000)

afterAll(() => processes.killAll())

/** Posts a chat request; returns the answer and the server log lines it produced. */
async function chat(body: Record<string, unknown>): Promise<{ json: any; log: string }> {
  const from = log.length
  const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const json = await res.json()
  expect(res.status, JSON.stringify(json)).toBe(200)
  return { json, log: log.slice(from) }
}

describe('llama-server on the frames we send', () => {
  it('decodes sixteen 364x420 frames into 8 pairs of 195 tokens: 1,560 vision tokens', async () => {
    const video = await chat(buildCaptionRequest(sample, { maxTokens: 4 }))
    const text = await chat({ messages: [{ role: 'user', content: [{ type: 'text', text: structPrompt() }] }], max_tokens: 1 })
    const size = `${MODEL_FRAME_WIDTH}x${MODEL_FRAME_HEIGHT}`
    expect(video.log.match(/read_next_frame: reading frame \d+, expecting \d+ bytes \((\d+x\d+)\)/g)?.every((l) => l.endsWith(`(${size})`))).toBe(true)
    expect(video.log.match(/read_next_frame: frame \d+ read OK/g)).toHaveLength(16)
    expect(video.log.match(/merging 2 frames/g)).toHaveLength(8)
    expect(video.log.match(/n_tokens_batch = 195\b/g)).toHaveLength(8)

    const prompt = video.json.usage.prompt_tokens
    const vision = prompt - text.json.usage.prompt_tokens
    // each pair sits between <|vision_start|> and <|vision_end|>, after the server's "Video:" text
    const prefix = (await tokenize('Video:')).length
    console.log(
      `[prelabel-frames] prompt tokens: ${prompt} with the video, ${text.json.usage.prompt_tokens} without: ` +
        `${vision} = 8 pairs x 195 + 8 x 2 markers + ${prefix} for "Video:"`
    )
    expect(vision).toBe(8 * 195 + 8 * 2 + prefix)
  }, 120_000)

  it('uses a 364x420 frame as it is: the same answer as a 360x420 frame that llama.cpp pads with black', async () => {
    // Two black columns each side of our frames, sent at 364 wide, must reach the model exactly
    // as their 360-wide middle does once llama.cpp pads it; the same frames with their own edges
    // must not (so the model output does see those columns).
    const blackEdges = sample.frames.map(withBlackEdges)
    const answer = async (clip: Buffer) => {
      const { json, log } = await chat(logprobRequest(clip)) // one at a time: each log slice is its own
      return { logprobs: json.choices[0].logprobs.content as { token: string; logprob: number }[], log }
    }
    const sent = await answer(await encodeFrames('ffmpeg', processes, blackEdges))
    const padded = await answer(encode360(blackEdges.map(middle)))
    const ownEdges = await answer(sample.video)
    const first = (a: typeof sent) => `${JSON.stringify(a.logprobs[0].token)} ${a.logprobs[0].logprob}`
    console.log(`[prelabel-frames] first token: 364 wide ${first(sent)}, 360 padded ${first(padded)}, own edges ${first(ownEdges)}`)
    expect(sent.log).toContain(`(${MODEL_FRAME_WIDTH}x${MODEL_FRAME_HEIGHT})`)
    expect(padded.log).toContain(`(${FRAME_WIDTH}x${FRAME_HEIGHT})`)
    expect(padded.log.match(/n_tokens_batch = 195\b/g)).toHaveLength(8) // padded to 364 wide
    expect(sent.logprobs.length).toBeGreaterThan(0)
    expect(padded.logprobs).toEqual(sent.logprobs)
    expect(ownEdges.logprobs).not.toEqual(sent.logprobs)
  }, 120_000)
})

const PAD = (MODEL_FRAME_WIDTH - FRAME_WIDTH) / 2

function withBlackEdges(frame: Buffer): Buffer {
  const out = Buffer.from(frame)
  for (let y = 0; y < MODEL_FRAME_HEIGHT; y++) {
    const row = y * MODEL_FRAME_WIDTH * 3
    out.fill(0, row, row + PAD * 3)
    out.fill(0, row + (MODEL_FRAME_WIDTH - PAD) * 3, row + MODEL_FRAME_WIDTH * 3)
  }
  return out
}

/** The 360 middle columns of a 364-wide frame. */
function middle(frame: Buffer): Buffer {
  const rows = Array.from({ length: FRAME_HEIGHT }, (_, y) =>
    frame.subarray((y * MODEL_FRAME_WIDTH + PAD) * 3, (y * MODEL_FRAME_WIDTH + PAD + FRAME_WIDTH) * 3)
  )
  return Buffer.concat(rows)
}

/** 360x420 frames as a lossless 2 fps clip, as the studio sent them before. */
function encode360(frames: Buffer[]): Buffer {
  return execFileSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-s',
      `${FRAME_WIDTH}x${FRAME_HEIGHT}`,
      '-r',
      String(SAMPLED_FPS),
      '-i',
      'pipe:0',
      '-c:v',
      'libx264rgb',
      '-qp',
      '0',
      '-preset',
      'ultrafast',
      '-f',
      'mp4',
      '-movflags',
      'frag_keyframe+empty_moov',
      'pipe:1'
    ],
    { input: Buffer.concat(frames), maxBuffer: 1 << 28 }
  )
}

/** A few greedy tokens with their top log-probabilities: they change with any change in what the model saw. */
function logprobRequest(clip: Buffer): Record<string, unknown> {
  const content = [
    { type: 'video_url', video_url: { url: `data:video/mp4;base64,${clip.toString('base64')}` } },
    { type: 'text', text: 'Describe the clip.' }
  ]
  return { messages: [{ role: 'user', content }], temperature: 0, max_tokens: 4, logprobs: true, top_logprobs: 5 }
}

async function tokenize(content: string): Promise<number[]> {
  const res = await fetch(`${url}/tokenize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content }) })
  return ((await res.json()) as { tokens: number[] }).tokens
}
