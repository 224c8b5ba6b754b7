import type { fusionApi } from '../../shared/api/fusion'
import type { RouteHandlers } from '../router'
import type { FusionService } from './fusionService'

export function fusionRoutes(fusion: FusionService): RouteHandlers<keyof typeof fusionApi> {
  return {
    'fusion.start': (input) => fusion.start(input),
    'fusion.get': ({ clipId }) => fusion.get(clipId),
    'fusion.save': (input) => fusion.save(input),
    'fusion.history': ({ clipId, task }) => fusion.history(clipId, task)
  }
}
