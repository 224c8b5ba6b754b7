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
  // the pre-label body as sent (seeded), then two sampled at temperature 1 for other texts
  for (const extra of [{ seed: 3 }, { temperature: 1, seed: 7 }, { temperature: 1, seed: 11 }]) {
    const body = { ...buildCaptionRequest(sample, { maxTokens: 128 }), ...extra, logprobs: true, top_logprobs: TOP_K }
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
    const aligned: string[] = []
    for (const { content, wire, tokens } of answers) {
      const al = alignTokens(content, tokens)
      expect(al, 'the tokens spell the message').not.toBeNull()
      if (!al) continue
      // the engine's bytes hold the message, after whatever it trimmed (whitespace, a code fence)
      const bytes = Buffer.concat(wire.map((t) => Buffer.from(t.bytes)))
      const lead = bytes.indexOf(Buffer.from(content))
      expect(lead).toBeGreaterThanOrEqual(0)
      const byteStarts = wire.map((_, i) => wire.slice(0, i).reduce((n, t) => n + t.bytes.length, 0))
      const { caption } = parseCaption(content)
      const spans = captionSpans(content, caption)
      for (const value of spans?.values ?? []) {
        const { start, end } = value.node
        const raw = content.slice(start, end)
        // the value's bytes in the engine's stream, and the tokens whose bytes overlap them: the ones aligned
        const from = lead + Buffer.byteLength(content.slice(0, start))
        const to = from + Buffer.byteLength(raw)
        expect(bytes.subarray(from, to).equals(Buffer.from(raw)), value.path).toBe(true)
        const byBytes = wire.flatMap((t, i) => (byteStarts[i] < to && byteStarts[i] + t.bytes.length > from ? [i] : []))
        expect(overlapping(al, start, end), value.path).toEqual(byBytes)
        // the span is the value's own JSON text: its quotes and what the caption shows
        expect(raw.startsWith('"'), value.path).toBe(true)
        if (value.node.closed) expect(JSON.parse(raw)).toBe(value.decoded.value)
        const shown = valueAt(caption, value.path)
        expect(value.kind === 'enum' ? shown : value.decoded.value, value.path).toBe(shown)
        aligned.push(value.path)
      }
    }
    console.log(`aligned over ${answers.length} answers: ${aligned.join(', ')}`)
    expect(aligned.length).toBeGreaterThanOrEqual(answers.length)
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
