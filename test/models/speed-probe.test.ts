// What the machine probe asks llama-server for, read off the requests a loopback stand-in receives
// (its timings are the stand-in's: what is under test is the probe's requests and arithmetic).
import { afterEach, describe, expect, it } from 'vitest'
import { PROBE_SEED, PROBE_TOKENS, probeRound } from '../../src/main/models/speedProbe'
import { serveLoopback, type Loopback } from '../helpers/loopback'

type Body = Record<string, unknown> & { prompt: string | number[] }

/** Answers /tokenize with token 279 and each /completion with `msPerToken` per generated token, in order. */
async function standIn(msPerToken: number[]): Promise<{ server: Loopback; bodies: Body[] }> {
  const bodies: Body[] = []
  const server = await serveLoopback((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as Body
      res.writeHead(200, { 'content-type': 'application/json' })
      if (req.url === '/tokenize') return res.end(JSON.stringify({ tokens: [279] }))
      const ms = msPerToken[bodies.length]
      bodies.push(body)
      res.end(JSON.stringify({ timings: { predicted_n: PROBE_TOKENS, predicted_ms: ms * PROBE_TOKENS } }))
    })
  })
  return { server, bodies }
}

describe('a machine-probe round', () => {
  let server: Loopback | undefined
  afterEach(async () => server?.close())

  it('decodes a fixed length, the sampled decodes seeded, the first two after a prompt as long as the clip’s', async () => {
    const s = await standIn([8, 9, 2, 3, 7])
    server = s.server
    const round = await probeRound(s.server.url, 1927)
    expect(round).toEqual({ greedyMs: 2, plainMs: 3, schemaMs: 7, context: { tokens: 1927, greedyMs: 8, plainMs: 9 } })
    const [contextGreedy, contextPlain, greedy, plain, schema] = s.bodies
    expect(s.bodies).toHaveLength(5)
    for (const b of s.bodies) expect(b).toMatchObject({ n_predict: PROBE_TOKENS, ignore_eos: true })
    // the clip-length prompt is the one the text prefill left in the slot; the short ones start afresh
    expect(s.bodies.map((b) => b.cache_prompt)).toEqual([true, true, false, false, false])
    for (const b of [greedy, contextGreedy]) {
      expect(b).toMatchObject({ top_k: 1, temperature: 0 })
      expect(b.seed).toBeUndefined()
    }
    // the job's sampling: temperature 0.05 over the whole vocabulary, the same seed every time
    for (const b of [plain, schema, contextPlain]) expect(b).toMatchObject({ temperature: 0.05, top_k: 0, seed: PROBE_SEED })
    for (const b of [plain, contextPlain, greedy]) expect(b.json_schema).toBeUndefined()
    expect(schema.json_schema).toMatchObject({ type: 'object' })
    expect(new Set([greedy.prompt, plain.prompt, schema.prompt]).size).toBe(1)
    for (const b of [contextGreedy, contextPlain]) expect(b.prompt).toEqual(Array(1927).fill(279))
  })
})
