import { z } from 'zod'
import { EngineConfig, JobInfo } from '../jobs'
import { SourceAgreement } from '../output'

/** One contender of a shoot-out: a local GGUF quant or endpoints serving one, under a short label. */
export const ShootoutQuant = z.object({ label: z.string().min(1).max(80), engine: EngineConfig })
export type ShootoutQuant = z.infer<typeof ShootoutQuant>

/** Which clips every quant captions: the approved ones, a sample stratified by shot type and every subject's type, or a list. */
export const ShootoutSample = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approved'), limit: z.number().int().min(1).max(10_000).default(200) }),
  z.object({ kind: z.literal('stratified'), perStratum: z.number().int().min(1).max(1000) }),
  z.object({ kind: z.literal('clips'), clipIds: z.array(z.number().int()).min(1).max(10_000) })
])

export const ShootoutStart = z.object({
  quants: z
    .array(ShootoutQuant)
    .min(2)
    .max(12)
    .refine((qs) => new Set(qs.map((q) => q.label)).size === qs.length, 'Give every quant of a shoot-out its own label'),
  sample: ShootoutSample
})
export type ShootoutStart = z.infer<typeof ShootoutStart>

/** Agreement of one quant against one reference: approved (corrected, possibly anchored) captions or the blind gold set. */
export const QuantAgreement = SourceAgreement.extend({
  reference: z.enum(['approved', 'gold']),
  /** Mean share of fields left unchanged (exact fields equal, text fields untouched); null with no clip compared. */
  accuracy: z.number().nullable()
})

export const QuantFigures = z.object({
  label: z.string(),
  model: z.string().nullable(),
  /** Shoot-out clips that have this quant's pre-label. */
  clips: z.number().int(),
  /** Of those, pre-labels an earlier job made (reused): they count for agreement, not for speed. */
  reused: z.number().int(),
  /** Sample clips without this quant's pre-label: it failed there (the job's failures say why), or the job has not reached them. */
  unanswered: z.number().int(),
  /** Mean measured wall time per clip (request to answer) over the answers the shoot-out made, and what that gives per hour. */
  secondsPerClip: z.number().nullable(),
  clipsPerHour: z.number().nullable(),
  promptTokensPerSecond: z.number().nullable(),
  outputTokensPerSecond: z.number().nullable(),
  /** Peak resident memory of the local llama-server while it ran this quant; null for endpoints. */
  peakMemoryBytes: z.number().nullable(),
  approved: QuantAgreement,
  gold: QuantAgreement,
  /** Not beaten on both accuracy (against approved captions) and clips per hour by another quant. */
  pareto: z.boolean()
})
export type QuantFigures = z.infer<typeof QuantFigures>

export const ShootoutReport = z.object({
  jobId: z.number().int().nullable(),
  clips: z.number().int(),
  goldClips: z.number().int(),
  quants: z.array(QuantFigures),
  /** Which reference the chart's accuracy and the recommendation use: the gold set once every quant has gold figures. */
  chartReference: z.enum(['approved', 'gold']),
  /** One sentence for the Models screen's recommendation, or null without a shoot-out. */
  evidence: z.string().nullable()
})
export type ShootoutReport = z.infer<typeof ShootoutReport>

const ClipIds = z.array(z.number().int())

/** The quant shoot-out and the blind gold set it is judged against. */
export const shootoutApi = {
  'shootout.start': { input: ShootoutStart, output: JobInfo },
  'shootout.report': { input: z.object({}).strict(), output: ShootoutReport },
  'gold.list': { input: z.object({}).strict(), output: ClipIds },
  'gold.mark': { input: z.object({ clipIds: ClipIds.min(1).max(10_000), gold: z.boolean() }), output: ClipIds }
} as const
