import { z } from 'zod'
import { CaptionProblem, StructuralCaption, SHOT_ANGLES, SHOT_POSITIONS, SHOT_TYPES } from './caption'
import { ReviewRecord } from './autoAccept'
import { PrelabelConfidence } from './confidence'

// The clips of a project: their files, pre-labels, revisions and the Library's filters.
// Re-exported by contract.ts; the routes that use them are in api/clips.ts.

export const CLIP_STATUSES = ['unreviewed', 'in_progress', 'approved', 'rejected', 'flagged', 'in_review', 'returned'] as const
export const ClipStatus = z.enum(CLIP_STATUSES)
export type ClipStatus = z.infer<typeof ClipStatus>

/** The review stage's states (docs/team.md, "Review"): set by sending to review and by a reviewer's decision, never by a bulk change. */
export const REVIEW_STAGES = ['in_review', 'returned'] as const
export type ReviewStage = (typeof REVIEW_STAGES)[number]
export const isReviewStage = (status: ClipStatus): status is ReviewStage => (REVIEW_STAGES as readonly string[]).includes(status)

export const Clip = z.object({
  id: z.number().int(),
  path: z.string(),
  size: z.number().nullable(),
  mtimeMs: z.number().nullable(),
  fingerprint: z.string().nullable(),
  duration: z.number().nullable(),
  fps: z.number().nullable(),
  frameCount: z.number().int().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  codec: z.string().nullable(),
  importError: z.string().nullable(),
  extra: z.record(z.string(), z.string()),
  status: ClipStatus,
  importedAt: z.string()
})
export type Clip = z.infer<typeof Clip>

export const PrelabelSource = z.object({
  kind: z.enum(['imported', 'model']),
  /** e.g. the CSV it came from, or model file / quant / engine. */
  label: z.string(),
  details: z.record(z.string(), z.unknown()).default({})
})
export type PrelabelSource = z.infer<typeof PrelabelSource>

export const Prelabel = z.object({
  id: z.number().int(),
  clipId: z.number().int(),
  rawText: z.string(),
  caption: StructuralCaption,
  problems: z.array(CaptionProblem),
  source: PrelabelSource,
  timings: z.record(z.string(), z.number()),
  /** Absent when never asked for (imported pre-labels, pre-labels older than migration 7). */
  confidence: PrelabelConfidence.optional(),
  createdAt: z.string()
})
export type Prelabel = z.infer<typeof Prelabel>

export const Revision = z.object({
  id: z.number().int(),
  clipId: z.number().int(),
  number: z.number().int(),
  caption: StructuralCaption,
  status: ClipStatus,
  annotator: z.string(),
  prelabelId: z.number().int().nullable(),
  /** Why the clip was flagged; set only on revisions with status 'flagged'. */
  flagReason: z.string().nullable(),
  createdAt: z.string()
})
export type Revision = z.infer<typeof Revision>

/** Fields the Library can filter on where the latest human revision differs from the latest pre-label. */
export const DISAGREE_FIELDS = ['shot_type', 'shot_angle', 'shot_position', 'camera_motion', 'environment', 'lighting', 'subject_count'] as const
export type DisagreeField = (typeof DISAGREE_FIELDS)[number]

export const ClipRow = z.object({
  id: z.number().int(),
  path: z.string(),
  name: z.string(),
  duration: z.number().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  status: ClipStatus,
  shotType: z.enum(SHOT_TYPES).nullable(),
  shotAngle: z.enum(SHOT_ANGLES).nullable(),
  shotPosition: z.enum(SHOT_POSITIONS).nullable(),
  prelabelSource: z.string().nullable(),
  /** Who saved the latest revision; null before any. */
  annotator: z.string().nullable(),
  disagree: z.array(z.enum(DISAGREE_FIELDS)),
  importError: z.string().nullable(),
  /** The latest pre-label's lowest field confidence; null without a scored pre-label. */
  confidence: z.number().nullable()
})
export type ClipRow = z.infer<typeof ClipRow>

export const SORT_COLUMNS = [
  'id',
  'name',
  'duration',
  'resolution',
  'status',
  'shotType',
  'shotAngle',
  'shotPosition',
  'prelabelSource',
  'annotator',
  'confidence'
] as const

/** Field keys (subject index dropped, as fieldKey gives them) the Library can filter confidence on. */
export const CONFIDENCE_FIELDS = [
  'shot_type',
  'shot_angle',
  'shot_position',
  'camera_motion',
  'environment',
  'lighting',
  'subjects.count',
  'subjects.TYPES.type',
  'subjects.TYPES.sub_type',
  'subjects.appearance',
  'subjects.action',
  'subjects.expression',
  'subjects.position'
] as const
export type ConfidenceField = (typeof CONFIDENCE_FIELDS)[number]

