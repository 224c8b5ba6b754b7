/**
 * A large project for benchmarks, written straight through the store (no ffprobe): clips with a
 * model pre-label each, and human revisions for a share of them. Deterministic, so runs compare.
 */
import { SHOT_ANGLES, SHOT_TYPES, serializeCaption, type StructuralCaption } from '../src/shared/caption'
import type { FieldConfidence, PrelabelConfidence } from '../src/shared/confidence'
import { CLIP_STATUSES } from '../src/shared/contract'
import type { ImportedClip } from '../src/main/store/project'
import { ProjectStore } from '../src/main/store/project'
import { realCaptions } from '../test/helpers/bulkProject'

const BATCH = 5000

// Deterministic pseudo-random numbers so runs are comparable.
let seed = 42
export const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31

export function captionFor(i: number): StructuralCaption {
  return {
    ...realCaptions[i % realCaptions.length],
    shot_type: SHOT_TYPES[i % SHOT_TYPES.length],
    shot_angle: SHOT_ANGLES[Math.floor(i / 7) % SHOT_ANGLES.length]
  }
}

const SUBJECT_FIELDS = ['TYPES.type', 'TYPES.sub_type', 'appearance', 'action', 'expression', 'position']

/** A scored pre-label's confidence shaped like the scorer's: every field with p uniform in [0, 1). */
function scoredFor(caption: StructuralCaption): PrelabelConfidence {
  const field = (path: string, kind: FieldConfidence['kind']): FieldConfidence => ({ path, kind, p: Math.round(random() * 1e4) / 1e4 })
  const fields = [
    ...['shot_type', 'shot_angle', 'shot_position'].map((path) => field(path, 'enum')),
    ...['camera_motion', 'environment', 'lighting'].map((path) => field(path, 'text')),
    ...caption.subjects.flatMap((_, s) => SUBJECT_FIELDS.map((f) => field(`subjects[${s}].${f}`, f.startsWith('TYPES') ? 'types' : 'text'))),
    field('subjects.count', 'count')
  ]
  return { status: 'scored', topK: 5, fields, min: Math.min(...fields.filter((f) => f.kind !== 'text').map((f) => f.p)) }
}

function clipFor(i: number, scored: boolean): ImportedClip {
  const caption = captionFor(i)
  const scale = [1, 1.5, 2, 3][i % 4]
  return {
    path: `/datasets/batch${i % 50}/clip_${String(Math.floor(random() * 1e9)).padStart(9, '0')}_${i}.mp4`,
    info: {
      size: 1_000_000 + i,
      mtimeMs: 1.7e12 + i,
      fingerprint: `v1:${1_000_000 + i}:${i.toString(16).padStart(64, '0')}`,
      duration: 2 + random() * 20,
      fps: 25,
      frameCount: 100,
      width: Math.round(640 * scale),
      height: Math.round(360 * scale),
      codec: 'h264',
      importError: null
    },
    extra: { split: i % 10 === 0 ? 'val' : 'train' },
    prelabels: [
      {
        rawText: serializeCaption(caption),
        caption,
        problems: [],
        source: { kind: 'model', label: 'SkyCaptioner-V1 Q4_K_M', details: { quant: 'Q4_K_M' } },
        timings: { totalMs: 9000 + (i % 1000) },
        ...(scored ? { confidence: scoredFor(caption) } : {})
      }
    ]
  }
}

/**
 * Creates `file` with `clips` clips; `revisedShare` of them get a revision by one of 7 annotators.
 * `scored`: each pre-label also carries per-field confidence, as one asked with log-probabilities does.
 */
export function generateProject(file: string, clips: number, revisedShare = 0.2, scored = false): void {
  const store = ProjectStore.create(file, 'bench')
  for (let i = 0; i < clips; i += BATCH) {
    store.recordClips(Array.from({ length: Math.min(BATCH, clips - i) }, (_, k) => clipFor(i + k, scored)))
  }
  const revise = store.db.transaction((count: number) => {
    for (let n = 0; n < count; n++) {
      const clipId = 1 + Math.floor(random() * clips)
      const base = store.clips.latestRevisionNumber(clipId) ?? 0
      const status = CLIP_STATUSES[1 + (n % (CLIP_STATUSES.length - 1))]
      const flagReason = status === 'flagged' ? 'bench flag' : undefined
      store.saveRevision({ clipId, caption: captionFor(n + 1), status, annotator: `annotator${n % 7}`, baseNumber: base, flagReason })
    }
  })
  revise(Math.round(clips * revisedShare))
  store.close()
}
