import { z } from 'zod'
import { RemoteEndpoint } from './jobs'

// Schemas of the output side: caption fusion, dataset export and the agreement report.
// Their routes are in api/fusion.ts, api/export.ts and api/report.ts.

export const FUSION_TASKS = ['t2v', 'i2v'] as const
export const FusionTask = z.enum(FUSION_TASKS)
export type FusionTask = z.infer<typeof FusionTask>

export const LocalFusionModel = z.object({
  /** Any instruct GGUF, e.g. a Qwen2.5-Instruct quant; run in-process by node-llama-cpp. */
  model: z.string().min(1),
  /** The original ran with max_model_len 4096. */
  contextSize: z.number().int().min(512).max(131072).default(4096),
  parallel: z.number().int().min(1).max(16).default(1),
  gpuLayers: z.union([z.number().int().min(0), z.literal('auto')]).default('auto'),
  threads: z.number().int().min(1).max(256).optional()
})
export type LocalFusionModel = z.infer<typeof LocalFusionModel>

export const FusionEngine = z
  .object({
    local: LocalFusionModel.optional(),
    endpoints: z.array(RemoteEndpoint).default([]),
    /** The original allows 512 new tokens; lower it only to bound runs of test models. */
    maxTokens: z.number().int().min(1).max(4096).default(512)
  })
  .refine((e) => (e.local !== undefined) !== e.endpoints.length > 0, 'Choose a local model or endpoints (one of the two)')
export type FusionEngine = z.infer<typeof FusionEngine>

export const FusionStart = z.object({
  /** selected: clipIds; missing: approved clips lacking a fusion caption; approved; all: every clip with a caption. */
  scope: z.enum(['selected', 'missing', 'approved', 'all']).default('missing'),
  clipIds: z.array(z.number().int()).max(1_000_000).default([]),
  tasks: z.array(FusionTask).min(1).default(['t2v', 'i2v']),
  engine: FusionEngine,
  /** The original's training-time augmentation (drop appearance/position 10%, lighting 10%), seeded. */
  augmentSeed: z.number().int().nullable().default(null)
})
export type FusionStart = z.infer<typeof FusionStart>

export const FusionCaption = z.object({
  id: z.number().int(),
  clipId: z.number().int(),
  task: FusionTask,
  /** 1, 2, 3… per clip and task; a human edit is the next number. */
  number: z.number().int(),
  text: z.string(),
  /** model: the LLM wrote it; rule: no subjects, so no LLM (as the original); human: typed. */
  origin: z.enum(['model', 'rule', 'human']),
  annotator: z.string().nullable(),
  /** Which structural caption it was made from: revision number (0 = the pre-label). */
  revisionNumber: z.number().int(),
  prelabelId: z.number().int().nullable(),
  jobId: z.number().int().nullable(),
  source: z.record(z.string(), z.unknown()),
  createdAt: z.string()
})
export type FusionCaption = z.infer<typeof FusionCaption>

export const FusionSave = z.object({
  clipId: z.number().int(),
  task: FusionTask,
  text: z.string().max(20_000),
  annotator: z.string().min(1).max(100),
  /** The number the edit started from (0 for none): a stale number is a conflict. */
  baseNumber: z.number().int().min(0)
})
export type FusionSave = z.infer<typeof FusionSave>

export const EXPORT_FORMATS = ['csv', 'messages', 'conversations'] as const
export const ExportFormat = z.enum(EXPORT_FORMATS)
export type ExportFormat = z.infer<typeof ExportFormat>

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, 'Use an ISO date: 2025-06-01 or 2025-06-01T12:00:00Z')
  // the pattern lets 2025-13-45 through, which the date filters cannot compute with
  .refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)), 'Not a real date: use 2025-06-01 or 2025-06-01T12:00:00Z')

export const ExportFilters = z.object({
  /** approved: latest revision approved; reviewed: any human revision but rejected; all: pre-labels too. */
  include: z.enum(['approved', 'reviewed', 'all']).default('approved'),
  annotator: z.string().min(1).max(100).optional(),
  /** On the date of the latest revision; `to` is inclusive (a bare date means the whole day). */
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Only clips that have these fusion captions. */
  fusion: z.enum(['any', 't2v', 'i2v', 'both']).optional()
})
export type ExportFilters = z.infer<typeof ExportFilters>

