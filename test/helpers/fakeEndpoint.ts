// A stand-in OpenAI-compatible endpoint on 127.0.0.1 for what a real model server does badly:
// answering in prose, or never answering. What is under test is our job and parser, not a server.
import { serveLoopback } from './loopback'

export interface FakeEndpoint {
  url: string
  requests: number
  /** The `model` of each request received, in order. */
  models: string[]
  close(): Promise<void>
}

/** hang: never answers; stall: sends headers and the start of a body, then nothing. */
export async function fakeEndpoint(behaviour: { prose: string } | 'hang' | 'stall'): Promise<FakeEndpoint> {
  const state = { requests: 0, models: [] as string[] }
  const server = await serveLoopback((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      // like any OpenAI-compatible server that is neither llama-server nor vLLM: no /props, no /version
      if (req.url !== '/v1/chat/completions') return res.writeHead(404).end()
      state.requests++
      state.models.push(String((JSON.parse(Buffer.concat(chunks).toString() || '{}') as { model?: unknown }).model))
      if (behaviour === 'hang') return // keep the socket open, say nothing
      if (behaviour === 'stall') {
        res.writeHead(200, { 'content-type': 'application/json' }).write('{"choices": [')
        return
      }
      const completion = {
        model: 'fake-prose',
        choices: [{ index: 0, message: { role: 'assistant', content: behaviour.prose }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 10, completion_tokens: 20 }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion))
    })
  })
  return {
    url: server.url,
    get requests() {
      return state.requests
    },
    models: state.models,
    close: server.close
  }
}
