import { z } from 'zod'

/** A day; timers cannot wait longer than 2^31 ms, and a longer timeout failed every request. */
const MAX_TIMEOUT_MS = 86_400_000

export const LocalEngine = z.object({
  model: z.string().min(1),
  mmproj: z.string().min(1),
  /** Tokens per parallel slot: 16 frames (~1,560) + prompt (~330) + 2,048 output fits in 8k. */
  contextPerSlot: z.number().int().min(2048).max(131072).default(8192),
  parallel: z.number().int().min(1).max(16).default(1),
  gpuLayers: z.union([z.number().int().min(0), z.literal('auto')]).default('auto'),
  timeoutMs: z.number().int().min(1000).max(MAX_TIMEOUT_MS).default(600_000)
})
export type LocalEngine = z.infer<typeof LocalEngine>

export const RemoteEndpoint = z.object({
  url: z.url({ protocol: /^https?$/ }),
  concurrency: z.number().int().min(1).max(256).default(4),
  timeoutMs: z.number().int().min(1000).max(MAX_TIMEOUT_MS).default(300_000),
  retries: z.number().int().min(0).max(10).default(2),
  apiKey: z.string().optional(),
  /** The served model name, e.g. vLLM's --served-model-name. */
  model: z.string().optional(),
  /**
   * Check the server with a known clip before a job sends it work, and refuse it when it would not
   * show the model the 16 frames as trained. Off only for servers that report no token usage.
   */
  check: z.boolean().default(true)
})
export type RemoteEndpoint = z.infer<typeof RemoteEndpoint>
export type RemoteEndpointInput = z.input<typeof RemoteEndpoint>

export const EngineConfig = z
  .object({
    local: LocalEngine.optional(),
    endpoints: z.array(RemoteEndpoint).default([]),
    /** The original allows 2,048 new tokens; lower it only to bound runs of test models. */
    maxTokens: z.number().int().min(16).max(8192).default(2048),
    /** Alternatives per generated token whose log-probabilities are kept for confidence; 0 asks for none. vLLM and OpenAI allow 20. */
    topLogprobs: z.number().int().min(0).max(20).default(5)
  })
  .refine((e) => e.local !== undefined || e.endpoints.length > 0, 'Choose a local model or at least one endpoint')
export type EngineConfig = z.infer<typeof EngineConfig>

export const JOB_STATES = ['queued', 'running', 'paused', 'done', 'failed', 'cancelled'] as const
export const JobState = z.enum(JOB_STATES)

export const JobProgress = z.object({
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  pending: z.number().int(),
  clipsPerMinute: z.number().nullable(),
  etaSeconds: z.number().nullable()
})
export type JobProgress = z.infer<typeof JobProgress>

export const JobInfo = z.object({
  id: z.number().int(),
  kind: z.string(),
  state: JobState,
  error: z.string().nullable(),
  progress: JobProgress,
  failures: z.array(z.object({ clipId: z.number().int(), path: z.string(), error: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The person who started it; null for the operator (the desktop app, the host's own token). */
  startedBy: z.string().nullable()
})
export type JobInfo = z.infer<typeof JobInfo>

export const PrelabelStart = z.object({
  /** selected: the given clipIds; unlabeled: clips with no pre-label yet; all: every readable clip. */
  scope: z.enum(['selected', 'unlabeled', 'all']),
  clipIds: z.array(z.number().int()).max(1_000_000).default([]),
  engine: EngineConfig
})
export type PrelabelStart = z.infer<typeof PrelabelStart>
