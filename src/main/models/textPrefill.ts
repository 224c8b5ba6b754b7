import { z } from 'zod'

const Tokenized = z.object({ tokens: z.array(z.number().int()).min(1) })
const Completion = z.object({ timings: z.object({ prompt_n: z.number(), prompt_ms: z.number() }) })

async function postJson(url: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal })
  // the reply's body is not echoed: only what was asked and how it failed
  if (!res.ok) throw new Error(`llama-server refused the text-only prefill (${new URL(url).pathname}: HTTP ${res.status})`)
  return res.json()
}

/** A text prompt of exactly `tokens` tokens (one token repeated), for timings at a clip's prompt length. */
export async function fillerPrompt(baseUrl: string, tokens: number, signal?: AbortSignal): Promise<number[]> {
  const { tokens: ids } = Tokenized.parse(await postJson(`${baseUrl}/tokenize`, { content: ' the' }, signal))
  return Array<number>(tokens).fill(ids[0])
}

/**
 * llama-server's prompt time covers the vision encode and the prefill together. A text-only
 * prompt of the same token count, nothing cached, times the prefill alone; the difference is
 * the vision encode. Any token will do: prefill cost does not depend on which tokens they are.
 */
export async function textPrefillMs(baseUrl: string, tokens: number, signal?: AbortSignal): Promise<number> {
  const body = { prompt: await fillerPrompt(baseUrl, tokens, signal), n_predict: 1, cache_prompt: false }
  const { timings } = Completion.parse(await postJson(`${baseUrl}/completion`, body, signal))
  if (timings.prompt_n !== tokens) throw new Error(`llama-server prefilled ${timings.prompt_n} of ${tokens} text tokens`)
  return timings.prompt_ms
}
