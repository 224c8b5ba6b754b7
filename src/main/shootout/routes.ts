import type { shootoutApi } from '../../shared/api/shootout'
import type { RouteHandlers } from '../router'
import type { ShootoutService } from './shootoutService'

export function shootoutRoutes(shootout: ShootoutService): RouteHandlers<keyof typeof shootoutApi> {
  return {
    'shootout.start': (input) => shootout.start(input),
    'shootout.report': () => shootout.report(),
    'gold.list': () => shootout.goldList(),
    'gold.mark': ({ clipIds, gold }) => shootout.markGold(clipIds, gold)
  }
}
