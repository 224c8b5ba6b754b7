import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { StructuralCaption } from '../../shared/caption'
import { resourcePath } from '../resources'
import { SAMPLED_FPS, SAMPLED_FRAMES, type SampledClip } from './frames'
import { logprobFields, samplingFields, type EngineKind, type Sampling } from './sampling'

/** The original pipeline's sampling settings (vllm_struct_caption.py). */
export const CAPTION_SAMPLING = { temperature: 0.05, maxTokens: 2048 } as const satisfies Sampling

let prompt: string | null = null
/** The exact instruction string SkyCaptioner-V1 was trained with (resources/struct_prompt.txt). */
export function structPrompt(): string {
  prompt ??= readFileSync(resourcePath('struct_prompt.txt'), 'utf8')
  return prompt
}

let schema: Record<string, unknown> | null = null
/** The caption's JSON schema; its key order is StructuralCaption's, the order the model emits. */
export function captionJsonSchema(): Record<string, unknown> {
  if (!schema) {
    const { $schema: _drop, ...rest } = z.toJSONSchema(StructuralCaption) as Record<string, unknown>
    schema = rest
  }
  return schema
}

/** A chat request before it meets an engine: the engine decides the sampling fields' names. */
export interface ChatRequest {
  messages: unknown[]
  sampling: Sampling
  responseFormat?: Record<string, unknown>
  /** The clip is the one sampled video: vLLM gets its handling pinned per request. */
  video?: boolean
  /** The `model` sent to an endpoint that was given no served-model name. */
  defaultModel?: string
  /** Alternatives per token to return with each token's log-probability; 0 or absent asks for none. */
  topLogprobs?: number
}

/**
 * What vLLM does with the one video, pinned per request so a server's own defaults cannot
 * resample or resize the 16 frames: every frame kept, 2 fps (temporal positions 0, 2, …, 14),
 * and Qwen2.5-VL's own pixel bounds, which leave 364×420 frames as they are.
 */
export const VLLM_VIDEO_PIN = {
  media_io_kwargs: { video: { num_frames: SAMPLED_FRAMES } },
  mm_processor_kwargs: { fps: SAMPLED_FPS, do_sample_frames: false, min_pixels: 56 * 56, max_pixels: 28 * 28 * 16384 }
} as const

/** The JSON body for `engine`; `model` is the served model name. */
export function wireBody(request: ChatRequest, engine: EngineKind, model: string): Record<string, unknown> {
  return {
    model,
    messages: request.messages,
    ...samplingFields(engine, request.sampling),
    ...logprobFields(request.topLogprobs ?? 0),
    ...(request.responseFormat ? { response_format: request.responseFormat } : {}),
    ...(request.video && engine === 'vllm' ? VLLM_VIDEO_PIN : {})
  }
}

export interface CaptionRequestOptions {
  maxTokens?: number
  /** EngineConfig.topLogprobs; absent asks for no log-probabilities. */
  topLogprobs?: number
}

/** The user turn the model was trained on: the sampled clip as one video, then the instruction. */
export function captionMessages(video: Buffer, mime: string): unknown[] {
  return [
    {
      role: 'user',
      content: [
        { type: 'video_url', video_url: { url: `data:${mime};base64,${video.toString('base64')}` } },
        { type: 'text', text: structPrompt() }
      ]
    }
  ]
}

/** One clip's caption request, constrained to the caption schema (llama-server and vLLM both support it). */
export function captionRequest(sample: SampledClip, opts: CaptionRequestOptions = {}): ChatRequest {
  return {
    messages: captionMessages(sample.video, sample.mime),
    sampling: { ...CAPTION_SAMPLING, maxTokens: opts.maxTokens ?? CAPTION_SAMPLING.maxTokens },
    responseFormat: { type: 'json_schema', json_schema: { name: 'structural_caption', schema: captionJsonSchema() } },
    video: true,
    topLogprobs: opts.topLogprobs
  }
}

/** The body the local llama-server gets for one clip. */
export function buildCaptionRequest(sample: SampledClip, opts: CaptionRequestOptions = {}): Record<string, unknown> {
  return wireBody(captionRequest(sample, opts), 'llama.cpp', DEFAULT_SERVED_MODEL)
}

/** What `model` says when the endpoint was given no served-model name (llama-server ignores it). */
export const DEFAULT_SERVED_MODEL = 'skycaptioner-v1'

export const ChatCompletion = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable() }),
        finish_reason: z.string().nullable().optional(),
        // read by completionTokens (logprobs.ts): a malformed list costs the confidence, never the caption
        logprobs: z.unknown().optional()
      })
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).partial().optional(),
  timings: z.object({ prompt_n: z.number(), prompt_ms: z.number(), predicted_n: z.number(), predicted_ms: z.number() }).partial().optional()
})
export type ChatCompletion = z.infer<typeof ChatCompletion>