export const ExportRun = z.object({
  /** Client-chosen id, so it can cancel the run it started; one is made up when missing. */
  id: z
    .string()
    .regex(/^[\w-]{1,64}$/)
    .optional(),
  /** A folder inside the exports root; a relative one is taken under it, none means the root itself. */
  outDir: z.string().min(1).optional(),
  name: z
    .string()
    .regex(/^[\w.-]{1,100}$/, 'Letters, digits, dot, dash and underscore only')
    .default('skycaptioner'),
  formats: z
    .array(ExportFormat)
    .min(1)
    .refine((f) => new Set(f).size === f.length, 'Name each format once')
    .default(['csv']),
  filters: ExportFilters.default({ include: 'approved' }),
  /** Share of clips in validation, chosen by a hash of the clip: 0 writes one file per format. */
  validationFraction: z.number().min(0).max(0.5).default(0.05),
  /** Paths relative to this folder; absolute paths when missing. */
  pathRoot: z.string().min(1).optional(),
  /** Extra CSV columns: status, annotator, revision, reviewed_at, prelabel_source, fusion_source. */
  provenance: z.boolean().default(false),
  /**
   * Spreadsheet-safe CSV: prefix cells a spreadsheet would run as a formula (= + - @, also after
   * leading whitespace, or a leading tab / CR) with '. Off by default: it changes the training
   * text (the original's fusion caption "- Static shot." would become "'- Static shot.").
   * JSONL is never touched.
   */
  spreadsheetSafe: z.boolean().default(false),
  overwrite: z.boolean().default(false)
})
export type ExportRun = z.input<typeof ExportRun>

export const SourceCount = z.object({
  label: z.string(),
  kind: z.string(),
  model: z.string().nullable(),
  quant: z.string().nullable(),
  clips: z.number().int()
})

export const ExportManifest = z.object({
  id: z.string(),
  project: z.object({ name: z.string(), path: z.string() }),
  studioVersion: z.string(),
  exportedAt: z.string(),
  durationMs: z.number(),
  /** Where the files were written: the real path of the folder, inside the exports root. */
  folder: z.string(),
  filters: ExportFilters,
  formats: z.array(ExportFormat),
  paths: z.object({ mode: z.enum(['absolute', 'relative']), root: z.string().nullable() }),
  split: z.object({ method: z.string(), validationFraction: z.number() }),
  spreadsheetSafe: z.boolean(),
  instruction: z.string(),
  files: z.array(
    z.object({ format: ExportFormat, split: z.enum(['train', 'validation', 'all']), file: z.string(), rows: z.number().int(), bytes: z.number().int() })
  ),
  counts: z.object({
    clips: z.number().int(),
    train: z.number().int(),
    validation: z.number().int(),
    withT2v: z.number().int(),
    withI2v: z.number().int(),
    fromHuman: z.number().int(),
    fromPrelabel: z.number().int(),
    neutralizedCells: z.number().int()
  }),
  provenance: z.object({
    prelabelSources: z.array(SourceCount),
    fusionSources: z.array(SourceCount),
    annotators: z.array(z.object({ name: z.string(), clips: z.number().int() }))
  })
})
export type ExportManifest = z.infer<typeof ExportManifest>

export const ExportProgress = z.object({
  id: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  done: z.number().int(),
  total: z.number().int(),
  error: z.string().nullable()
})
export type ExportProgress = z.infer<typeof ExportProgress>

/** A figure with its 95% confidence interval; all null when nothing was measured. */
export const Estimate = z.object({ value: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() })
export type Estimate = z.infer<typeof Estimate>

export const FieldAgreement = z.object({
  field: z.string(),
  kind: z.enum(['exact', 'text']),
  /** Clips (clip fields) or aligned subject pairs (subject fields) compared. */
  n: z.number().int(),
  /** exact: share equal; text: share left unchanged. Wilson interval. */
  agreement: Estimate,
  /** text only: mean normalised edit distance (0 same … 1 all changed), t interval. */
  editDistance: Estimate.nullable(),
  /** exact only: Cohen's kappa, agreement beyond chance (large-sample interval); null for text or when no value varies. */
  kappa: Estimate.nullable()
})
export type FieldAgreement = z.infer<typeof FieldAgreement>

export const SourceAgreement = z.object({
  label: z.string(),
  kind: z.string(),
  model: z.string().nullable(),
  quant: z.string().nullable(),
  clips: z.number().int(),
  /** Approved revisions whose editing started from this source's pre-label. */
  startedFrom: z.number().int(),
  fields: z.array(FieldAgreement)
})
export type SourceAgreement = z.infer<typeof SourceAgreement>

export const AgreementReport = z.object({
  generatedAt: z.string(),
  approvedClips: z.number().int(),
  sources: z.array(SourceAgreement)
})
export type AgreementReport = z.infer<typeof AgreementReport>
