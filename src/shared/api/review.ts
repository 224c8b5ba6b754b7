import { z } from 'zod'
import { AutoAccept } from '../autoAccept'
import { StructuralCaption } from '../caption'
import { Revision } from '../clips'

/** How many frames the filmstrip shows: the frames pre-labeling sends to the model. */
export const FILMSTRIP_FRAMES = 16

export const ClipFrames = z.object({
  clipId: z.number().int(),
  /** Presentation time of every frame in seconds, ascending (frame k = times[k]). */
  times: z.array(z.number()),
  /** When the last frame stops showing. */
  end: z.number(),
  /** The frame numbers the model saw, in filmstrip order (sampleFrameIndices of the clip). */
  sampled: z.array(z.number().int()),
  /** 'ffprobe': read from the file; 'estimated': k / fps, because reading failed (see problem). */
  source: z.enum(['ffprobe', 'estimated']),
  problem: z.string().nullable()
})
export type ClipFrames = z.infer<typeof ClipFrames>

export const SubjectTypeSuggestion = z.object({ type: z.string(), subType: z.string(), uses: z.number().int() })
export type SubjectTypeSuggestion = z.infer<typeof SubjectTypeSuggestion>

/** Per project: how the editor uses the model's confidence. */
export const ReviewSettings = z.object({
  /** Fields the model scored below this are marked in the editor, and words below it underlined. */
  markBelow: z.number().min(0).max(1).default(0.6),
  /** Off (null) unless the project turns it on. */
  autoAccept: AutoAccept.nullable().default(null)
})
export type ReviewSettings = z.infer<typeof ReviewSettings>

const clipId = z.object({ clipId: z.number().int() })

/** The queue N and A follow: import order, or the Library's "least confident first" (clips without confidence last). */
export const NEIGHBOR_ORDER = z.enum(['import', 'confidence'])
export type NeighborOrder = z.infer<typeof NEIGHBOR_ORDER>

/** A reviewer's decision on a clip in review; `caption` is the reviewer's edits, stored as their revision. */
const Decision = z.object({
  clipId: z.number().int(),
  /** The revision the reviewer looked at: a stale number is a conflict. */
  baseNumber: z.number().int().min(0),
  caption: StructuralCaption.optional(),
  /** Who decides: a person's own name replaces it (the operator's is the studio's name prompt). */
  annotator: z.string().min(1).max(100)
})
export type ReviewDecision = z.output<typeof Decision>

/** Routes of the review screen; spread into the contract. */
export const reviewApi = {
  /** Frame timing and the model's frame numbers; ffprobe runs once per clip file, then SQLite answers. */
  'media.frames': { input: clipId, output: ClipFrames },
  /** Where "next" and "next unreviewed" go from a clip (import or least-confident-first order, wrapping; unplayable clips skipped). */
  'clips.neighbors': {
    input: clipId.extend({ order: NEIGHBOR_ORDER.default('import') }),
    output: z.object({ next: z.number().int().nullable(), nextUnreviewed: z.number().int().nullable() })
  },
  'review.settings': { input: z.object({}).strict(), output: ReviewSettings },
  'review.saveSettings': { input: ReviewSettings, output: ReviewSettings },
  /** TYPES pairs already used in the project (pre-labels and revisions), most used first. */
  'captions.typeSuggestions': { input: z.object({}).strict(), output: z.array(SubjectTypeSuggestion) },
  /** The review stage (docs/team.md, "Review"): approves a clip in review. */
  'review.approve': { input: Decision, output: Revision },
  /** Sends a clip in review back to its annotator with a comment; it comes first in their queue. */
  'review.return': {
    input: Decision.extend({ comment: z.string().trim().min(1, 'say what to change: a return needs a comment').max(2000) }),
    output: Revision
  }
} as const
