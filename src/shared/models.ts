import { z } from 'zod'

export const GPU_KINDS = ['cuda', 'vulkan', 'metal', 'none'] as const
export const GpuKind = z.enum(GPU_KINDS)
export type GpuKind = z.infer<typeof GpuKind>

export const Hardware = z.object({
  gpu: GpuKind,
  /** The llama.cpp backend node-llama-cpp loaded; it may be 'vulkan' with no usable device. */
  backend: z.string(),
  devices: z.array(z.string()),
  vramTotal: z.number(),
  vramFree: z.number(),
  ramTotal: z.number(),
  ramFree: z.number(),
  checkedAt: z.string()
})
export type Hardware = z.infer<typeof Hardware>

/** A file on disk or in a repository; sizes are bytes. */
export const ModelFile = z.object({
  file: z.string(),
  sizeBytes: z.number().nullable(),
  /** true when the size comes from bits per weight × parameters, not from a listing or the file. */
  sizeIsEstimate: z.boolean(),
  path: z.string().nullable(),
  sha256: z.string().nullable()
})
export type ModelFile = z.infer<typeof ModelFile>

/** How the studio made a local quant (also in the file's skycaptioner.quantize.* metadata). */
export const QuantRecipe = z.object({
  type: z.string(),
  rules: z.array(z.object({ pattern: z.string(), type: z.string() })),
  imatrix: z.enum(['none', 'given', 'computed']),
  source: z.string()
})
export type QuantRecipe = z.infer<typeof QuantRecipe>

export const CatalogEntry = z.object({
  /** Stable key: "repo/file" for repository quants, the absolute path for local files. */
  id: z.string(),
  origin: z.enum(['repository', 'local']),
  repo: z.string().nullable(),
  quant: z.string(),
  bitsPerWeight: z.number().nullable(),
  precisionNote: z.string(),
  model: ModelFile,
  mmproj: ModelFile.nullable(),
  architecture: z.string().nullable(),
  parameters: z.number().nullable(),
  layers: z.number().int().nullable(),
  contextLength: z.number().int().nullable(),
  recipe: QuantRecipe.optional()
})
export type CatalogEntry = z.infer<typeof CatalogEntry>

export const Catalog = z.object({
  entries: z.array(CatalogEntry),
  repos: z.array(z.string()),
  /** Set when a repository listing could not be fetched (offline); sizes are then estimates. */
  offline: z.string().nullable()
})
export type Catalog = z.infer<typeof Catalog>

export const FitInput = z.object({
  /** What-if machine: overrides the detected VRAM / RAM (GB = 1e9 bytes). */
  vramGb: z.number().min(0).max(4096).optional(),
  ramGb: z.number().min(0).max(16384).optional(),
  contextPerSlot: z.number().int().min(2048).max(131072).optional(),
  slots: z.number().int().min(1).max(16).optional(),
  /** The CPU's figures for the speed estimate, when the user knows them (else defaults per CPU). */
  bandwidthGbs: z.number().min(0.1).max(10000).optional(),
  computeGflops: z.number().min(1).max(1e6).optional()
})
export type FitInput = z.input<typeof FitInput>

/** Bytes per part; vram/ram are what the verdict compares with the machine. */
export const MemoryEstimate = z.object({
  weightsGpu: z.number(),
  weightsCpu: z.number(),
  /** weightsCpu by buffer, as llama-server names them: CPU_Mapped (the file), CPU_REPACK, AMX. */
  weightBuffers: z.record(z.string(), z.number()),
  /** Of CPU_Mapped: file pages of weights copied to another buffer at load; ram leaves them out. */
  mappedUnused: z.number(),
  kvCache: z.number(),
  output: z.number(),
  compute: z.number(),
  mmproj: z.number(),
  /** Worst case clip reserves at load (its warmup image); held in VRAM when a GPU is used. */
  visionCompute: z.number(),
  /** The part of it one of the job's frame pairs touches: what counts on the CPU. */
  visionWorking: z.number(),
  overhead: z.number(),
  vram: z.number(),
  ram: z.number()
})
export type MemoryEstimate = z.infer<typeof MemoryEstimate>

