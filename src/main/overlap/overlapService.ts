import type { OverlapRow, OverlapVersions } from '../../shared/api/overlap'
import type { StructuralCaption } from '../../shared/caption'
import type { ClipDetail, Revision } from '../../shared/contract'
import type { EventBus } from '../events'
import { currentCaller } from '../people/caller'
import type { ProjectsService } from '../projects/projects'
import { adjudicate, blindDetail, overlapVersions, saveBlindLabel } from '../store/overlapWrites'
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
    return personId === null ? null : blindDetail(store, clipId, personId)
  }

  /** The caller's own blind labels, newest first, when the caller labels the clip blind (else null). */
  history(store: ProjectStore, clipId: number): Revision[] | null {
    const personId = blindPerson(store, clipId)
    return personId === null ? null : store.overlap.ownHistory(clipId, personId)
  }

  /** Saves a blind label when the caller labels the clip blind (else null: a normal revision). */
  save(store: ProjectStore, input: SaveCaptionInput): Revision | null {
    const personId = blindPerson(store, input.clipId)
    return personId === null ? null : saveBlindLabel(store, input, personId)
  }

  list(): OverlapRow[] {
    return this.projects.require().overlap.list()
  }

  versions(clipId: number): OverlapVersions {
    return overlapVersions(this.projects.require(), clipId)
  }

  adjudicate(clipId: number, caption: StructuralCaption, annotator: string): { revisionNumber: number } {
    const store = this.projects.require()
    const caller = currentCaller()
    const revisionNumber = adjudicate(store, clipId, caption, annotator, caller.kind === 'person' ? (caller.personId ?? null) : null)
    this.bus.emit('clips.changed', { project: store.id, ids: [clipId] })
    return { revisionNumber }
  }
}

/** The caller's person id when they label this clip blind: an annotator, on an overlap clip not yet adjudicated. */
function blindPerson(store: ProjectStore, clipId: number): number | null {
  const caller = currentCaller()
  if (caller.kind !== 'person' || caller.role !== 'annotator' || caller.personId === undefined) return null
  return store.overlap.isOpen(clipId) ? caller.personId : null
}
