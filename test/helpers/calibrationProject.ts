// A small project for the calibration report, every figure worked out by hand in
// test/confidence/calibration.test.ts: scored pre-labels of two quants and what reviewers approved.
import type { StructuralCaption } from '../../src/shared/caption'
import type { FieldConfidence, PrelabelConfidence } from '../../src/shared/confidence'
import type { PrelabelSource } from '../../src/shared/contract'
import { ProjectStore } from '../../src/main/store/project'
import { addClip, caption, CSV, revise, subject } from './library'

export const Q8 = 'm-Q8_0.gguf'
export const Q4 = 'm-Q4_K_M.gguf'
const source = (file: string): PrelabelSource => ({ kind: 'model', label: `${file} (llama-server)`, details: { model: `/models/${file}` } })

type Scored = [path: string, kind: FieldConfidence['kind'], p: number]

function scored(list: Scored[]): PrelabelConfidence {
  const fields = list.map(([path, kind, p]) => ({ path, kind, p }))
  const headline = fields.filter((f) => f.kind !== 'text').map((f) => f.p)
  return { status: 'scored', topK: 5, fields, min: headline.length ? Math.min(...headline) : null }
}

function prelabel(store: ProjectStore, clipId: number, file: string, c: StructuralCaption, confidence: PrelabelConfidence): void {
  store.addPrelabel({ clipId, rawText: JSON.stringify(c), caption: c, problems: [], source: source(file), timings: {}, confidence })
}

const woman = subject({ action: 'walks' })
const ship = subject({ TYPES: { type: 'Vehicles', sub_type: 'Ship' }, action: 'sails' })
const base = caption({ shot_type: 'close_up', shot_angle: 'eye_level', environment: 'room', lighting: 'dim', subjects: [woman] })

/** Builds the project in `file` (closed again) and returns its clip ids by letter. */
export function buildCalibrationProject(file: string): Record<string, number> {
  const store = ProjectStore.create(file, 'calibration')
  try {
    const ids = Object.fromEntries(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((n) => [n, addClip(store, `${n}.mp4`)]))

    // A (Q8): two subjects where the reviewer kept one; angle changed, action changed
    const modelA = { ...base, subjects: [woman, ship] }
    prelabel(
      store,
      ids.A,
      Q8,
      modelA,
      scored([
        ['shot_type', 'enum', 0.95],
        ['shot_angle', 'enum', 0.85],
        ['subjects.count', 'count', 0.65],
        ['subjects[0].TYPES.type', 'types', 0.92],
        ['subjects[0].action', 'text', 0.35],
        ['subjects[1].TYPES.type', 'types', 0.55]
      ])
    )
    revise(store, ids.A, { ...base, shot_angle: 'low_angle', subjects: [{ ...woman, action: 'runs' }] }, 'approved', 'ana')

    // B (Q8): only the lighting changed
    prelabel(
      store,
      ids.B,
      Q8,
      base,
      scored([
        ['shot_type', 'enum', 0.97],
        ['shot_angle', 'enum', 0.91],
        ['subjects.count', 'count', 0.99],
        ['lighting', 'text', 0.45],
        ['environment', 'text', 0.82]
      ])
    )
    revise(store, ids.B, { ...base, lighting: 'bright' }, 'approved', 'ana')

    // C: an older Q8 pre-label nobody started from, then the Q4 one the reviewer did
    prelabel(store, ids.C, Q8, base, scored([['shot_type', 'enum', 0.05]]))
    prelabel(
      store,
      ids.C,
      Q4,
      base,
      scored([
        ['shot_type', 'enum', 0.75],
        ['subjects.count', 'count', 0.95],
        ['subjects[0].TYPES.sub_type', 'types', 0.25]
      ])
    )
    revise(
      store,
      ids.C,
      { ...base, shot_type: 'long_shot', subjects: [subject({ TYPES: { type: 'Human', sub_type: 'Man' }, action: 'walks' })] },
      'approved',
      'ana'
    )

    // D (Q4): approved as it was; a later pre-label without confidence, and a second approval from it that changes the shot type
    prelabel(store, ids.D, Q4, base, scored([['shot_type', 'enum', 0.65]]))
    revise(store, ids.D, base, 'approved', 'ana')
    prelabel(store, ids.D, Q4, base, { status: 'none', reason: 'the engine returned no log-probabilities' })
    revise(store, ids.D, { ...base, shot_type: 'medium_shot' }, 'approved', 'bo')

    // E (Q4): approved, then flagged: the approval is withdrawn
    prelabel(store, ids.E, Q4, base, scored([['shot_type', 'enum', 0.15]]))
    revise(store, ids.E, base, 'approved', 'ana')
    revise(store, ids.E, base, 'flagged', 'bo', 'wrong clip')
    // F (Q4): still being reviewed
    prelabel(store, ids.F, Q4, base, scored([['shot_type', 'enum', 0.15]]))
    revise(store, ids.F, base, 'in_progress', 'ana')
    // G: an imported CSV pre-label has no confidence; H: the engine gave none
    store.addPrelabel({ clipId: ids.G, rawText: 'csv', caption: base, problems: [], source: CSV, timings: {} })
    revise(store, ids.G, base, 'approved', 'ana')
    prelabel(store, ids.H, Q4, base, { status: 'none', reason: 'the engine returned no log-probabilities' })
    revise(store, ids.H, base, 'approved', 'ana')
    return ids
  } finally {
    store.close()
  }
}
