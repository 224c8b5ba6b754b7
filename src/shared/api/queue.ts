import { z } from 'zod'
import { ClipFilter, SORT_COLUMNS } from '../clips'

const clipRef = z.object({ clipId: z.number().int() })

/** Who holds which clip until when; personId and name are null for the host's operator. */
export const Lease = z.object({
  clipId: z.number().int(),
  clipName: z.string(),
  personId: z.number().int().nullable(),
  name: z.string().nullable(),
  acquiredAt: z.string(),
  expiresAt: z.string()
})
export type Lease = z.infer<typeof Lease>

/** What N walks after the caller's assigned clips: every clip in import order, or only the clips a Library filter matches, in its sort. */
export const QueueOrder = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('import') }),
  z.object({ kind: z.literal('filter'), filter: ClipFilter, sort: z.enum(SORT_COLUMNS), desc: z.boolean() })
])
export type QueueOrder = z.infer<typeof QueueOrder>

export const QueueSettings = z.object({
  /** How long a lease lasts without a renewal; the review page renews it while it is open. */
  leaseSeconds: z
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(15 * 60),
  /** Share of clips two annotators label blind, drawn when an annotator first takes a clip nobody started (docs/team.md). */
  overlapShare: z.number().min(0).max(1).default(0),
  reviewStage: z.boolean().default(false),
  order: QueueOrder.default({ kind: 'import' })
})
export type QueueSettings = z.infer<typeof QueueSettings>

/** A lead's choice of clips: ids, or every clip a Library filter matches. */
const Chosen = z.union([z.object({ clipIds: z.array(z.number().int()).min(1).max(100_000) }), z.object({ filter: ClipFilter })])

/** The work queue: N takes the next clip nobody else holds (docs/team.md, "The work queue and leases"). */
export const queueApi = {
  /** Releases the caller's lease and leases the next free clip after `after` in queue order; null when none is left. */
  'queue.next': {
    /** 'review': the next clip in review the caller did not send (reviewers' default); 'annotate': the labelling queue (everyone else's). */
    input: z.object({ after: z.number().int().optional(), mode: z.enum(['annotate', 'review']).optional() }),
    output: Lease.nullable()
  },
  /** Extends the caller's own lease; refused (conflict) once it lapsed and another took the clip. */
  'queue.renew': { input: clipRef, output: Lease },
  /** Gives back the caller's own lease on the clip, if it holds one. */
  'queue.release': { input: clipRef, output: z.object({ released: z.boolean() }) },
  /** Every live lease: visible to everyone. */
  'queue.leases': { input: z.object({}).strict(), output: z.array(Lease) },
  /** Sets clips aside for one person: they come first in that person's queue and nobody else's. */
  'queue.assign': { input: z.intersection(Chosen, z.object({ personId: z.number().int() })), output: z.object({ assigned: z.number().int() }) },
  /** A lead ends anyone's lease on the clip. */
  'queue.releaseAny': { input: clipRef, output: z.object({ released: z.boolean() }) },
  /** A lead hands the clip's lease to a person (their own lease, if any, is released). */
  'queue.reassign': { input: clipRef.extend({ personId: z.number().int() }), output: Lease },
  'queue.settings': { input: z.object({}).strict(), output: QueueSettings },
  'queue.saveSettings': { input: QueueSettings, output: QueueSettings }
} as const

export type QueueEvents = {
  /** A lease was taken, renewed, released or lapsed: pages refresh their view of who holds what. */
  'queue.changed': { clipIds: number[] }
}
