import path from 'node:path'
import type { Caller } from '../../shared/api/people'
import type { ReviewDecision } from '../../shared/api/review'
import { isReviewStage, type ClipStatus, type Revision } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import type { EventBus } from '../events'
import { currentCaller } from '../people/caller'
import type { ProjectsService } from '../projects/projects'
import { holder, type QueueService } from '../queue/queueService'
import { nowIso } from '../store/json'
import type { ProjectStore, SaveCaptionInput } from '../store/project'

const personId = (caller: Caller): number | null => (caller.kind === 'person' ? (caller.personId ?? null) : null)

/**
 * The status a save stores, given the clip's state now. A review state is kept, never entered, by a save;
 * a plain save (in progress) keeps the stage; "done" by an annotator goes to review when the project says so.
 */
export function statusToStore(current: ClipStatus, asked: ClipStatus, toReview: boolean): ClipStatus {
  if (isReviewStage(asked) && asked !== current) {
    throw new ApiError(
      'invalid_input',
      asked === 'returned'
        ? 'Only a reviewer returns a clip (review.return): save it with another status.'
        : 'A clip goes to review when its annotator marks it approved with the review stage on: save it with status approved.'
    )
  }
  if (asked === 'in_progress' && isReviewStage(current)) return current
  if (asked === 'approved' && toReview) return 'in_review'
  return asked
}

/** The review stage (docs/team.md, "Review"): sending to review on save, and a reviewer's approve or return. */
export class ReviewStageService {
  constructor(
    private projects: ProjectsService,
    private bus: EventBus,
    private queue: QueueService
  ) {}

  /** captions.save: one transaction that stores the revision and opens or closes the clip's review; sending ends the sender's lease. */
  save(store: ProjectStore, input: SaveCaptionInput): Revision {
    const caller = currentCaller()
    let released = false
    const saved = store.inWriteTransaction((): Revision => {
      const current = store.clips.require(input.clipId).status
      const toReview = store.queueSettings.get().reviewStage && caller.kind === 'person' && caller.role === 'annotator'
      const status = statusToStore(current, input.status, toReview)
      const revision = store.saveRevision({ ...input, status })
      const now = nowIso()
      if (status === 'in_review' && input.status === 'approved') {
        store.reviews.submit(input.clipId, revision.number, personId(caller), now)
        released = store.leases.release(holder(), input.clipId)
      }
      const open = status === 'approved' ? store.reviews.open(input.clipId) : null
      if (open) store.reviews.decide(open.id, { verdict: 'approved', reviewerId: personId(caller), comment: null, decidedNumber: revision.number, at: now })
      return revision
    })
    if (released) this.bus.emit('queue.changed', { project: store.id, clipIds: [input.clipId] })
    return saved
  }

  approve(input: ReviewDecision): Revision {
    return this.decide(input, 'approved', null)
  }

  return(input: ReviewDecision & { comment: string }): Revision {
    return this.decide(input, 'returned', input.comment)
  }

  /** Closes the clip's open review with a revision by the reviewer (their edits, or the caption as sent) and ends their lease on it. */
  private decide(input: ReviewDecision, verdict: 'approved' | 'returned', comment: string | null): Revision {
    const store = this.projects.require()
    const caller = currentCaller()
    this.queue.checkSave(store, input.clipId)
    const { revision, released } = store.inWriteTransaction(() => {
      const clip = store.clips.require(input.clipId)
      const name = path.basename(clip.path)
      const open = store.reviews.open(clip.id)
      if (clip.status !== 'in_review' || !open) {
        throw new ApiError(
          'conflict',
          `${name} is not in review (it is ${clip.status.replace('_', ' ')}): only a clip sent to review can be approved or returned.`
        )
      }
      if (caller.role !== 'lead' && open.submittedBy !== null && open.submittedBy === personId(caller)) {
        throw new ApiError('conflict', `You sent ${name} to review yourself: another reviewer or a lead decides on it.`)
      }
      const caption = input.caption ?? store.revisions.latest(clip.id)?.caption
      if (!caption) throw new ApiError('internal', `${name} is in review without a revision`)
      const revision = store.saveRevision({ clipId: clip.id, caption, status: verdict, annotator: input.annotator, baseNumber: input.baseNumber })
      store.reviews.decide(open.id, { verdict, reviewerId: personId(caller), comment, decidedNumber: revision.number, at: revision.createdAt })
      return { revision, released: store.leases.release(holder(), clip.id) }
    })
    this.bus.emit('clips.changed', { project: store.id, ids: [input.clipId] })
    if (released) this.bus.emit('queue.changed', { project: store.id, clipIds: [input.clipId] })
    return revision
  }
}
