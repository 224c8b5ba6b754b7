// Before a job sends clips to an endpoint, one known clip goes through it: the prompt tokens it
// reports for the clip, less those of the same prompt without the clip, must be what its engine
// gives for 16 frames at the job's size. A server that resamples or resizes the frames (a
// llama-server without the video flags, a vLLM with other video settings) shows up here.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { SAMPLED_FRAMES, sampleClip, type SampledClip } from './frames'
import { captionMessages, structPrompt, type ChatRequest } from './captionRequest'
import { endpointHeaders, EndpointError, postChat, type Endpoint } from './endpoint'
import type { EngineKind } from './sampling'
import { videoTokens } from '../models/estimate'
import type { ProcessManager } from '../processes'

/** Tokens of the text "Video:" that llama.cpp's mtmd puts before a video (Qwen2 vocabulary: "Video", ":"). */
export const LLAMA_VIDEO_PREFIX_TOKENS = 2

/** Tokens a clip adds to the prompt on each engine (docs/prelabel.md, "What each engine gives the model"). */
export function expectedClipTokens(): Record<'llama.cpp' | 'vllm', number> {
  const pairs = SAMPLED_FRAMES / 2
  const perPair = videoTokens() / pairs
  return {
    // "Video:", then each frame pair as its own chunk between <|vision_start|> and <|vision_end|>
    'llama.cpp': LLAMA_VIDEO_PREFIX_TOKENS + pairs * (perPair + 2),
    // one <|vision_start|> … <|vision_end|> block around all the pairs
    vllm: pairs * perPair + 2
  }
}

export interface EndpointCheck {
  endpointId: string
  ok: boolean
  engine: EngineKind
  /** Prompt tokens the clip added, as the endpoint reported them. */
  clipTokens: number | null
  message: string
}

async function getJson(url: string, endpoint: Endpoint, signal?: AbortSignal): Promise<Record<string, unknown> | null> {
  try {
    const timeout = AbortSignal.timeout(Math.min(10_000, endpoint.timeoutMs))
    const res = await fetch(url, { headers: endpointHeaders(endpoint), redirect: 'manual', signal: signal ? AbortSignal.any([signal, timeout]) : timeout })
    if (!res.ok) return null
    const body = (await res.json()) as unknown
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** llama-server answers /props with its generation settings; vLLM answers /version with its version. */
export async function identifyEngine(endpoint: Endpoint, signal?: AbortSignal): Promise<EngineKind | null> {
  const base = await endpoint.resolve()
  const props = await getJson(`${base}/props`, endpoint, signal)
  if (props && ('default_generation_settings' in props || 'build_info' in props)) return 'llama.cpp'
  const version = await getJson(`${base}/version`, endpoint, signal)
  if (version && typeof version.version === 'string') return 'vllm'
  return null
}

function fixFor(engine: EngineKind | null, got: number): string {
  const expected = expectedClipTokens()
  if (engine === 'llama.cpp') {
    const cause =
      got > expected['llama.cpp'] ? 'it decodes the clip at its own frame rate and adds timestamp text' : 'it shows the model other frames than the 16 sent'
    return `${cause}: start llama-server with --video-fps 0 --video-timestamp-interval 0`
  }
  if (engine === 'vllm') {
    return (
      'it resamples or resizes the frames: use a vLLM that takes media_io_kwargs and mm_processor_kwargs per request, or start it with ' +
      `--media-io-kwargs '{"video": {"num_frames": ${SAMPLED_FRAMES}}}' --mm-processor-kwargs '{"fps": 2, "do_sample_frames": false}'`
    )
  }
  return 'it is neither a llama-server nor a vLLM that shows the model the 16 frames as sent'
}

/** Sends the known clip with and without the video and compares the token difference with its engine's. */
export async function checkEndpoint(endpoint: Endpoint, probe: SampledClip, signal?: AbortSignal): Promise<EndpointCheck> {
  const engine = endpoint.engine ?? (await identifyEngine(endpoint, signal))
  const probing: Endpoint = { ...endpoint, engine: engine ?? 'openai', retries: 0 }
  const ask = (messages: unknown[], video: boolean): ChatRequest => ({ messages, sampling: { temperature: 0, maxTokens: 1 }, video })
  const withClip = await postChat(probing, ask(captionMessages(probe.video, probe.mime), true), signal)
  const without = await postChat(probing, ask([{ role: 'user', content: [{ type: 'text', text: structPrompt() }] }], false), signal)
  const a = withClip.usage?.prompt_tokens
  const b = without.usage?.prompt_tokens
  const expected = expectedClipTokens()
  if (a === undefined || b === undefined) {
    const message = `${endpoint.id} reports no usage.prompt_tokens, so whether it shows the model the 16 frames as trained cannot be checked; turn its check off only if you know its video settings`
    return { endpointId: endpoint.id, ok: false, engine: engine ?? 'openai', clipTokens: null, message }
  }
  const got = a - b
  const layout = engine ?? (got === expected['llama.cpp'] ? 'llama.cpp' : got === expected.vllm ? 'vllm' : null)
  if (layout && layout !== 'openai' && got === expected[layout]) {
    return {
      endpointId: endpoint.id,
      ok: true,
      engine: layout,
      clipTokens: got,
      message: `${endpoint.id}: ${layout}, the clip took ${got} prompt tokens as expected`
    }
  }
  const want = layout && layout !== 'openai' ? `${expected[layout]} (${layout})` : `${expected['llama.cpp']} (llama.cpp) or ${expected.vllm} (vLLM)`
  const message = `${endpoint.id} refused: the check clip took ${got} prompt tokens instead of ${want}; likely ${fixFor(layout, got)}`
  return { endpointId: endpoint.id, ok: false, engine: layout ?? 'openai', clipTokens: got, message }
}

/** Thrown when a job's endpoints did not pass their check; the message says which and why. */
export class EndpointRefusedError extends EndpointError {
  constructor(readonly checks: EndpointCheck[]) {
    super(
      checks
        .filter((c) => !c.ok)
        .map((c) => c.message)
        .join('; '),
      false
    )
  }
}

let probe: Promise<SampledClip> | null = null

/** The known clip: a synthetic 32-frame source, sampled by the job's own path (16 frames, job size). */
export function probeClip(ffmpeg: string, processes: ProcessManager): Promise<SampledClip> {
  probe ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'skycap-probe-'))
    try {
      const file = path.join(dir, 'probe.mp4')
      const args = [
        '-hide_banner',
        '-nostdin',
        '-v',
        'error',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=640x360:rate=8',
        '-frames:v',
        '32',
        '-pix_fmt',
        'yuv420p',
        '-y',
        file
      ]
      const child = processes.spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] })
      const code = await new Promise<number | null>((resolve, reject) => {
        child.once('error', reject)
        child.once('close', resolve)
      })
      if (code !== 0) throw new Error(`ffmpeg could not make the endpoint check clip (exit ${code})`)
      return await sampleClip(ffmpeg, processes, file, 32)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })()
  probe.catch(() => (probe = null))
  return probe
}
