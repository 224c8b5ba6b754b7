// The scorer on real engine output: the tiny model answers the studio's own caption request through the real
// llama-server with logprobs on, and every aligned value is checked against the returned bytes.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTinyModels } from '../../scripts/make-tiny-models'
import { alignTokens, overlapping } from '../../src/main/confidence/align'
import { captionSpans } from '../../src/main/confidence/captionSpans'
import { scoreCaption } from '../../src/main/confidence/score'
import { buildCaptionRequest } from '../../src/main/inference/captionRequest'
import { sampleClip } from '../../src/main/inference/frames'
import { LlamaServer } from '../../src/main/inference/llamaServer'
import { ProcessManager } from '../../src/main/processes'
import { PrelabelConfidence, type TokenLogprob } from '../../src/shared/confidence'
import { parseCaption } from '../../src/shared/parseCaption'
import { CLIP_2 } from '../helpers/fixtures'
import { requireLlamaServer } from '../helpers/prelabel'
import { tempDir } from '../helpers/temp'

/** Fails the suite, saying how to build one, when llama-server is missing. */
const LLAMA_SERVER = requireLlamaServer()
const TOP_K = 5

interface WireToken {
  token: string
  logprob: number
  bytes: number[]
  top_logprobs: { token: string; logprob: number }[]
}
interface Answer {
  content: string
  wire: WireToken[]
  tokens: TokenLogprob[]
}

const processes = new ProcessManager()
const answers: Answer[] = []

beforeAll(async () => {
  const { model, mmproj } = await ensureTinyModels()
  const logFile = path.join(tempDir('confidence-llama-'), 'server.log')
  const server = new LlamaServer(processes, { binary: LLAMA_SERVER, model, mmproj, contextPerSlot: 4096, parallel: 1, gpuLayers: 0, logFile })
  const url = await server.ensureRunning()
  const sample = await sampleClip('ffmpeg', processes, CLIP_2, 121)
  // the pre-label body as sent, then two sampled at temperature 1 for other texts
  for (const extra of [{}, { temperature: 1, seed: 7 }, { temperature: 1, seed: 11 }]) {
    const body = { ...buildCaptionRequest(sample, { maxTokens: 160 }), ...extra, logprobs: true, top_logprobs: TOP_K }
    const res = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const json = await res.json()
    expect(res.status, JSON.stringify(json).slice(0, 500)).toBe(200)
    const choice = json.choices[0]
    const wire = choice.logprobs.content as WireToken[]
    const tokens = wire.map((t) => ({ token: t.token, logprob: t.logprob, top: t.top_logprobs.map((a) => ({ token: a.token, logprob: a.logprob })) }))
    answers.push({ content: choice.message.content, wire, tokens })
  }
}, 600_000)

afterAll(() => processes.killAll())

/** The caption's text at a scored path (subjects[0].TYPES.type, lighting, ...). */
function valueAt(caption: unknown, jsonPath: string): unknown {
  return jsonPath.split(/\.|\[(\d+)\]/).reduce<unknown>((v, key) => (key ? (v as Record<string, unknown>)[key] : v), caption)
}

describe('confidence on the tiny model through llama-server', () => {
  it('aligns every value with the bytes the engine generated', () => {
    let aligned = 0
    for (const { content, wire, tokens } of answers) {
      const al = alignTokens(content, tokens)
      expect(al, 'the tokens spell the message').not.toBeNull()
      if (!al) continue
      // the token texts are the engine's bytes, and the message sits inside them
      const bytes = Buffer.concat(wire.map((t) => Buffer.from(t.bytes)))
      expect(bytes.toString('utf8')).toBe(tokens.map((t) => t.token).join(''))
      const { caption } = parseCaption(content)
      const spans = captionSpans(content, caption)
      for (const value of spans?.values ?? []) {
        const { start, end } = value.node
        const covering = overlapping(al, start, end)
        const first = covering[0]
        const skip = Buffer.byteLength(tokens[first].token.slice(0, start - al.starts[first]))
        const covered = Buffer.concat(covering.map((i) => Buffer.from(wire[i].bytes)))
        const raw = content.slice(start, end)
        expect(covered.subarray(skip, skip + Buffer.byteLength(raw)).equals(Buffer.from(raw)), value.path).toBe(true)
        // the span is the value's own JSON text: its quotes and what the caption shows
        expect(raw.startsWith('"'), value.path).toBe(true)
        if (value.node.closed) expect(JSON.parse(raw)).toBe(value.decoded.value)
        const shown = valueAt(caption, value.path)
        expect(value.kind === 'enum' ? shown : value.decoded.value, value.path).toBe(shown)
        aligned++
      }
    }
    console.log(`aligned ${aligned} values over ${answers.length} answers`)
    expect(aligned).toBeGreaterThanOrEqual(answers.length)
  })

  it('scores every aligned field with finite figures in [0, 1] and a clip minimum', () => {
    for (const { content, tokens } of answers) {
      const confidence = scoreCaption(content, tokens, TOP_K)
      expect(PrelabelConfidence.parse(confidence)).toEqual(confidence)
      if (confidence.status !== 'scored') throw new Error(confidence.reason)
      const figures = confidence.fields.flatMap((f) => [f.p, f.min ?? 0, ...Object.values(f.options ?? {}), ...(f.spans ?? []).map((s) => s.p)])
      for (const x of figures) expect(Number.isFinite(x) && x >= 0 && x <= 1, String(x)).toBe(true)
      for (const f of confidence.fields.filter((f) => f.kind === 'enum')) {
        expect(Object.values(f.options ?? {}).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9)
      }
      const headline = confidence.fields.filter((f) => f.kind !== 'text')
      expect(confidence.min).toBe(headline.length ? Math.min(...headline.map((f) => f.p)) : null)
    }
  })
})
