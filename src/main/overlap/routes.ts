import type { overlapApi } from '../../shared/api/overlap'
import type { RouteHandlers } from '../router'
import type { OverlapService } from './overlapService'

export function overlapRoutes(overlap: OverlapService): RouteHandlers<keyof typeof overlapApi> {
  return {
    'overlap.list': () => overlap.list(),
    'overlap.versions': ({ clipId }) => overlap.versions(clipId),
    'overlap.adjudicate': ({ clipId, caption, annotator }) => overlap.adjudicate(clipId, caption, annotator)
  }
}
