// The agreement report on a small project whose figures were worked out by hand: two quants of a
// model pre-label three approved clips (Q4 only two of them), a fourth clip is not approved.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emptyCaption, type StructuralCaption, type Subject } from '../../src/shared/caption'
import type { AgreementReport, Estimate, SourceAgreement } from '../../src/shared/output'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { normalizedEditDistance } from '../../src/main/report/editDistance'
import { MeanAccumulator, t95, wilson } from '../../src/main/report/stats'
import { ProjectStore } from '../../src/main/store/project'
import { call } from '../helpers/prelabel'
import { scratch } from '../helpers/temp'
import { testRoots } from '../helpers/roots'

const newDir = scratch('skycap-report-')

const subject = (type: string, sub: string, main: boolean, appearance: string, action: string, expression: string, position: string): Subject => ({
  TYPES: { type, sub_type: sub },
  is_main_subject: main,
  appearance,
  action,
  expression,
  position
})
const S1 = subject('Human', 'Woman', true, 'red coat', 'walks', 'calm', 'left')
const S2 = subject('Vehicles', 'Ship', true, 'white', 'sails', '', 'top')
const S3 = subject('Scenery', 'Mountain', false, 'black', '', '', 'bed')
const caption = (c: Partial<StructuralCaption>): StructuralCaption => ({ ...emptyCaption(), ...c })

// human (approved) captions
const H_A = caption({
  shot_type: 'close_up',
  shot_angle: 'eye_level',
  shot_position: 'front_view',
  camera_motion: 'pan left',
  environment: 'room',
  lighting: 'dim',
  subjects: [S1]
})
const H_B = caption({ shot_type: 'long_shot', shot_angle: 'high_angle', shot_position: 'aerial_view', environment: 'sea', lighting: 'sun', subjects: [S2, S3] })
const H_C = caption({
  shot_type: 'medium_shot',
  shot_angle: 'low_angle',
  shot_position: 'side_view',
  camera_motion: 'tilt up',
  environment: 'street',
  lighting: 'night'
})
// Q8: A exact; B misses the mountain and adds a full stop to the lighting; C says "streets"
const Q8 = { A: H_A, B: { ...H_B, subjects: [S2], lighting: 'sun.' }, C: { ...H_C, environment: 'streets' }, D: H_C }
// Q4: A wrong shot type, no camera motion, "room.", Man for Woman; B wrong angle, subjects swapped
const Q4 = {
  A: { ...H_A, shot_type: 'medium_shot' as const, camera_motion: '', environment: 'room.', subjects: [{ ...S1, TYPES: { type: 'Human', sub_type: 'Man' } }] },
  B: { ...H_B, shot_angle: 'eye_level' as const, subjects: [S3, S2] }
}

const sourceOf = (quant: string) => ({ kind: 'model' as const, label: `m-${quant}.gguf (llama-server)`, details: { model: `/models/m-${quant}.gguf` } })

let app: StudioApp
let report: AgreementReport

beforeAll(async () => {
  const dir = newDir('report')
  const file = path.join(dir, 'report.sqlite')
  const store = ProjectStore.create(file, 'report')
  const info = { size: 1, mtimeMs: 1, fingerprint: null, duration: 4, fps: 25, frameCount: 100, width: 1920, height: 1080, codec: 'h264', importError: null }
  const ids = Object.fromEntries(
    store.recordClips(['A', 'B', 'C', 'D'].map((n) => ({ path: `/clips/${n}.mp4`, info, extra: {}, prelabels: [] }))).map((r, i) => ['ABCD'[i], r.clipId])
  )
  const add = (clip: string, c: StructuralCaption, quant: string) =>
    store.addPrelabel({ clipId: ids[clip], rawText: JSON.stringify(c), caption: c, problems: [], source: sourceOf(quant), timings: {} })
  for (const clip of ['A', 'B', 'C', 'D'] as const) add(clip, Q8[clip], 'Q8_0')
  for (const clip of ['A', 'B'] as const) add(clip, Q4[clip], 'Q4_K_M')
  // reviewers start from the latest pre-label: Q4 on A and B, Q8 on C
  for (const [clip, human] of [
    ['A', H_A],
    ['B', H_B],
    ['C', H_C]
  ] as const) {
    store.saveRevision({ clipId: ids[clip], caption: human, status: 'approved', annotator: 'ana', baseNumber: 0 })
  }
  store.saveRevision({ clipId: ids.D, caption: H_C, status: 'in_progress', annotator: 'ana', baseNumber: 0 })
  store.close()
  app = createStudioApp({ dataDir: dir, projectPath: file, roots: testRoots() })
  report = await call(app, 'report.agreement', {})
})

