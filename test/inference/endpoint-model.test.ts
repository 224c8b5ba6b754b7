import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postChat, remoteEndpoints } from '../../src/main/inference/endpoint'
import { fakeEndpoint, type FakeEndpoint } from '../helpers/fakeEndpoint'

describe('the served model name of each remote endpoint', () => {
  let named: FakeEndpoint
  let unnamed: FakeEndpoint
  beforeAll(async () => {
    named = await fakeEndpoint({ prose: 'ok' })
    unnamed = await fakeEndpoint({ prose: 'ok' })
  })
  afterAll(async () => {
    await named.close()
    await unnamed.close()
  })

  it("is sent as the request's model (vLLM refuses any other), and the default stays when none is set", async () => {
    const [a, b] = remoteEndpoints([
      { url: named.url, model: 'sky-q8', concurrency: 1, timeoutMs: 5000, retries: 0 },
      { url: unnamed.url, concurrency: 1, timeoutMs: 5000, retries: 0 }
    ])
    const request = { messages: [], sampling: { temperature: 0, maxTokens: 1 } }
    await postChat(a, request)
    await postChat(b, request)
    expect(named.models).toEqual(['sky-q8'])
    expect(unnamed.models).toEqual(['skycaptioner-v1'])
  })
})
