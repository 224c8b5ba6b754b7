import path from 'node:path'
import { emptyCaption, emptySubject, type StructuralCaption, type Subject } from '../../src/shared/caption'
import { ClipQuery, type ClipStatus, type PrelabelSource } from '../../src/shared/contract'
import type { ClipFileInfo } from '../../src/main/store/clips'
import { ProjectStore } from '../../src/main/store/project'
import { tempDir } from './temp'

export const MODEL: PrelabelSource = { kind: 'model', label: 'SkyCaptioner-V1 Q4_K_M', details: {} }
export const CSV: PrelabelSource = { kind: 'imported', label: 'test_result.csv', details: {} }

export function fileInfo(over: Partial<ClipFileInfo> = {}): ClipFileInfo {
  return {
    size: 1000,
    mtimeMs: 1,
    fingerprint: null,
    duration: 4,
    fps: 25,
    frameCount: 100,
    width: 1280,
    height: 720,
    codec: 'h264',
    importError: null,
    ...over
  }
}

export function subject(over: Partial<Subject> = {}): Subject {
  return { ...emptySubject(), TYPES: { type: 'Human', sub_type: 'Woman' }, is_main_subject: true, ...over }
}

export function caption(over: Partial<StructuralCaption> = {}): StructuralCaption {
  return { ...emptyCaption(), ...over }
}

export function newStore(): ProjectStore {
  return ProjectStore.create(path.join(tempDir(), 'library.sqlite'), 'Library test')
}

/** Adds a clip with optional pre-labels (oldest first) and returns its id. */
export function addClip(store: ProjectStore, name: string, prelabels: [PrelabelSource, StructuralCaption][] = [], info = fileInfo()): number {
  const [recorded] = store.recordClips([
    {
      path: `/videos/${name}`,
      info,
      extra: {},
      prelabels: prelabels.map(([source, c], i) => ({ rawText: `${name} ${i}`, caption: c, problems: [], source, timings: {} }))
    }
  ])
  return recorded.clipId
}

/** Saves the next revision on top of whatever the clip has. */
export function revise(store: ProjectStore, clipId: number, c: StructuralCaption, status: ClipStatus, annotator: string, flagReason?: string): void {
  const baseNumber = store.clips.latestRevisionNumber(clipId) ?? 0
  store.saveRevision({ clipId, caption: c, status, annotator, baseNumber, flagReason })
}

/** Clip names a Library query lists, in order. */
export function names(store: ProjectStore, query: ClipQuery = {}): string[] {
  return store.library.list(ClipQuery.parse({ limit: 1000, sort: 'name', ...query })).rows.map((r) => r.name)
}
