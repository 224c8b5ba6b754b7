import { ClipStatus, isReviewStage, type ReviewStage } from '../../shared/contract'

/** How a status is stored (migration 11): the review states as status 'in_progress' with the stage beside it. */
export interface StoredStatus {
  status: Exclude<ClipStatus, ReviewStage>
  stage: ReviewStage | null
}

export function toStored(status: ClipStatus): StoredStatus {
  return isReviewStage(status) ? { status: 'in_progress', stage: status } : { status, stage: null }
}

/** The status the API shows: the stage while there is one (what clips.state computes). */
export function fromStored(status: string, stage: string | null): ClipStatus {
  return ClipStatus.parse(stage ?? status)
}
