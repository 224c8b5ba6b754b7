// What the caption and fusion requests carry on the wire, captured by real HTTP servers on
// 127.0.0.1: the schema's key order against the model's real outputs, and every sampling field.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serializeCaption, StructuralCaption } from '../../src/shared/caption'
import { captionRequest, wireBody } from '../../src/main/inference/captionRequest'
import { captionSample } from '../../src/main/inference/captioner'
import { remoteEndpoints } from '../../src/main/inference/endpoint'
import { EndpointPool } from '../../src/main/inference/pool'
import { nodeLlamaSampling } from '../../src/main/inference/sampling'
import { remoteFusionLlm } from '../../src/main/fusion/llm'
import { RESULT_CSV } from '../helpers/fixtures'
import { vllmStandIn, type VllmStandIn } from '../helpers/vllmStandIn'

/** The key order of every object the model wrote, as the fixture's real outputs have it. */
function trainedOrder(): { top: string[]; subject: string[] } {
  const rows = parse(readFileSync(RESULT_CSV), { columns: true }) as { structural_caption: string }[]
  const tops = new Set<string>()
  const subjects = new Set<string>()
  for (const row of rows) {
    const caption = JSON.parse(row.structural_caption) as { subjects: Record<string, unknown>[] }
    tops.add(Object.keys(caption).join(','))
    for (const s of caption.subjects) subjects.add(Object.keys(s).join(','))
  }
  // the model is consistent: one order for the top level, one for subjects
  expect([...tops]).toHaveLength(1)
  expect([...subjects]).toHaveLength(1)
  return { top: [...tops][0].split(','), subject: [...subjects][0].split(',') }
}

const sample = { indices: [], frames: [], video: Buffer.from('not decoded by the stand-in'), mime: 'video/mp4' as const }

describe('the caption request on the wire', () => {
  let vllm: VllmStandIn
  beforeAll(async () => {
    vllm = await vllmStandIn()
  })
  afterAll(() => vllm.close())

  it('sends the schema with keys in the order of every real model output, and serialises captions in that order', async () => {
    const trained = trainedOrder()
    expect(trained.subject).toEqual(['TYPES', 'appearance', 'action', 'expression', 'position', 'is_main_subject'])
    const pool = new EndpointPool(remoteEndpoints([{ url: vllm.url, concurrency: 1, timeoutMs: 5000, retries: 0 }]))
    await captionSample(pool, sample, { maxTokens: 64 })
    const sent = vllm.bodies.at(-1) as { response_format: { json_schema: { schema: { properties: Record<string, { items?: { properties: object } }> } } } }
    const schema = sent.response_format.json_schema.schema
    expect(Object.keys(schema.properties)).toEqual(trained.top)
    expect(Object.keys(schema.properties.subjects.items!.properties)).toEqual(trained.subject)
    const rows = parse(readFileSync(RESULT_CSV), { columns: true }) as { structural_caption: string }[]
    const again = JSON.parse(serializeCaption(StructuralCaption.parse(JSON.parse(rows[0].structural_caption))))
    expect(Object.keys(again)).toEqual(trained.top)
    expect(Object.keys(again.subjects[0])).toEqual(trained.subject)
  })

  it("sends vLLM the original's full SamplingParams and pins its video handling, once the endpoint is known to be vLLM", async () => {
    const pool = new EndpointPool(remoteEndpoints([{ url: vllm.url, concurrency: 1, timeoutMs: 5000, retries: 0, model: 'SkyCaptioner-V1' }]))
    await pool.prepare()
    await captionSample(pool, sample)
    const body = vllm.bodies.at(-1)!
    expect(body).toMatchObject({
      model: 'SkyCaptioner-V1',
      temperature: 0.05,
      max_tokens: 2048,
      top_p: 1,
      top_k: -1,
      min_p: 0,
      repetition_penalty: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
      media_io_kwargs: { video: { num_frames: 16 } },
      mm_processor_kwargs: { fps: 2, do_sample_frames: false }
    })
    // llama.cpp's names would be ignored or refused by vLLM
    expect(body).not.toHaveProperty('repeat_penalty')
  })

  it("asks vLLM and llama-server for each token's log-probability and K alternatives, and neither field when K is 0", async () => {
    const pool = new EndpointPool(remoteEndpoints([{ url: vllm.url, concurrency: 1, timeoutMs: 5000, retries: 0 }]))
    await pool.prepare()
    expect(pool.endpoints[0].engine).toBe('vllm')
    await captionSample(pool, sample, { topLogprobs: 5 })
    expect(vllm.bodies.at(-1)).toMatchObject({ logprobs: true, top_logprobs: 5 })
    await captionSample(pool, sample, { topLogprobs: 0 })
    expect(vllm.bodies.at(-1)).not.toHaveProperty('logprobs')
    expect(vllm.bodies.at(-1)).not.toHaveProperty('top_logprobs')
    // llama-server takes the same names on /v1/chat/completions (a real one answers them in test/jobs/prelabel-confidence)
    expect(wireBody(captionRequest(sample, { topLogprobs: 3 }), 'llama.cpp', 'm')).toMatchObject({ logprobs: true, top_logprobs: 3, top_k: 0 })
    expect(wireBody(captionRequest(sample), 'llama.cpp', 'm')).not.toHaveProperty('logprobs')
  })

  it("sends fusion requests the original's temperature, limit and stop, with every other sampler off", async () => {
    const llm = remoteFusionLlm([{ url: vllm.url, concurrency: 1, timeoutMs: 5000, retries: 0, model: 'Qwen2.5-32B-Instruct', check: true }])
    await llm.complete('system text', { maxTokens: 512, seed: 7 })
    expect(vllm.bodies.at(-1)).toMatchObject({
      model: 'Qwen2.5-32B-Instruct',
      messages: [{ role: 'system', content: 'system text' }],
      temperature: 0.1,
      max_tokens: 512,
      stop: ['\n\n'],
      seed: 7,
      top_p: 1,
      top_k: -1,
      min_p: 0,
      repetition_penalty: 1
    })
    expect(vllm.bodies.at(-1)).not.toHaveProperty('media_io_kwargs')
  })

  it('gives the in-process node-llama-cpp fusion the same sampling (its own defaults are top_k 40, top_p 0.95)', () => {
    expect(nodeLlamaSampling({ temperature: 0.1, maxTokens: 512, stop: ['\n\n'] })).toEqual({
      temperature: 0.1,
      maxTokens: 512,
      topK: 0,
      topP: 1,
      minP: 0,
      repeatPenalty: false,
      customStopTriggers: ['\n\n']
    })
  })
})
