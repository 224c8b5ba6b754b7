import type { speedApi } from '../../shared/api/speed'
import type { RouteHandlers } from '../router'
import type { SpeedMeasureService } from './speedMeasure'

export function speedRoutes(speed: SpeedMeasureService): RouteHandlers<keyof typeof speedApi> {
  return {
    'speed.measure': (input) => speed.start(input),
    'speed.list': ({ machine }) => speed.summaries(machine)
  }
}
