// The calibration report on the hand-built project of test/helpers/calibrationProject.ts, through the app.
// Counted (p, kept): Q8 on A and B, Q4 on C and D (D's first approval, the one made from that pre-label).
// Left out: C's older Q8 pre-label, D's pre-label without confidence, E (approval withdrawn), F (in
// review), G (imported CSV), H (no confidence), and A's second subject (the approved caption has one).
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CalibrationFigures, CalibrationGroup, CalibrationReport } from '../../src/shared/api/report'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { binOf, CalibrationTally } from '../../src/main/confidence/calibration'
import { calibrationReport } from '../../src/main/confidence/calibrationReport'
import { ProjectStore } from '../../src/main/store/project'
import type { ReviewRecord } from '../../src/shared/autoAccept'
import type { PrelabelConfidence } from '../../src/shared/confidence'
import { buildCalibrationProject, Q4, Q8 } from '../helpers/calibrationProject'
import { call, fail } from '../helpers/dispatch'
import { addClip, caption } from '../helpers/library'
import { testRoots } from '../helpers/roots'
import { scratch } from '../helpers/temp'

const newDir = scratch('skycap-calibration-')
let app: StudioApp
let report: CalibrationReport

beforeAll(async () => {
  const dir = newDir('project')
  const file = path.join(dir, 'calibration.sqlite')
  buildCalibrationProject(file)
  app = createStudioApp({ dataDir: dir, projectPath: file, roots: testRoots() })
  report = await call(app, 'report.calibration', {})
})

afterAll(async () => {
  await app?.close()
})

const group = (model: string): CalibrationGroup => report.groups.find((g) => g.model === model)!
/** Non-empty bins as [bin index, fields, mean confidence, share kept]. */
const filled = (f: CalibrationFigures) => f.bins.flatMap((b, k) => (b.fields ? [[k, b.fields, b.confidence, b.kept]] : []))
const near = (rows: unknown[][]) => rows.map((r) => r.map((x) => (typeof x === 'number' ? Math.round(x * 1e6) / 1e6 : x)))

describe('binning', () => {
  it('puts a confidence in [k/10, (k+1)/10), and 1 in the last bin', () => {
    expect([0, 0.05, 0.1, 0.35, 0.999, 1].map((p) => binOf(p))).toEqual([0, 0, 1, 3, 9, 9])
  })

  it('an empty tally has no calibration error and no kept share', () => {
    const empty = new CalibrationTally(0.9).result()
    expect(empty).toMatchObject({ fields: 0, clips: 0, ece: null, above: { fields: 0, clips: 0, kept: { value: null } } })
    expect(empty.bins).toHaveLength(10)
  })
})

