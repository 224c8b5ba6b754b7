// A real HTTP server on 127.0.0.1 standing in for vLLM's request handling, where no vLLM can run:
// it answers /version as vLLM does, records every request body, and counts a video's prompt tokens
// the way vLLM's Qwen2.5-VL path does for the frames it would keep (8 frame pairs of 13×15 merged
// patches between one <|vision_start|> and <|vision_end|>). `framesWithoutPin` is what a server's
// own video settings make of the 16 sent frames when a request does not pin them. `logprobs` is
// answered to a request that asks for them, as vLLM puts it in the choice.
import { serveLoopback } from './loopback'

export interface VllmStandIn {
  url: string
  bodies: Record<string, unknown>[]
  close(): Promise<void>
}

const TOKENS_PER_PAIR = 13 * 15

function textTokens(body: Record<string, unknown>): number {
  // any deterministic count of the text parts will do: the check compares two requests that differ only by the clip
  const texts = [...JSON.stringify(body.messages ?? []).matchAll(/"text":"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1])
  return 20 + texts.join(' ').split(/\s+/).length
}

function clipTokens(body: Record<string, unknown>, honoursPin: boolean, framesWithoutPin: number): number {
  if (!JSON.stringify(body.messages ?? []).includes('"video_url"')) return 0
  const pinned = (body.media_io_kwargs as { video?: { num_frames?: number } } | undefined)?.video?.num_frames
  const frames = honoursPin && pinned ? pinned : framesWithoutPin
  return (frames / 2) * TOKENS_PER_PAIR + 2
}

export async function vllmStandIn(opts: { honoursPin?: boolean; framesWithoutPin?: number; content?: string; logprobs?: unknown } = {}): Promise<VllmStandIn> {
  const bodies: Record<string, unknown>[] = []
  const content =
    opts.content ??
    JSON.stringify({ subjects: [], shot_type: 'other', shot_angle: 'other', shot_position: 'other', camera_motion: '', environment: '', lighting: '' })
  const server = await serveLoopback((req, res) => {
    if (req.method === 'GET' && req.url === '/version') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"0.11.0"}')
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (req.url !== '/v1/chat/completions') return res.writeHead(404).end('{"detail":"Not Found"}')
      const body = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>
      bodies.push(body)
      const prompt = textTokens(body) + clipTokens(body, opts.honoursPin ?? true, opts.framesWithoutPin ?? 16)
      const completion = {
        model: String(body.model),
        choices: [{ index: 0, message: { role: 'assistant', content }, logprobs: body.logprobs ? opts.logprobs : undefined, finish_reason: 'stop' }],
        usage: { prompt_tokens: prompt, completion_tokens: 12 }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion))
    })
  })
  return {
    url: server.url,
    bodies,
    close: server.close
  }
}
