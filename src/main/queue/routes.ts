import type { RouteHandlers } from '../router'
import type { queueApi } from '../../shared/api/queue'
import type { QueueService } from './queueService'

export function queueRoutes(queue: QueueService): RouteHandlers<keyof typeof queueApi> {
  return {
    'queue.next': ({ after, mode }) => queue.next(after, mode),
    'queue.renew': ({ clipId }) => queue.renew(clipId),
    'queue.release': ({ clipId }) => queue.release(clipId),
    'queue.leases': () => queue.leases(),
    'queue.assign': ({ personId, ...chosen }) => queue.assign(chosen, personId),
    'queue.releaseAny': ({ clipId }) => queue.releaseAny(clipId),
    'queue.reassign': ({ clipId, personId }) => queue.reassign(clipId, personId),
    'queue.settings': () => queue.settings(),
    'queue.saveSettings': (settings) => queue.saveSettings(settings)
  }
}
