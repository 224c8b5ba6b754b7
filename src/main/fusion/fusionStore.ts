import path from 'node:path'
import type { StructuralCaption } from '../../shared/caption'
import { ApiError } from '../../shared/errors'
import type { FusionCaption, FusionSave } from '../../shared/output'
import type { NewFusionCaption } from '../store/fusionCaptions'
import { nowIso } from '../store/json'
import type { ProjectStore } from '../store/project'

/** The structural caption fusion starts from: the latest human revision, else the latest pre-label. */
export interface FusionSource {
  path: string
  caption: StructuralCaption
  revisionNumber: number
  prelabelId: number | null
}

export function fusionSource(store: ProjectStore, clipId: number): FusionSource | { error: string } {
  const clip = store.clips.get(clipId)
  if (!clip) return { error: `Clip ${clipId} is no longer in the project` }
  const revision = store.revisions.latest(clipId)
  if (revision) return { path: clip.path, caption: revision.caption, revisionNumber: revision.number, prelabelId: revision.prelabelId }
  const prelabel = store.prelabels.latest(clipId)
  if (prelabel) return { path: clip.path, caption: prelabel.caption, revisionNumber: 0, prelabelId: prelabel.id }
  return { error: 'No caption to fuse: neither a revision nor a pre-label' }
}

/** Stores a job's captions for one clip and marks its item done together; false if it was already finished. */
export function addJobFusion(store: ProjectStore, jobId: number, clipId: number, captions: NewFusionCaption[]): boolean {
  return store.db.transaction((): boolean => {
    if (!store.jobItems.isPending(jobId, clipId)) return false
    const now = nowIso()
    for (const caption of captions) store.fusion.insert(caption, now)
    store.jobItems.markDone(jobId, clipId, null, now)
    return true
  }).immediate()
}

/** A human edit: the next number of the clip's caption for the task; a stale base number is a conflict. */
export function saveFusionEdit(store: ProjectStore, input: FusionSave): FusionCaption {
  return store.db.transaction((): FusionCaption => {
    const clip = store.clips.require(input.clipId)
    const latest = store.fusion.latest(input.clipId, input.task)
    const current = latest?.number ?? 0
    if (input.baseNumber !== current) {
      throw new ApiError(
        'conflict',
        `The ${input.task.toUpperCase()} caption of ${path.basename(clip.path)} changed since you opened it (now #${current}${latest?.annotator ? ` by ${latest.annotator}` : ''}); reload it, then save again.`,
        { latestNumber: current }
      )
    }
    const revision = store.revisions.latest(input.clipId)
    return store.fusion.insert(
      {
        clipId: input.clipId,
        task: input.task,
        text: input.text,
        origin: 'human',
        annotator: input.annotator,
        revisionNumber: revision?.number ?? 0,
        prelabelId: revision?.prelabelId ?? latest?.prelabelId ?? null,
        jobId: null,
        source: latest ? { editedFrom: latest.number } : {}
      },
      nowIso()
    )
  }).immediate()
}
