import { z } from 'zod'
import { ClipDetail, ClipFilter, ClipOrder, ClipQuery, ClipRow, ClipStatus, ImportReport, ImportSource, isReviewStage, Revision, SaveCaption } from '../clips'

const empty = z.object({}).strict()

/** Import, the Library and one clip's captions. */
export const clipsApi = {
  'clips.import': { input: ImportSource, output: ImportReport },
  'clips.list': {
    input: ClipQuery,
    output: z.object({ total: z.number().int(), rows: z.array(ClipRow) })
  },
  /** Per status, under every other filter given (status itself is ignored, so each count says what picking it shows). */
  'clips.counts': { input: ClipFilter.omit({ status: true }), output: z.record(ClipStatus, z.number().int()) },
  /** Ids in list order, for ranges and selections larger than a page. */
  'clips.ids': {
    input: ClipFilter.extend({ ...ClipOrder, limit: z.number().int().min(1).max(100_000).default(100_000) }),
    output: z.array(z.number().int())
  },
  /** Distinct values for the filter menus. */
  'clips.facets': {
    input: empty,
    output: z.object({ annotators: z.array(z.string()), prelabelSources: z.array(z.string()) })
  },
  /** One transaction; each clip not already in `status` gets a new revision (same caption) by `annotator`. */
  'clips.bulkStatus': {
    input: z.object({
      /** The clips picked in the Library ("all matching" is resolved to ids with clips.ids first). */
      ids: z.array(z.number().int()).max(100_000),
      status: ClipStatus.refine(
        (s) => !isReviewStage(s),
        'a bulk change cannot send clips to review or return them: each clip goes to review from its own page'
      ),
      annotator: z.string().min(1).max(100),
      /** Required when status is 'flagged', as for a single save. */
      flagReason: z.string().trim().max(500).optional()
    }),
    output: z.object({ changed: z.number().int() })
  },
  'clips.byPath': {
    input: z.object({ paths: z.array(z.string()).max(100_000) }),
    output: z.array(z.object({ path: z.string(), clipId: z.number().int().nullable() }))
  },
  'clips.get': { input: z.object({ id: z.number().int() }), output: ClipDetail },
  'captions.save': { input: SaveCaption, output: Revision },
  'captions.history': { input: z.object({ clipId: z.number().int() }), output: z.array(Revision) }
} as const

/** Project-scoped: the contract adds the project to each. */
export type ClipEvents = {
  'import.progress': { done: number; total: number; path: string }
  'clips.changed': { ids: number[] | 'all' }
}
