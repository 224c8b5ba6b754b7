import type { reviewApi } from '../../shared/api/review'
import type { RouteHandlers } from '../router'
import type { ReviewService } from './reviewService'

export function reviewRoutes(review: ReviewService): RouteHandlers<keyof typeof reviewApi> {
  return {
    'media.frames': ({ clipId }) => review.frames(clipId),
    'clips.neighbors': ({ clipId }) => review.neighbors(clipId),
    'captions.typeSuggestions': () => review.typeSuggestions()
  }
}