describe('calibration report', () => {
  it('counts the four approved clips with a scored pre-label their reviewer started from, one group per quant', () => {
    expect(report.threshold).toBe(0.9)
    expect(report.clips).toBe(4)
    expect(report.groups.map((g) => [g.model, g.quant, g.fields, g.clips])).toEqual([
      [Q8, 'Q8_0', 10, 2],
      [Q4, 'Q4_K_M', 4, 2]
    ])
  })

  it('Q8: reliability diagram, calibration error and the share kept at or above 0.9', () => {
    const q8 = group(Q8)
    // A: 0.95 kept, 0.85 changed, 0.65 changed, 0.92 kept, 0.35 changed; B: 0.97, 0.91, 0.99 kept, 0.45 changed, 0.82 kept
    expect(near(filled(q8))).toEqual([
      [3, 1, 0.35, 0],
      [4, 1, 0.45, 0],
      [6, 1, 0.65, 0],
      [8, 2, 0.835, 0.5], // (0.85 + 0.82) / 2, one of two kept
      [9, 5, 0.948, 1] // (0.95 + 0.92 + 0.97 + 0.91 + 0.99) / 5 = 4.74 / 5
    ])
    // 0.1·0.35 + 0.1·0.45 + 0.1·0.65 + 0.2·|0.5 − 0.835| + 0.5·|1 − 0.948| = 0.145 + 0.067 + 0.026
    expect(q8.ece).toBeCloseTo(0.238, 10)
    // 0.95, 0.92 (A) and 0.97, 0.91, 0.99 (B): 5 of 5 kept; Wilson 5/5: z² = 3.8415, centre 1.38415 / 1.76829 = 0.78276,
    // half-width 1.96 · √(3.8415 / 100) / 1.76829 = 0.21724, so 0.5655 – 1
    expect(q8.above).toMatchObject({ fields: 5, clips: 2, kept: { value: 1, high: 1 } })
    expect(q8.above.kept.low).toBeCloseTo(0.5655, 4)
  })

  it('Q8 per kind and per field', () => {
    const q8 = group(Q8)
    expect(q8.kinds.map((k) => [k.kind, k.fields, k.clips])).toEqual([
      ['enum', 4, 2],
      ['types', 1, 1],
      ['text', 3, 2],
      ['count', 2, 2]
    ])
    const [enums, types, text, count] = q8.kinds
    // enum: 0.85 changed | 0.95, 0.97, 0.91 kept (mean 2.83 / 3): 0.25·0.85 + 0.75·(1 − 0.943333) = 0.2125 + 0.0425
    expect(enums.ece).toBeCloseTo(0.255, 10)
    expect(enums.above).toMatchObject({ fields: 3, clips: 2, kept: { value: 1 } })
    expect(types.ece).toBeCloseTo(0.08, 10) // 0.92 kept
    expect(text.ece).toBeCloseTo((0.35 + 0.45 + 0.18) / 3, 10) // 0.35, 0.45 changed, 0.82 kept
    expect(text.above.fields).toBe(0)
    expect(text.above.kept.value).toBeNull()
    expect(count.ece).toBeCloseTo(0.33, 10) // 0.65 changed (2 subjects became 1), 0.99 kept: 0.5·0.65 + 0.5·0.01
    expect(q8.perField.map((f) => [f.field, f.kind, f.fields])).toEqual([
      ['shot_angle', 'enum', 2],
      ['shot_type', 'enum', 2],
      ['subjects.TYPES.type', 'types', 1],
      ['environment', 'text', 1],
      ['lighting', 'text', 1],
      ['subjects.action', 'text', 1],
      ['subjects.count', 'count', 2]
    ])
    const shotType = q8.perField.find((f) => f.field === 'shot_type')!
    expect(near(filled(shotType))).toEqual([[9, 2, 0.96, 1]])
    expect(shotType.ece).toBeCloseTo(0.04, 10)
  })

  it('Q4: C changed its shot type and sub type, D was kept as it was when approved from that pre-label', () => {
    const q4 = group(Q4)
    expect(near(filled(q4))).toEqual([
      [2, 1, 0.25, 0],
      [6, 1, 0.65, 1],
      [7, 1, 0.75, 0],
      [9, 1, 0.95, 1]
    ])
    // (0.25 + 0.35 + 0.75 + 0.05) / 4
    expect(q4.ece).toBeCloseTo(0.35, 10)
    // only C's subject count (0.95) reaches 0.9; Wilson 1/1 is 0.2065 – 1
    expect(q4.above).toMatchObject({ fields: 1, clips: 1, kept: { value: 1, high: 1 } })
    expect(q4.above.kept.low).toBeCloseTo(0.2065, 4)
  })

  it('the threshold is the caller’s: at 0.5, Q4 kept 2 of 3 (0.75 changed, 0.95 and 0.65 kept)', async () => {
    const at = await call(app, 'report.calibration', { threshold: 0.5 })
    const q4 = at.groups.find((g) => g.model === Q4)!
    expect(at.threshold).toBe(0.5)
    expect(q4.above).toMatchObject({ fields: 3, clips: 2 })
    // Wilson 2/3: 0.20765 – 0.9385
    expect(q4.above.kept.value).toBeCloseTo(2 / 3, 10)
    expect(q4.above.kept.low).toBeCloseTo(0.20765, 4)
    expect(q4.above.kept.high).toBeCloseTo(0.9385, 4)
    // the diagram does not depend on the threshold
    expect(q4.bins).toEqual(group(Q4).bins)
  })

  it('refuses a threshold outside [0, 1] with a clear error', async () => {
    const error = await fail(app, 'report.calibration', { threshold: 1.5 })
    expect(error.code).toBe('invalid_input')
    expect(error.message).toMatch(/threshold/)
  })

  it('a project without scored, approved pre-labels gives an empty report, not an error', async () => {
    const other = createStudioApp({ dataDir: newDir('empty'), roots: testRoots() })
    try {
      await call(other, 'project.create', { name: 'empty' })
      expect(await call(other, 'report.calibration', {})).toMatchObject({ clips: 0, groups: [] })
    } finally {
      await other.close()
    }
  })
})

describe('fields approved pre-accepted, without a look (auto-accept)', () => {
  it('are left out of the calibration; an audit revision counts every field', async () => {
    const dir = newDir('auto-accept')
    const file = path.join(dir, 'auto.sqlite')
    const store = ProjectStore.create(file, 'auto-accept')
    const model = caption({ shot_type: 'close_up', shot_angle: 'eye_level' })
    const confidence: PrelabelConfidence = {
      status: 'scored',
      topK: 5,
      fields: [
        { path: 'shot_type', kind: 'enum', p: 0.95 },
        { path: 'shot_angle', kind: 'enum', p: 0.9 }
      ],
      min: 0.9
    }
    const source = { kind: 'model' as const, label: 'm-Q8_0.gguf (llama-server)', details: { model: '/models/m-Q8_0.gguf' } }
    const reviews: [string, ReviewRecord][] = [
      ['accepted.mp4', { mode: 'accepted', fields: ['shot_type'] }],
      ['audit.mp4', { mode: 'audit', fields: ['shot_type', 'shot_angle'] }]
    ]
    for (const [name, review] of reviews) {
      const clipId = addClip(store, name)
      store.addPrelabel({ clipId, rawText: '{}', caption: model, problems: [], source, timings: {}, confidence })
      // the reviewer changed the angle and left the shot type as the model wrote it
      store.saveRevision({
        clipId,
        caption: { ...model, shot_angle: 'low_angle' },
        status: 'approved',
        annotator: 'ana',
        baseNumber: 0,
        review
      })
    }
    store.close()

    const [g] = (await calibrationReport(file, 0.9)).groups
    // accepted.mp4 gives only its looked-at angle (0.9, changed); audit.mp4 both fields: shot type 0.95 kept, angle 0.9 changed
    expect(g.fields).toBe(3)
    expect(g.perField.map((f) => [f.field, f.fields, f.above.kept.value])).toEqual([
      ['shot_angle', 2, 0],
      ['shot_type', 1, 1]
    ])
  })
})
