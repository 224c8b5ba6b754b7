import type { ClipDetail, Revision } from '../../shared/contract'
import type { EventBus } from '../events'
import type { SaveCaptionInput } from '../store/project'
import type { ProjectsService } from '../projects/projects'
import type { OverlapService } from '../overlap/overlapService'
import type { QueueService } from '../queue/queueService'
import type { ReviewStageService } from '../review/reviewStage'

/** Reading a clip for review and saving human revisions of its caption. */
export class CaptionsService {
  constructor(
    private projects: ProjectsService,
    private bus: EventBus,
    private queue: QueueService,
    private overlap: OverlapService,
    private stage: ReviewStageService
  ) {}

  get(clipId: number): ClipDetail {
    const store = this.projects.require()
    return this.overlap.detail(store, clipId) ?? store.detail(clipId)
  }

  /** One transaction, through the review stage; the revision is on disk before this returns. */
  save(input: SaveCaptionInput): Revision {
    const store = this.projects.require()
    this.queue.checkSave(store, input.clipId)
    // an annotator's save on an overlap clip is their blind label
    const revision = this.overlap.save(store, input) ?? this.stage.save(store, input)
    this.bus.emit('clips.changed', { project: store.id, ids: [input.clipId] })
    return revision
  }

  /** Newest first. */
  history(clipId: number): Revision[] {
    const store = this.projects.require()
    store.clips.require(clipId)
    return this.overlap.history(store, clipId) ?? store.revisions.history(clipId)
  }
}
