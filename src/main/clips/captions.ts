import type { ClipDetail, Revision } from '../../shared/contract'
import type { EventBus } from '../events'
import type { SaveCaptionInput } from '../store/project'
import type { ProjectsService } from '../projects/projects'
import type { QueueService } from '../queue/queueService'
import type { ReviewStageService } from '../review/reviewStage'

/** Reading a clip for review and saving human revisions of its caption. */
export class CaptionsService {
  constructor(
    private projects: ProjectsService,
    private bus: EventBus,
    private queue: QueueService,
    private stage: ReviewStageService
  ) {}

  get(clipId: number): ClipDetail {
    return this.projects.require().detail(clipId)
  }

  /** One transaction, through the review stage; the revision is on disk before this returns. */
  save(input: SaveCaptionInput): Revision {
    const store = this.projects.require()
    this.queue.checkSave(store, input.clipId)
    const revision = this.stage.save(store, input)
    this.bus.emit('clips.changed', { project: store.id, ids: [input.clipId] })
    return revision
  }

  /** Newest first. */
  history(clipId: number): Revision[] {
    const store = this.projects.require()
    store.clips.require(clipId)
    return store.revisions.history(clipId)
  }
}
