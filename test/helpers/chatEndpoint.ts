// A stand-in OpenAI-compatible chat server on 127.0.0.1 that records each request body and answers
// with `answer(body)` after `delayMs`: for checking what fusion sends, and for jobs that need time.
import { serveLoopback } from './loopback'

export interface ChatEndpoint {
  url: string
  bodies: Record<string, unknown>[]
  close(): Promise<void>
}

export async function chatEndpoint(answer: (body: Record<string, unknown>) => string, delayMs = 0): Promise<ChatEndpoint> {
  const bodies: Record<string, unknown>[] = []
  const server = await serveLoopback((req, res) => {
    let text = ''
    req.on('data', (d) => (text += d))
    req.on('end', () => {
      // neither llama-server's /props nor vLLM's /version: a plain OpenAI-compatible server
      if (req.url !== '/v1/chat/completions') return res.writeHead(404).end()
      const body = JSON.parse(text) as Record<string, unknown>
      bodies.push(body)
      setTimeout(() => {
        const completion = { model: 'served-Q8_0', choices: [{ index: 0, message: { role: 'assistant', content: answer(body) }, finish_reason: 'stop' }] }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion))
      }, delayMs)
    })
  })
  return {
    url: server.url,
    bodies,
    close: server.close
  }
}
