import type { clipsApi } from '../../shared/api/clips'
import type { ImportReport, ImportSource } from '../../shared/contract'
import type { RouteHandlers } from '../router'
import type { CaptionsService } from './captions'
import type { LibraryService } from './library'

export function clipsRoutes(deps: {
  library: LibraryService
  captions: CaptionsService
  importClips: (source: ImportSource) => Promise<ImportReport>
}): RouteHandlers<keyof typeof clipsApi> {
  const { library, captions } = deps
  return {
    'clips.import': (source) => deps.importClips(source),
    'clips.list': (query) => library.list(query),
    'clips.counts': (filter) => library.counts(filter),
    'clips.ids': (query) => library.ids(query),
    'clips.facets': () => library.facets(),
    'clips.bulkStatus': (change) => library.bulkStatus(change),
    'clips.byPath': ({ paths }) => library.byPath(paths),
    'clips.get': ({ id }) => captions.get(id),
    'captions.save': (input) => captions.save(input),
    'captions.history': ({ clipId }) => captions.history(clipId)
  }
}
