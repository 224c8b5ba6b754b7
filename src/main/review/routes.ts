import type { reviewRoutes } from '../../shared/reviewRoutes'
import type { Handlers } from '../router'
import type { ReviewService } from './reviewService'

/** The review screen's routes; spread into the app's handler map. */
export function reviewHandlers(review: ReviewService): Pick<Handlers, keyof typeof reviewRoutes> {
  return {
    'media.frames': ({ clipId }) => review.frames(clipId),
    'clips.neighbors': ({ clipId }) => review.neighbors(clipId),
    'captions.typeSuggestions': () => review.typeSuggestions()
  }
}