afterAll(async () => {
  await app?.close()
})

function field(source: SourceAgreement, name: string) {
  const found = source.fields.find((f) => f.field === name)
  if (!found) throw new Error(`no field ${name}`)
  return found
}
const close = (actual: Estimate, value: number, low: number | null, high: number | null) => {
  expect(actual.value).toBeCloseTo(value, 4)
  if (low === null) expect(actual.low).toBeNull()
  else expect(actual.low).toBeCloseTo(low, 4)
  if (high === null) expect(actual.high).toBeNull()
  else expect(actual.high).toBeCloseTo(high, 4)
}

describe('statistics', () => {
  it('Wilson intervals match the textbook values for 3/3, 2/3, 2/2, 1/2 and 0/3', () => {
    close(wilson(3, 3), 1, 0.43849, 1)
    close(wilson(2, 3), 2 / 3, 0.20765, 0.9385)
    close(wilson(2, 2), 1, 0.34238, 1)
    close(wilson(1, 2), 0.5, 0.09453, 0.90547)
    close(wilson(0, 3), 0, 0, 0.56151)
    expect(wilson(0, 0)).toEqual({ value: null, low: null, high: null })
  })

  it('t quantiles: the table, and the expansion beyond 30 degrees of freedom', () => {
    expect(t95(1)).toBe(12.706)
    expect(t95(2)).toBe(4.303)
    expect(t95(60)).toBeCloseTo(2.0003, 3)
    expect(t95(120)).toBeCloseTo(1.9799, 3)
    expect(t95(1e6)).toBeCloseTo(1.96, 3)
  })

  it('normalised edit distance: Levenshtein over the longer length', () => {
    expect(normalizedEditDistance('room', 'room.')).toBeCloseTo(1 / 5)
    expect(normalizedEditDistance('streets', 'street')).toBeCloseTo(1 / 7)
    expect(normalizedEditDistance('', 'pan left')).toBe(1)
    expect(normalizedEditDistance('white', 'black')).toBe(1)
    expect(normalizedEditDistance('kitten', 'sitting')).toBeCloseTo(3 / 7)
    expect(normalizedEditDistance('', '')).toBe(0)
    const mean = new MeanAccumulator()
    for (const x of [0, 0, 1 / 7]) mean.add(x)
    // mean 1/21, s = 0.0824786, t(2) = 4.303: 1/21 ± 0.2049, clamped at 0
    close(mean.estimate(), 1 / 21, 0, 0.252524)
  })
})

