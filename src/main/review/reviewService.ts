import type { Clip, ToolStatus } from '../../shared/contract'
import { ApiError } from '../../shared/errors'
import { constantTiming, type FrameTiming } from '../../shared/frameTiming'
import type { ClipFrames, NeighborOrder, ReviewSettings, SubjectTypeSuggestion } from '../../shared/api/review'
import { sampleFrameIndices } from '../inference/frames'
import { readFrameTimes } from '../media/frameTimes'
import { requireTool } from '../media/tools'
import type { ProcessManager } from '../processes'
import type { ProjectsService } from '../projects/projects'
import { nowIso } from '../store/json'
import type { ProjectStore } from '../store/project'

export interface ReviewDeps {
  projects: ProjectsService
  processes: ProcessManager
  tools: () => ToolStatus
}

/** Which version of a clip's file a cached result belongs to. */
export function fileKey(clip: Clip): string {
  return `${clip.size ?? ''}:${clip.mtimeMs ?? ''}`
}

/** What the review screen asks of the host besides captions: frame timing, neighbours, suggestions. */
export class ReviewService {
  // One ffprobe per clip file even when the player and the preloader ask at once.
  private reading = new Map<string, Promise<FrameTiming>>()

  constructor(private deps: ReviewDeps) {}

  /** A registered, playable clip, or an error saying why not. */
  playableClip(store: ProjectStore, clipId: number): Clip {
    const clip = store.clips.require(clipId)
    if (clip.importError) throw new ApiError('media_error', `Clip ${clipId} could not be imported: ${clip.importError}`)
    return clip
  }

  async frames(clipId: number): Promise<ClipFrames> {
    const store = this.deps.projects.require()
    const clip = this.playableClip(store, clipId)
    const key = fileKey(clip)
    let timing = store.frameTimes.get(clipId, key)
    let problem: string | null = null
    if (!timing) {
      try {
        timing = await this.read(store, clip, key)
      } catch (err) {
        // The player still works on k / fps; say why the timing is only an estimate.
        problem = err instanceof Error ? err.message : String(err)
      }
    }
    const estimated = timing ?? constantTiming(clip.fps ?? 0, clip.frameCount ?? 0)
    // The same N the pre-label job passes to sampleFrameIndices, so the filmstrip shows the model's frames.
    const n = clip.frameCount ?? estimated.times.length
    return {
      clipId,
      times: estimated.times,
      end: estimated.end,
      sampled: sampleFrameIndices(n),
      source: timing ? 'ffprobe' : 'estimated',
      problem
    }
  }

  private read(store: ProjectStore, clip: Clip, key: string): Promise<FrameTiming> {
    const id = `${store.file}\n${clip.id}\n${key}`
    let pending = this.reading.get(id)
    if (!pending) {
      const ffprobe = requireTool(this.deps.tools(), 'ffprobe') // frames() catches it like a failed read
      pending = readFrameTimes(this.deps.processes, ffprobe, clip.path)
        .then((timing) => {
          // The project may have been closed while ffprobe ran.
          if (store.isOpen) store.frameTimes.put(clip.id, key, timing, nowIso())
          return timing
        })
        .finally(() => this.reading.delete(id))
      this.reading.set(id, pending)
    }
    return pending
  }

  neighbors(clipId: number, order: NeighborOrder): { next: number | null; nextUnreviewed: number | null } {
    const store = this.deps.projects.require()
    store.clips.require(clipId)
    return { next: store.neighbors.next(clipId, order), nextUnreviewed: store.neighbors.nextWithStatus(clipId, 'unreviewed', order) }
  }

  settings(): ReviewSettings {
    return this.deps.projects.require().reviewSettings.get()
  }

  saveSettings(settings: ReviewSettings): ReviewSettings {
    this.deps.projects.require().reviewSettings.put(settings)
    return settings
  }

  typeSuggestions(): SubjectTypeSuggestion[] {
    return this.deps.projects.require().subjectTypes.list()
  }
}
