import { remoteEndpoints } from '../inference/endpoint'
import type { EndpointPolicy } from '../inference/endpointPolicy'
import { EndpointPool } from '../inference/pool'
import type { RemoteEndpoint } from '../../shared/jobs'
import { quantOf } from '../report/sources'
import { FUSION_SAMPLING } from './prompts'

export interface CompleteOptions {
  maxTokens: number
  /** Fixed sampling seed, so a re-run of the same text gives the same caption where the engine allows. */
  seed?: number
  signal?: AbortSignal
}

export interface Completion {
  text: string
  /** Which endpoint or model answered, and how long it took. */
  details: Record<string, unknown>
}

/** An instruct LLM that answers one system message (the original sends no user turn). */
export interface FusionLlm {
  /** Requests it can work on at once. */
  readonly capacity: number
  /** Provenance stored with every caption it writes: engine, model file, quant, endpoints. */
  readonly provenance: { label: string; details: Record<string, unknown> }
  complete(system: string, opts: CompleteOptions): Promise<Completion>
}

/** OpenAI-compatible servers (vLLM serving Qwen2.5-32B-Instruct, llama-server…), through the endpoint pool. */
export function remoteFusionLlm(endpoints: RemoteEndpoint[], policy?: EndpointPolicy): FusionLlm {
  const pool = new EndpointPool(remoteEndpoints(endpoints, policy))
  const served = endpoints.map((e) => e.model).filter((m): m is string => !!m)
  let prepared: Promise<void> | null = null
  return {
    capacity: pool.capacity,
    provenance: {
      label: `${served[0] ?? 'served model'} @ ${endpoints.map((e) => new URL(e.url).host).join(', ')}`,
      details: { engine: 'openai-compatible', endpoints: endpoints.map((e) => e.url), models: served, quant: served[0] ? quantOf(served[0]) : null }
    },
    async complete(system, opts) {
      // engines are learned once, before the first request: they name the sampling fields
      prepared ??= pool.prepare().then(() => undefined)
      prepared.catch(() => (prepared = null))
      await prepared
      const sampling = { temperature: FUSION_SAMPLING.temperature, maxTokens: opts.maxTokens, stop: FUSION_SAMPLING.stop, seed: opts.seed }
      const result = await pool.request({ messages: [{ role: 'system', content: system }], sampling, defaultModel: served[0] ?? 'fusion' }, opts.signal)
      const choice = result.completion.choices[0]
      return {
        text: choice.message.content ?? '',
        details: {
          endpoint: result.endpointId,
          servedModel: result.completion.model ?? null,
          attempts: result.attempts,
          requestMs: Math.round(result.requestMs),
          finish: choice.finish_reason ?? null
        }
      }
    }
  }
}
