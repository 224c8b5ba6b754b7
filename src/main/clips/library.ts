import path from 'node:path'
import type { EventBus } from '../events'
import type { BulkStatusChange } from '../store/bulkStatus'
import type { ClipIdsQuery, ClipListQuery } from '../store/clipList'
import type { ClipFilterValues } from '../store/libraryFilter'
import type { ProjectsService } from '../projects/projects'

// Past this many ids, listeners refetch what they show rather than receive a huge event.
const EVENT_IDS_MAX = 1000

/** The Library of the request's project: listing and filtering clips, and changing the status of many at once. */
export class LibraryService {
  constructor(
    private projects: ProjectsService,
    private bus: EventBus
  ) {}

  list(query: ClipListQuery) {
    return this.projects.require().library.list(query)
  }

  counts(filter: Omit<ClipFilterValues, 'status'>) {
    return this.projects.require().library.counts(filter)
  }

  ids(query: ClipIdsQuery) {
    return this.projects.require().library.ids(query)
  }

  facets() {
    return this.projects.require().library.facets()
  }

  /** Each path's clip id (paths are resolved as the importer stores them), or null when it is not in the project. */
  byPath(paths: string[]): { path: string; clipId: number | null }[] {
    const store = this.projects.require()
    return paths.map((p) => ({ path: p, clipId: store.clips.byPath(path.resolve(p))?.id ?? null }))
  }

  bulkStatus(change: BulkStatusChange): { changed: number } {
    const store = this.projects.require()
    const ids = store.setStatusInBulk(change)
    if (ids.length > 0) this.bus.emit('clips.changed', { project: store.id, ids: ids.length <= EVENT_IDS_MAX ? ids : 'all' })
    return { changed: ids.length }
  }
}
