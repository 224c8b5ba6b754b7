import { z } from 'zod'
import { StructuralCaption } from '../caption'
import { ClipStatus, Prelabel } from '../clips'

const clipRef = z.object({ clipId: z.number().int() })

/** One annotator's latest blind label of an overlap clip. */
export const BlindVersion = z.object({
  personId: z.number().int(),
  name: z.string(),
  caption: StructuralCaption,
  status: ClipStatus,
  flagReason: z.string().nullable(),
  at: z.string()
})
export type BlindVersion = z.infer<typeof BlindVersion>

/** An overlap clip and how far its two blind labels are. */
export const OverlapRow = z.object({
  clipId: z.number().int(),
  clipName: z.string(),
  chosenAt: z.string(),
  /** People who saved a blind label, and how many of them approved it (0, 1 or 2). */
  labellers: z.number().int(),
  approved: z.number().int(),
  adjudicatedBy: z.string().nullable(),
  adjudicatedAt: z.string().nullable()
})
export type OverlapRow = z.infer<typeof OverlapRow>

export const OverlapVersions = z.object({
  clipId: z.number().int(),
  clipName: z.string(),
  prelabel: Prelabel.nullable(),
  /** Oldest labeller first: A, then B. */
  versions: z.array(BlindVersion),
  /** True once both versions are approved and nobody adjudicated yet. */
  ready: z.boolean(),
  adjudicatedAt: z.string().nullable()
})
export type OverlapVersions = z.infer<typeof OverlapVersions>

/** Blind overlap and adjudication (docs/team.md, "Blind overlap and adjudication"): leads and reviewers only. */
export const overlapApi = {
  /** Every overlap clip, in clip order, with its progress. */
  'overlap.list': { input: z.object({}).strict(), output: z.array(OverlapRow) },
  /** The two annotators' versions and the pre-label, for the adjudication view. */
  'overlap.versions': { input: clipRef, output: OverlapVersions },
  /** The merged caption becomes an approved revision by the caller; refused before both versions are in or once adjudicated. */
  'overlap.adjudicate': {
    input: clipRef.extend({ caption: StructuralCaption, annotator: z.string().min(1).max(100) }),
    output: z.object({ revisionNumber: z.number().int() })
  }
} as const