export const VERDICTS = ['full_gpu', 'partial', 'cpu_only', 'wont_fit'] as const
export const Verdict = z.object({
  kind: z.enum(VERDICTS),
  gpuLayers: z.number().int(),
  totalLayers: z.number().int(),
  label: z.string()
})
export type Verdict = z.infer<typeof Verdict>

/** Per generated token, ns per vocabulary entry that sampling costs, with the caption schema and without. */
export const SamplingCost = z.object({ schemaNs: z.number(), plainNs: z.number(), source: z.enum(['probe', 'default']) })

/** What the speed estimate assumes of a processor (src/main/models/speed.ts). */
export const MachineSpeed = z.object({
  memoryBandwidthGBs: z.number(),
  computeGflops: z.number(),
  source: z.enum(['probe', 'os', 'user', 'default']),
  sampling: SamplingCost.optional()
})

/** The machine probe of the project's latest speed job (src/main/models/speedProbe.ts): its figures, model and CPU. */
export const MachineProbe = MachineSpeed.extend({
  model: z.string(),
  jobId: z.number().int(),
  cpu: z.string(),
  measuredAt: z.string(),
  /** Its model was large enough for the bandwidth and compute to stand for the machine's (else only its sampling cost is used). */
  representative: z.boolean()
})
export type MachineProbe = z.infer<typeof MachineProbe>

/** Predicted time for one clip of the job (seconds), and the rates behind it. */
export const SpeedEstimate = z.object({
  visionSeconds: z.number(),
  prefillSeconds: z.number(),
  decodeSeconds: z.number(),
  secondsPerClip: z.number(),
  clipsPerHour: z.number(),
  prefillTokensPerSecond: z.number(),
  decodeTokensPerSecond: z.number()
})
export type SpeedEstimate = z.infer<typeof SpeedEstimate>

/** speed is null for a quant that will not fit. */
export const FitRow = z.object({ entryId: z.string(), estimate: MemoryEstimate, verdict: Verdict, speed: SpeedEstimate.nullable() })
export type FitRow = z.infer<typeof FitRow>

export const FitResult = z.object({
  machine: z.object({
    gpu: GpuKind,
    vram: z.number(),
    ram: z.number(),
    whatIf: z.boolean(),
    /** Which CPU's weight buffers the estimate counts, and what that means for the weights. */
    cpuWeights: z.string(),
    /** The figures the speed estimate uses; gpu is null without one. */
    speed: z.object({ cpu: MachineSpeed, gpu: MachineSpeed.nullable() }),
    /** This machine's probe, shown beside the figures the estimate uses; null before any speed job. */
    probe: MachineProbe.nullable()
  }),
  job: z.object({
    contextPerSlot: z.number().int(),
    slots: z.number().int(),
    tokensNeeded: z.number().int(),
    /** What a clip costs in the speed estimate: prompt incl. vision, and typical output. */
    promptTokens: z.number().int(),
    outputTokens: z.number().int(),
    /** Where the output length comes from: this project's pre-labels, or the fixtures'. */
    outputSource: z.string()
  }),
  rows: z.array(FitRow),
  recommended: z.string().nullable(),
  reason: z.string()
})
export type FitResult = z.infer<typeof FitResult>

/** The model the pre-label form starts from, and what every pre-label records. */
export const ActiveModel = z.object({
  entryId: z.string(),
  model: z.string(),
  mmproj: z.string(),
  quant: z.string(),
  contextPerSlot: z.number().int(),
  parallel: z.number().int(),
  gpuLayers: z.union([z.number().int().min(0), z.literal('auto')])
})
export type ActiveModel = z.infer<typeof ActiveModel>

export const DownloadInput = z.object({
  /** A repository entry id, or an hf: URI (hf:owner/repo/file.gguf). */
  source: z.string().min(1).max(2000),
  /** Also fetch the entry's mmproj (when it has one and it is not on disk yet). */
  withMmproj: z.boolean().default(true)
})

export const DownloadProgress = z.object({
  file: z.string(),
  received: z.number(),
  total: z.number().nullable(),
  state: z.enum(['downloading', 'verifying', 'done', 'failed']),
  error: z.string().nullable()
})
export type DownloadProgress = z.infer<typeof DownloadProgress>
