import { z } from 'zod'
import { LocalEngine } from './jobs'
import { SamplingCost } from './models'

/**
 * One machine-probe round (src/main/models/speedProbe.ts): milliseconds per generated token for each way of sampling,
 * and greedy and the job's plain sampling after a prompt as long as the clip's (rounds stored before it have none).
 */
export const ProbeRound = z.object({
  greedyMs: z.number(),
  plainMs: z.number(),
  schemaMs: z.number(),
  context: z.object({ tokens: z.number().int(), greedyMs: z.number(), plainMs: z.number() }).optional()
})
export type ProbeRound = z.infer<typeof ProbeRound>

/** "Measure on this machine": a local quant captions a few of the project's clips through the job path. */
export const SpeedMeasureStart = z.object({
  local: LocalEngine,
  /** The clips to time; without them, the first `count` readable clips. */
  clipIds: z.array(z.number().int()).max(100).optional(),
  count: z.number().int().min(1).max(100).default(3),
  maxTokens: z.number().int().min(16).max(8192).default(2048)
})
export type SpeedMeasureStart = z.input<typeof SpeedMeasureStart>

/** Machine figures to predict with (the speed model's inputs), when the caller has them. */
export const SpeedMachine = z.object({ memoryBandwidthGBs: z.number().positive(), computeGflops: z.number().positive() })

export const SpeedFigures = z.object({
  /** Whole prompt (vision + text) per second, as llama-server reports it. */
  promptTokensPerSecond: z.number(),
  /** Language-model prefill alone: a text-only prompt of the same token count. */
  prefillTokensPerSecond: z.number(),
  decodeTokensPerSecond: z.number(),
  visionSeconds: z.number(),
  secondsPerClip: z.number(),
  clipsPerHour: z.number()
})
export type SpeedFigures = z.infer<typeof SpeedFigures>

/** One quant's latest measurement run in this project, its per-clip medians, and what the speed model predicts. */
export const SpeedSummary = z.object({
  model: z.string(),
  quant: z.string().nullable(),
  jobId: z.number().int(),
  clips: z.number().int(),
  promptTokens: z.number(),
  outputTokens: z.number(),
  measured: SpeedFigures,
  predicted: z
    .object({
      prefillTokensPerSecond: z.number(),
      decodeTokensPerSecond: z.number(),
      visionSeconds: z.number(),
      secondsPerClip: z.number(),
      clipsPerHour: z.number(),
      /** The figures predicted with, and where they came from. */
      machine: SpeedMachine.extend({ source: z.enum(['probe', 'os', 'user', 'default']), sampling: SamplingCost.optional() })
    })
    .nullable(),
  measuredAt: z.string()
})
export type SpeedSummary = z.infer<typeof SpeedSummary>
