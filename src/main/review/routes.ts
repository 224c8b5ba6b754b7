import type { reviewApi } from '../../shared/api/review'
import type { RouteHandlers } from '../router'
import type { ReviewService } from './reviewService'
import type { ReviewStageService } from './reviewStage'

export function reviewRoutes(review: ReviewService, stage: ReviewStageService): RouteHandlers<keyof typeof reviewApi> {
  return {
    'media.frames': ({ clipId }) => review.frames(clipId),
    'clips.neighbors': ({ clipId, order }) => review.neighbors(clipId, order),
    'review.settings': () => review.settings(),
    'review.saveSettings': (settings) => review.saveSettings(settings),
    'captions.typeSuggestions': () => review.typeSuggestions(),
    'review.approve': (input) => stage.approve(input),
    'review.return': (input) => stage.return(input)
  }
}
