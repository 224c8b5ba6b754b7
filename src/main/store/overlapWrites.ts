import path from 'node:path'
import type { OverlapVersions } from '../../shared/api/overlap'
import type { StructuralCaption } from '../../shared/caption'
import type { ClipDetail, Revision } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import { flagReasonFor } from './flagReason'
import { nowIso } from './json'
import type { ProjectStore, SaveCaptionInput } from './project'

// Blind overlap's multi-table reads and writes, each one transaction (docs/team.md, "Blind overlap and adjudication").

/** The clip as a blind labeller sees it: their own latest label as the revision. */
export function blindDetail(store: ProjectStore, clipId: number, personId: number): ClipDetail {
  return store.db.transaction((): ClipDetail => ({ ...store.detail(clipId), revision: store.overlap.ownLatest(clipId, personId) })).deferred()
}

/** Appends the person's next blind label; the clip goes to review once two people's latest labels are approved. */
export function saveBlindLabel(store: ProjectStore, input: SaveCaptionInput, personId: number): Revision {
  const flagReason = flagReasonFor(input.status, input.flagReason, 'clip is')
  return store.db
    .transaction((): Revision => {
      const name = path.basename(store.clips.require(input.clipId).path)
      // checked before this transaction; a reviewer may have adjudicated it in between
      if (!store.overlap.isOpen(input.clipId)) throw new ApiError('conflict', `${name} changed since you opened it: reload the clip, then save again.`)
      if (input.status === 'unreviewed') throw new ApiError('invalid_input', `Save ${name} as in progress, approved, rejected or flagged`)
      const latest = store.overlap.ownLatest(input.clipId, personId)
      const current = latest?.number ?? 0
      if (input.baseNumber !== current) {
        const who = latest ? `you saved revision ${current} at ${latest.createdAt}` : 'it has no revision of yours yet'
        throw new ApiError(
          'conflict',
          `${name} changed since you opened it: ${who}, but your edit started from revision ${input.baseNumber}. Reload the clip, then save again.`,
          { latestNumber: current, annotator: latest?.annotator ?? null, createdAt: latest?.createdAt ?? null }
        )
      }
      // a third person: not told why, so the clip's sharing stays unseen
      if (!latest && store.overlap.labellers(input.clipId).length >= 2)
        throw new ApiError('conflict', `${name} is not in your queue: press N for a clip of your own.`)
      const prelabelId = store.shootout.isGold(input.clipId) ? null : store.prelabels.latestId(input.clipId)
      const label = store.overlap.insert(
        { clipId: input.clipId, personId, number: current + 1, caption: input.caption, status: input.status, prelabelId, flagReason },
        nowIso()
      )
      if (store.overlap.versions(input.clipId).filter((v) => v.status === 'approved').length === 2) store.overlap.sendToReview(input.clipId)
      return label
    })
    .immediate()
}

export function overlapVersions(store: ProjectStore, clipId: number): OverlapVersions {
  return store.db
    .transaction((): OverlapVersions => {
      const clipName = path.basename(store.clips.require(clipId).path)
      const overlap = store.overlap.row(clipId)
      if (!overlap) throw new ApiError('not_found', `${clipName} is not an overlap clip`)
      const versions = store.overlap.versions(clipId)
      const prelabel = store.shootout.isGold(clipId) ? null : store.prelabels.latest(clipId)
      const ready = overlap.adjudicatedAt === null && versions.filter((v) => v.status === 'approved').length === 2
      return { clipId, clipName, prelabel, versions, ready, adjudicatedAt: overlap.adjudicatedAt }
    })
    .deferred()
}

/** The merged caption as an approved revision and the adjudication stamp, together; refused before both versions are in or once done. */
export function adjudicate(store: ProjectStore, clipId: number, caption: StructuralCaption, annotator: string, personId: number | null): number {
  return store.db
    .transaction((): number => {
      const { versions, ready, adjudicatedAt, clipName } = overlapVersions(store, clipId)
      if (adjudicatedAt) throw new ApiError('conflict', `${clipName} was adjudicated at ${adjudicatedAt}: open its latest revision instead`)
      if (!ready) {
        const approved = versions.filter((v) => v.status === 'approved').length
        throw new ApiError('conflict', `${clipName} has ${approved} of its 2 approved blind labels: it can be adjudicated once both are in`, { approved })
      }
      const baseNumber = store.clips.latestRevisionNumber(clipId) ?? 0
      const revision = store.saveRevision({ clipId, caption, status: 'approved', annotator, baseNumber })
      store.overlap.stamp(clipId, revision.number, personId, revision.createdAt)
      return revision.number
    })
    .immediate()
}