describe('agreement report', () => {
  it('lists both quants with their clip counts, quant names and where reviewers started', () => {
    expect(report.approvedClips).toBe(3)
    expect(report.sources.map((s) => [s.label, s.quant, s.model, s.clips, s.startedFrom])).toEqual([
      ['m-Q8_0.gguf (llama-server)', 'Q8_0', 'm-Q8_0.gguf', 3, 1],
      ['m-Q4_K_M.gguf (llama-server)', 'Q4_K_M', 'm-Q4_K_M.gguf', 2, 2]
    ])
  })

  it('Q8: exact fields, subject count 2/3, "streets" and "sun." as worked out by hand', () => {
    const q8 = report.sources[0]
    for (const name of ['shot_type', 'shot_angle', 'shot_position']) {
      expect(field(q8, name)).toMatchObject({ kind: 'exact', n: 3, editDistance: null })
      close(field(q8, name).agreement, 1, 0.43849, 1)
    }
    close(field(q8, 'subjects.count').agreement, 2 / 3, 0.20765, 0.9385)
    // aligned subject pairs: A's woman and B's ship (the mountain has no partner)
    for (const name of ['subjects.TYPES.type', 'subjects.TYPES.sub_type', 'subjects.is_main_subject', 'subjects.appearance', 'subjects.action']) {
      expect(field(q8, name).n).toBe(2)
      close(field(q8, name).agreement, 1, 0.34238, 1)
    }
    close(field(q8, 'camera_motion').agreement, 1, 0.43849, 1)
    close(field(q8, 'camera_motion').editDistance!, 0, 0, 0)
    close(field(q8, 'environment').agreement, 2 / 3, 0.20765, 0.9385)
    close(field(q8, 'environment').editDistance!, 1 / 21, 0, 0.252524)
    // lighting: 0, 0.25, 0 → mean 1/12, s = 0.144338, se = 0.083333, ± 4.303 · se
    close(field(q8, 'lighting').editDistance!, 1 / 12, 0, 1 / 12 + 4.303 / 12)
  })

  it("Cohen's kappa of the exact fields, worked out by hand; none for text fields", () => {
    const [q8, q4] = report.sources
    // Q8 shot_type: all 3 equal over 3 different values: chance 3 · (1/3)² = 1/3, κ = 1, no spread
    close(field(q8, 'shot_type').kappa!, 1, 1, 1)
    // Q8 subject count: model 1, 1, 0 against human 1, 2, 0: pₒ = 2/3, pₑ = (2/3)(1/3) + (1/3)(1/3) = 1/3, κ = 1/2,
    // half width 1.96 · √((2/3)(1/3)/3) / (2/3) = 0.800168
    close(field(q8, 'subjects.count').kappa!, 0.5, 0.5 - 0.800168, 1)
    // Q4 shot_type: medium/long against close/long: pₒ = 1/2, pₑ = 1/4, κ = 1/3, half 1.96 · √(1/8) / (3/4) = 0.923952
    close(field(q4, 'shot_type').kappa!, 1 / 3, 1 / 3 - 0.923952, 1)
    for (const name of ['camera_motion', 'environment', 'lighting', 'subjects.action']) expect(field(q8, name).kappa).toBeNull()
  })

  it('Q4: wrong shot type and angle, swapped subjects compared by index', () => {
    const q4 = report.sources[1]
    close(field(q4, 'shot_type').agreement, 0.5, 0.09453, 0.90547)
    close(field(q4, 'shot_angle').agreement, 0.5, 0.09453, 0.90547)
    close(field(q4, 'shot_position').agreement, 1, 0.34238, 1)
    close(field(q4, 'subjects.count').agreement, 1, 0.34238, 1)
    expect(field(q4, 'subjects.TYPES.type').n).toBe(3)
    close(field(q4, 'subjects.TYPES.type').agreement, 1 / 3, 0.06149, 0.79234)
    close(field(q4, 'subjects.TYPES.sub_type').agreement, 0, 0, 0.56151)
    close(field(q4, 'subjects.is_main_subject').agreement, 1 / 3, 0.06149, 0.79234)
    // action: 0 (A), 1 ("" vs "sails"), 1 ("sails" vs "") → mean 2/3, s = 0.57735, se = 1/3, t(2) = 4.303
    close(field(q4, 'subjects.action').agreement, 1 / 3, 0.06149, 0.79234)
    close(field(q4, 'subjects.action').editDistance!, 2 / 3, 0, 1)
    close(field(q4, 'subjects.appearance').editDistance!, 2 / 3, 0, 1)
    close(field(q4, 'subjects.expression').agreement, 1, 0.43849, 1)
    // camera: "" vs "pan left" = 1, "" vs "" = 0 → mean 0.5, t(1) = 12.706 makes the interval everything
    close(field(q4, 'camera_motion').editDistance!, 0.5, 0, 1)
    // environment: 0.2 ("room." vs "room"), 0 → mean 0.1, se 0.1, 0.1 ± 1.27 clamped to [0, 1]
    close(field(q4, 'environment').editDistance!, 0.1, 0, 1)
    close(field(q4, 'lighting').agreement, 1, 0.34238, 1)
  })

  it('an empty project gives an empty report, not an error', async () => {
    const other = createStudioApp({ dataDir: newDir('report-empty'), roots: testRoots() })
    try {
      await call(other, 'project.create', { name: 'empty' })
      expect(await call(other, 'report.agreement', {})).toMatchObject({ approvedClips: 0, sources: [] })
    } finally {
      await other.close()
    }
  })
})
