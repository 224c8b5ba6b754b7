import type { CaptionProblem, StructuralCaption } from '../../shared/caption'
import type { PrelabelConfidence, TokenLogprob } from '../../shared/confidence'
import { parseCaption } from '../../shared/parseCaption'
import { scoreCaption } from '../confidence/score'
import { captionRequest, type CaptionRequestOptions } from './captionRequest'
import type { SampledClip } from './frames'
import { completionTokens, type CompletionTokens } from './logprobs'
import type { EndpointPool } from './pool'

export interface CaptionOutcome {
  rawText: string
  caption: StructuralCaption
  problems: CaptionProblem[]
  endpointId: string
  model: string | null
  attempts: number
  /** Milliseconds and token counts of each stage, as far as the engine reports them. */
  timings: Record<string, number>
  /** The tokens behind rawText with their log-probabilities; null when none were asked for. */
  logprobs: CompletionTokens | null
}

/** Sends one sampled clip through the pool and parses what comes back; never throws on bad text. */
export async function captionSample(
  pool: EndpointPool,
  sample: SampledClip,
  opts: CaptionRequestOptions & { signal?: AbortSignal } = {}
): Promise<CaptionOutcome> {
  const result = await pool.request(captionRequest(sample, opts), opts.signal)
  const choice = result.completion.choices[0]
  const rawText = choice.message.content ?? ''
  const parseStart = performance.now()
  const parsed = parseCaption(rawText)
  if (choice.finish_reason === 'length' && !parsed.problems.some((p) => p.kind === 'truncated')) {
    parsed.problems.unshift({ path: '', kind: 'truncated', message: 'The model hit the token limit before finishing' })
  }
  const t = result.completion.timings
  const u = result.completion.usage
  const timings: Record<string, number> = { requestMs: result.requestMs, parseMs: performance.now() - parseStart }
  if (t?.prompt_ms !== undefined) timings.promptMs = t.prompt_ms
  if (t?.predicted_ms !== undefined) timings.predictedMs = t.predicted_ms
  // usage counts the whole prompt; llama-server's prompt_n leaves out what its cache reused
  const promptTokens = u?.prompt_tokens ?? t?.prompt_n
  const outputTokens = t?.predicted_n ?? u?.completion_tokens
  if (promptTokens !== undefined) timings.promptTokens = promptTokens
  if (t?.prompt_n !== undefined) timings.promptEvaluated = t.prompt_n
  if (outputTokens !== undefined) timings.outputTokens = outputTokens
  return {
    rawText,
    ...parsed,
    endpointId: result.endpointId,
    model: result.completion.model ?? null,
    attempts: result.attempts,
    timings,
    logprobs: opts.topLogprobs ? completionTokens(choice.logprobs, rawText) : null
  }
}

/** What a pre-label keeps of the log-probabilities: nothing when none were asked for, "none" with the reason when none came. */
export function outcomeConfidence(outcome: CaptionOutcome, topK: number): { confidence?: PrelabelConfidence; tokens?: TokenLogprob[] } {
  const got = outcome.logprobs
  if (!got) return {}
  if (!got.tokens) return { confidence: { status: 'none', reason: `${outcome.endpointId}: ${got.reason}` } }
  return { confidence: scoreCaption(outcome.rawText, got.tokens, topK, outcome.caption), tokens: got.tokens }
}
