import { z } from 'zod'
import { ConfidenceKind } from '../confidence'
import { AgreementReport, Estimate } from '../output'

/** Confidences in [low, high) (the last bin includes 1): their mean, and the share of those fields reviewers kept. */
export const CalibrationBin = z.object({
  low: z.number(),
  high: z.number(),
  fields: z.number().int(),
  confidence: z.number().nullable(),
  kept: z.number().nullable()
})
export type CalibrationBin = z.infer<typeof CalibrationBin>

/** Confidence against what reviewers did, for one set of fields; `clips` counts the approved clips they come from. */
export const CalibrationFigures = z.object({
  fields: z.number().int(),
  clips: z.number().int(),
  /** Expected calibration error: Σ over bins of (fields in bin / fields) · |share kept − mean confidence|. */
  ece: z.number().nullable(),
  bins: z.array(CalibrationBin),
  /** The fields at or above the threshold: how many, from how many clips, and the share kept (Wilson 95% CI). */
  above: z.object({ fields: z.number().int(), clips: z.number().int(), kept: Estimate })
})
export type CalibrationFigures = z.infer<typeof CalibrationFigures>

export const CalibrationGroup = CalibrationFigures.extend({
  /** The model file (or served model), else the source's label. */
  model: z.string(),
  quant: z.string().nullable(),
  kinds: z.array(CalibrationFigures.extend({ kind: ConfidenceKind })),
  /** Per field key (subjects.action for every subject's action). */
  perField: z.array(CalibrationFigures.extend({ field: z.string(), kind: ConfidenceKind }))
})
export type CalibrationGroup = z.infer<typeof CalibrationGroup>

export const CalibrationReport = z.object({
  generatedAt: z.string(),
  threshold: z.number(),
  /** Approved clips with a scored model pre-label their reviewer started from. */
  clips: z.number().int(),
  groups: z.array(CalibrationGroup)
})
export type CalibrationReport = z.infer<typeof CalibrationReport>

export const DEFAULT_CALIBRATION_THRESHOLD = 0.9

/** Said wherever the figures are shown: the kept rate is not the rate of correct fields. */
export const ANCHORING_NOTE =
  'Reviewers saw the pre-label, and people keep more of what they are shown (anchoring): the share kept is an upper bound of how often the model was right.'

/** How often each pre-label source agrees with the approved captions; how well its confidence predicts that. */
export const reportApi = {
  'report.agreement': { input: z.object({}).strict(), output: AgreementReport },
  'report.calibration': {
    input: z.object({ threshold: z.number().min(0).max(1).default(DEFAULT_CALIBRATION_THRESHOLD) }).strict(),
    output: CalibrationReport
  }
} as const
