import type { StructuralCaption } from '../../shared/caption'
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
