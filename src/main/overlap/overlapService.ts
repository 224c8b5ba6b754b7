import path from 'node:path'
import type { OverlapRow, OverlapVersions } from '../../shared/api/overlap'
import type { StructuralCaption } from '../../shared/caption'
import type { ClipDetail, Revision } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import type { EventBus } from '../events'
import { currentCaller } from '../people/caller'
import type { ProjectsService } from '../projects/projects'
import { flagReasonFor } from '../store/flagReason'
import { nowIso } from '../store/json'
import type { ProjectStore, SaveCaptionInput } from '../store/project'

/**
 * Blind overlap (docs/team.md, "Blind overlap and adjudication"): an annotator's saves on an overlap clip not yet
 * adjudicated are their own blind labels, and what they read of it is theirs alone; leads and reviewers adjudicate.
 */
export class OverlapService {
  constructor(
    private projects: ProjectsService,
    private bus: EventBus
  ) {}

  /** The clip as the caller sees it, when the caller labels it blind (else null: the normal reading). */
  detail(store: ProjectStore, clipId: number): ClipDetail | null {
    const personId = blindPerson(store, clipId)
    if (personId === null) return null
    return store.db.transaction((): ClipDetail => ({ ...store.detail(clipId), revision: store.overlap.ownLatest(clipId, personId) })).deferred()
  }

  /** The caller's own blind labels, newest first, when the caller labels the clip blind (else null). */
  history(store: ProjectStore, clipId: number): Revision[] | null {
    const personId = blindPerson(store, clipId)
    return personId === null ? null : store.overlap.ownHistory(clipId, personId)
  }

  /** Saves a blind label when the caller labels the clip blind (else null: a normal revision). One transaction. */
  save(store: ProjectStore, input: SaveCaptionInput): Revision | null {
    const flagReason = flagReasonFor(input.status, input.flagReason, 'clip is')
    return store.db
      .transaction((): Revision | null => {
        const personId = blindPerson(store, input.clipId)
        if (personId === null) return null
        const name = path.basename(store.clips.require(input.clipId).path)
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
        const labellers = store.overlap.labellers(input.clipId)
        if (!latest && labellers.length >= 2) {
          // a third person: not told why, so the clip's sharing stays unseen
          throw new ApiError('conflict', `${name} is not in your queue: press N for a clip of your own.`)
        }
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

  list(): OverlapRow[] {
    return this.projects.require().overlap.list()
  }

  versions(clipId: number): OverlapVersions {
    const store = this.projects.require()
    return store.db
      .transaction((): OverlapVersions => {
        const clip = store.clips.require(clipId)
        const overlap = store.overlap.list().find((row) => row.clipId === clipId)
        if (!overlap) throw new ApiError('not_found', `${path.basename(clip.path)} is not an overlap clip`)
        const versions = store.overlap.versions(clipId)
        const prelabel = store.shootout.isGold(clipId) ? null : store.prelabels.latest(clipId)
        const ready = overlap.adjudicatedAt === null && versions.filter((v) => v.status === 'approved').length === 2
        return { clipId, clipName: path.basename(clip.path), prelabel, versions, ready, adjudicatedAt: overlap.adjudicatedAt }
      })
      .deferred()
  }

  /** The merged caption as an approved revision by the caller, and the adjudication stamp: one transaction. */
  adjudicate(clipId: number, caption: StructuralCaption, annotator: string): { revisionNumber: number } {
    const store = this.projects.require()
    const caller = currentCaller()
    const number = store.db
      .transaction((): number => {
        const { versions, ready, adjudicatedAt, clipName } = this.versions(clipId)
        if (adjudicatedAt) throw new ApiError('conflict', `${clipName} was adjudicated at ${adjudicatedAt}: open its latest revision instead`)
        if (!ready) {
          const approved = versions.filter((v) => v.status === 'approved').length
          throw new ApiError('conflict', `${clipName} has ${approved} of its 2 approved blind labels: it can be adjudicated once both are in`, { approved })
        }
        const baseNumber = store.clips.latestRevisionNumber(clipId) ?? 0
        const revision = store.saveRevision({ clipId, caption, status: 'approved', annotator, baseNumber })
        store.overlap.stamp(clipId, revision.number, caller.kind === 'person' ? (caller.personId ?? null) : null, revision.createdAt)
        return revision.number
      })
      .immediate()
    this.bus.emit('clips.changed', { project: store.id, ids: [clipId] })
    return { revisionNumber: number }
  }
}

/** The caller's person id when they label this clip blind: an annotator, on an overlap clip not yet adjudicated. */
function blindPerson(store: ProjectStore, clipId: number): number | null {
  const caller = currentCaller()
  if (caller.kind !== 'person' || caller.role !== 'annotator' || caller.personId === undefined) return null
  return store.overlap.isOpen(clipId) ? caller.personId : null
}
