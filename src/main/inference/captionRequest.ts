import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { StructuralCaption } from '../../shared/caption'
import { resourcePath } from '../resources'
import type { SampledClip } from './frames'

/** The original pipeline's sampling settings. */
export const CAPTION_SAMPLING = { temperature: 0.05, max_tokens: 2048 } as const

let prompt: string | null = null
/** The exact instruction string SkyCaptioner-V1 was trained with (resources/struct_prompt.txt). */
export function structPrompt(): string {
  prompt ??= readFileSync(resourcePath('struct_prompt.txt'), 'utf8')
  return prompt
}

let schema: Record<string, unknown> | null = null
export function captionJsonSchema(): Record<string, unknown> {
  if (!schema) {
    const { $schema: _drop, ...rest } = z.toJSONSchema(StructuralCaption) as Record<string, unknown>
    schema = rest
  }
  return schema
}

export interface CaptionRequestOptions {
  maxTokens?: number
}

/** An OpenAI-style chat request: the sampled clip as one video, then the instruction text. */
export function buildCaptionRequest(sample: SampledClip, opts: CaptionRequestOptions = {}): Record<string, unknown> {
  return {
    model: 'skycaptioner-v1',
    messages: [
      {
        role: 'user',
        content: [
          { type: 'video_url', video_url: { url: `data:${sample.mime};base64,${sample.video.toString('base64')}` } },
          { type: 'text', text: structPrompt() }
        ]
      }
    ],
    ...CAPTION_SAMPLING,
    ...(opts.maxTokens ? { max_tokens: opts.maxTokens } : {}),
    // output constrained to the caption schema (llama-server and vLLM both support it)
    response_format: { type: 'json_schema', json_schema: { name: 'structural_caption', schema: captionJsonSchema() } }
  }
}

export const ChatCompletion = z.object({
  model: z.string().optional(),
  choices: z
    .array(z.object({ message: z.object({ content: z.string().nullable() }), finish_reason: z.string().nullable().optional() }))
    .min(1),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).partial().optional(),
  timings: z.object({ prompt_n: z.number(), prompt_ms: z.number(), predicted_n: z.number(), predicted_ms: z.number() }).partial().optional()
})
export type ChatCompletion = z.infer<typeof ChatCompletion>