/** The Library's filters; every one given must hold (AND). Enum values come from the latest caption (revision, else pre-label). */
export const ClipFilter = z.object({
  status: ClipStatus.optional(),
  shotType: z.enum(SHOT_TYPES).optional(),
  shotAngle: z.enum(SHOT_ANGLES).optional(),
  shotPosition: z.enum(SHOT_POSITIONS).optional(),
  /** Annotator of the latest revision; null: no revision yet. */
  annotator: z.string().max(200).nullable().optional(),
  /** Source label of the latest pre-label; null: no pre-label. */
  prelabelSource: z.string().max(500).nullable().optional(),
  /** The latest revision differs from the latest pre-label on this field ('any': on at least one). */
  disagree: z.enum([...DISAGREE_FIELDS, 'any']).optional(),
  /** Part of the clip's path, taken literally. */
  search: z.string().max(500).optional(),
  /** Words in the latest caption's text; each word matches as a prefix. */
  text: z.string().max(500).optional(),
  /** The latest pre-label scored this field (any subject's, for subject fields) below `below`. */
  lowConfidence: z.object({ field: z.enum(CONFIDENCE_FIELDS), below: z.number().min(0).max(1) }).optional()
})
export type ClipFilter = z.input<typeof ClipFilter>

export const ClipOrder = {
  sort: z.enum(SORT_COLUMNS).default('id'),
  desc: z.boolean().default(false),
  offset: z.number().int().min(0).default(0)
}

export const ClipQuery = ClipFilter.extend({ ...ClipOrder, limit: z.number().int().min(1).max(1000).default(200) })
export type ClipQuery = z.input<typeof ClipQuery>

export const ImportSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), path: z.string().min(1) }),
  z.object({ kind: z.literal('csv'), path: z.string().min(1) }),
  /** One video file (a file dropped on the Library). */
  z.object({ kind: z.literal('file'), path: z.string().min(1) })
])
export type ImportSource = z.infer<typeof ImportSource>

export const ImportIssue = z.object({ path: z.string(), error: z.string() })
export const ImportReport = z.object({
  found: z.number().int(),
  added: z.number().int(),
  alreadyPresent: z.number().int(),
  prelabelsAdded: z.number().int(),
  /** Files that could not be read or probed; they are still recorded with their error. */
  failed: z.array(ImportIssue),
  /** Problems with the input itself (bad CSV rows, unreadable folders). */
  warnings: z.array(z.string())
})
export type ImportReport = z.infer<typeof ImportReport>

/** The latest time a clip was sent to review, and the reviewer's decision once made. */
export const ClipReview = z.object({
  /** 'in_review' until decided. */
  state: z.enum(['in_review', 'approved', 'returned']),
  /** The reviewer's comment on a return. */
  comment: z.string().nullable(),
  /** Who decided (the name on the decided revision); null until decided. */
  reviewer: z.string().nullable(),
  submittedNumber: z.number().int(),
  submittedBy: z.string(),
  decidedNumber: z.number().int().nullable(),
  /** The caption as sent, and as the reviewer left it: what the reviewer changed is the difference. */
  submittedCaption: StructuralCaption,
  decidedCaption: StructuralCaption.nullable(),
  /** When it was decided, else when it was sent. */
  at: z.string()
})
export type ClipReview = z.infer<typeof ClipReview>

export const ClipDetail = z.object({
  clip: Clip,
  prelabel: Prelabel.nullable(),
  revision: Revision.nullable(),
  /** In the blind gold set: annotated from scratch, so no pre-label is given. */
  gold: z.boolean().optional(),
  /** Null when the clip was never sent to review. */
  review: ClipReview.nullable().optional()
})
export type ClipDetail = z.infer<typeof ClipDetail>

export const SaveCaption = z.object({
  clipId: z.number().int(),
  caption: StructuralCaption,
  status: ClipStatus,
  annotator: z.string().min(1).max(100),
  /** The revision number the edit started from (0 for none): a stale number is a conflict. */
  baseNumber: z.number().int().min(0),
  /** Required when status is 'flagged': what is wrong with the clip. */
  flagReason: z.string().trim().max(500).optional(),
  /** Set when the project pre-accepts confident fields: which were accepted unlooked, or that the clip was an audit. */
  review: ReviewRecord.optional()
})
