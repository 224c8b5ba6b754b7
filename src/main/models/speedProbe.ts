// The machine's own figures, measured through llama-server with the model being timed: a
// text-only prefill gives compute, a greedy decode gives bandwidth (the bytes a token reads over
// its time), and the job's sampling with and without the schema gives the sampling cost.
import { z } from 'zod'
import type { ProbeRound } from '../../shared/speedMeasure'
import { captionJsonSchema } from '../inference/captionRequest'
import { samplingFields } from '../inference/sampling'
import { fillerPrompt } from './textPrefill'
import { COMPUTE_EFFICIENCY, DECODE_EFFICIENCY, type MachineSpeed } from './speed'

/** What the probe needs of the model, fixed when the speed job starts (see speedMeasure.ts). */
export const ProbeModel = z.object({
  weightBytesPerToken: z.number(),
  /** KV cache bytes per token of context (jobs stored before it have none: 0). */
  kvBytesPerToken: z.number().default(0),
  prefillParams: z.number(),
  vocab: z.number().int(),
  cpu: z.string()
})
export type ProbeModel = z.infer<typeof ProbeModel>

/**
 * A probe stands for the machine's memory and compute only on a model that reads at least this
 * much a token: a smaller one runs from the CPU's caches and its prompt from per-token overheads
 * (the tiny test model reads 19 MB). Its sampling cost stands whatever the size: same vocabulary.
 */
export const REPRESENTATIVE_BYTES = 1e9

/** Tokens per probe decode: enough to average out a token's jitter, few enough for a 7B on a CPU. */
export const PROBE_TOKENS = 48

/**
 * Every sampled probe decode draws with this seed: the same prompt then yields the same tokens and
 * the grammar walks the same path, run after run (its cost per token depends on that path).
 */
export const PROBE_SEED = 16

const Completion = z.object({ timings: z.object({ predicted_n: z.number(), predicted_ms: z.number() }) })

async function decodeMsPerToken(
  baseUrl: string,
  prompt: string | number[],
  fields: Record<string, unknown>,
  signal?: AbortSignal,
  cachePrompt = false
): Promise<number> {
  // ignore_eos so a random or terse model still yields its tokens
  const body = { prompt, n_predict: PROBE_TOKENS, cache_prompt: cachePrompt, ignore_eos: true, ...fields }
  const res = await fetch(`${baseUrl}/completion`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal })
  if (!res.ok) throw new Error(`llama-server refused the decode probe (HTTP ${res.status})`)
  const { timings } = Completion.parse(await res.json())
  if (timings.predicted_n < 2) throw new Error(`the decode probe generated ${timings.predicted_n} token(s)`)
  return timings.predicted_ms / timings.predicted_n
}

/** The job's sampling fields for llama-server, seeded, minus max_tokens (the probe's n_predict counts). */
function jobSampling(): Record<string, unknown> {
  const { max_tokens: _drop, ...fields } = samplingFields('llama.cpp', { temperature: 0.05, maxTokens: PROBE_TOKENS, seed: PROBE_SEED })
  return fields
}

const SHORT_PROMPT = 'Describe the shot:'

/**
 * Greedy and the job's plain sampling after a prompt of the clip's length: greedy there reads the
 * clip's KV cache as the job's tokens do, and plain is the decode bench:speed checks the prediction
 * on (the grammar's cost follows the text, so a schema decode cannot be checked on another). Both
 * reuse the prompt the text prefill (textPrefill.ts) left in the slot: a 7B on a CPU takes a minute
 * to prefill it. Then, on a short prompt: greedy (top_k 1: the cheapest pick), and the job's
 * sampling plain and with the caption schema.
 */
export async function probeRound(baseUrl: string, contextTokens: number, signal?: AbortSignal): Promise<ProbeRound> {
  const greedy = { top_k: 1, temperature: 0 }
  const filler = await fillerPrompt(baseUrl, contextTokens, signal)
  const context = {
    tokens: contextTokens,
    greedyMs: await decodeMsPerToken(baseUrl, filler, greedy, signal, true),
    plainMs: await decodeMsPerToken(baseUrl, filler, jobSampling(), signal, true)
  }
  const greedyMs = await decodeMsPerToken(baseUrl, SHORT_PROMPT, greedy, signal)
  const plainMs = await decodeMsPerToken(baseUrl, SHORT_PROMPT, jobSampling(), signal)
  const schemaMs = await decodeMsPerToken(baseUrl, SHORT_PROMPT, { ...jobSampling(), json_schema: captionJsonSchema() }, signal)
  return { greedyMs, plainMs, schemaMs, context }
}

/** The fastest: other work on the machine only ever slows a decode, never speeds it up. */
const fastest = (xs: number[]) => Math.min(...xs)

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/**
 * The machine figures that make the speed model reproduce the probe on its own model: the
 * efficiencies are divided back out, so a figure reads as the machine's, as a user's would.
 * Text prefill comes from the speed job's own measurement (tokens and milliseconds per clip).
 */
export function probedSpeed(model: ProbeModel, rounds: ProbeRound[], prefill: { tokens: number; ms: number }[]): MachineSpeed {
  const greedy = fastest(rounds.map((r) => r.greedyMs))
  const perEntry = (ms: number) => Math.max(0, ((ms - greedy) * 1e6) / model.vocab)
  const prefillSeconds = median(prefill.map((p) => p.ms / p.tokens)) / 1000
  // at the clip's prompt length, as the job decodes, a token also reads the clip's KV cache
  const context = contextDecode(rounds)
  const bytes = context ? model.weightBytesPerToken + model.kvBytesPerToken * (context.tokens + PROBE_TOKENS / 2) : model.weightBytesPerToken
  const greedyMs = context ? context.greedyMs : greedy
  return {
    memoryBandwidthGBs: bytes / (greedyMs / 1000) / DECODE_EFFICIENCY / 1e9,
    computeGflops: (2 * model.prefillParams) / prefillSeconds / COMPUTE_EFFICIENCY / 1e9,
    source: 'probe',
    sampling: { plainNs: perEntry(fastest(rounds.map((r) => r.plainMs))), schemaNs: perEntry(fastest(rounds.map((r) => r.schemaMs))), source: 'probe' }
  }
}

/** The rounds' decodes at the clip's prompt length: its median length, the fastest ms per token; null when no round has them. */
export function contextDecode(rounds: ProbeRound[]): { tokens: number; greedyMs: number; plainMs: number } | null {
  const timed = rounds.flatMap((r) => (r.context ? [r.context] : []))
  if (timed.length === 0) return null
  return { tokens: median(timed.map((c) => c.tokens)), greedyMs: fastest(timed.map((c) => c.greedyMs)), plainMs: fastest(timed.map((c) => c.plainMs)) }
}
