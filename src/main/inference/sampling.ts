// Every sampling field an engine knows, sent explicitly. The original ran vLLM's plain
// SamplingParams (temperature and max_tokens set, everything else off); servers fill fields a
// request leaves out with their own defaults (llama-server: top_k 40, top_p 0.95, min_p 0.05 or
// the GGUF's general.sampling.*; vLLM: the model's generation_config.json), so nothing is left out.
// docs/prelabel.md ("Sampling") explains each field.

/** The server software behind an OpenAI-compatible endpoint; 'openai' when it could not be told. */
export type EngineKind = 'llama.cpp' | 'vllm' | 'openai'

export interface Sampling {
  temperature: number
  maxTokens: number
  stop?: readonly string[]
  seed?: number
}

/** llama-server's names; each value turns its sampler off (see common_params_sampling). */
const LLAMA_NEUTRAL = {
  top_k: 0,
  top_p: 1,
  min_p: 0,
  typical_p: 1,
  top_n_sigma: -1,
  xtc_probability: 0,
  dynatemp_range: 0,
  repeat_penalty: 1,
  repeat_last_n: 0,
  presence_penalty: 0,
  frequency_penalty: 0,
  dry_multiplier: 0,
  mirostat: 0,
  adaptive_target: -1
} as const

/** vLLM's SamplingParams defaults, which is what the original ran with. */
const VLLM_NEUTRAL = { top_p: 1, top_k: -1, min_p: 0, repetition_penalty: 1, presence_penalty: 0, frequency_penalty: 0 } as const

/** The fields every OpenAI-compatible server accepts. */
const OPENAI_NEUTRAL = { top_p: 1, presence_penalty: 0, frequency_penalty: 0 } as const

const NEUTRAL: Record<EngineKind, Record<string, number>> = { 'llama.cpp': LLAMA_NEUTRAL, vllm: VLLM_NEUTRAL, openai: OPENAI_NEUTRAL }

/** The request fields that give `s` on `engine`, with every other sampler explicitly off. */
export function samplingFields(engine: EngineKind, s: Sampling): Record<string, unknown> {
  return {
    temperature: s.temperature,
    max_tokens: s.maxTokens,
    ...NEUTRAL[engine],
    ...(s.stop ? { stop: [...s.stop] } : {}),
    ...(s.seed !== undefined ? { seed: s.seed } : {})
  }
}

/**
 * The request fields that return each generated token's log-probability and its `topK` likeliest
 * alternatives. llama-server and vLLM take OpenAI's names on /v1/chat/completions, as does any
 * OpenAI-compatible server; 0 asks for nothing, so the body is as before.
 */
export function logprobFields(topK: number): Record<string, unknown> {
  return topK > 0 ? { logprobs: true, top_logprobs: topK } : {}
}

/** The same for node-llama-cpp's in-process LlamaChat (its defaults are top_k 40, top_p 0.95). */
export function nodeLlamaSampling(s: Sampling): {
  temperature: number
  maxTokens: number
  topK: 0
  topP: 1
  minP: 0
  repeatPenalty: false
  seed?: number
  customStopTriggers?: string[]
} {
  return {
    temperature: s.temperature,
    maxTokens: s.maxTokens,
    topK: 0,
    topP: 1,
    minP: 0,
    repeatPenalty: false,
    ...(s.seed !== undefined ? { seed: s.seed } : {}),
    ...(s.stop ? { customStopTriggers: [...s.stop] } : {})
  }
}
