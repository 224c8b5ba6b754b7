import type { EventBus } from '../events'
import type { BulkStatusChange } from '../store/bulkStatus'
import type { ProjectsService } from './projects'

// Past this many ids, listeners refetch what they show rather than receive a huge event.
const EVENT_IDS_MAX = 1000

/** Library-wide writes: changing the status of many clips at once. */
export class LibraryService {
  constructor(
    private projects: ProjectsService,
    private bus: EventBus
  ) {}

  bulkStatus(change: BulkStatusChange): { changed: number } {
    const store = this.projects.require()
    const ids = store.setStatusInBulk(change)
    if (ids.length > 0) this.bus.emit('clips.changed', { project: store.id, ids: ids.length <= EVENT_IDS_MAX ? ids : 'all' })
    return { changed: ids.length }
  }
}
