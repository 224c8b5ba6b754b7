// Human-vs-human agreement and the per-person table on a small project worked out by hand. Ann and Bob
// label overlap clips 1–3 blind (clip 4 only Ann: not compared); Ann also sends clips to review, which Rita decides.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emptyCaption, type StructuralCaption, type Subject } from '../../src/shared/caption'
import type { HumanAgreementReport, PersonFigures } from '../../src/shared/api/team'
import type { Estimate } from '../../src/shared/output'
import { createStudioApp, type StudioApp } from '../../src/main/app'
import { cohenKappa } from '../../src/main/report/stats'
import { ProjectStore } from '../../src/main/store/project'
import { activeSeconds } from '../../src/main/team/personFigures'
import { call } from '../helpers/dispatch'
import { testRoots } from '../helpers/roots'
import { TeamRows } from '../helpers/teamRows'
import { scratch } from '../helpers/temp'

const newDir = scratch('skycap-teamfigures-')
const caption = (c: Partial<StructuralCaption>): StructuralCaption => ({ ...emptyCaption(), shot_angle: 'eye_level', shot_position: 'front_view', ...c })
const woman: Subject = {
  TYPES: { type: 'Human', sub_type: 'Woman' },
  is_main_subject: true,
  appearance: 'red coat',
  action: 'walks',
  expression: '',
  position: 'left'
}
const man: Subject = { ...woman, TYPES: { type: 'Human', sub_type: 'Man' } }

// clip → [Ann's approved label, Bob's approved label]
const ANN = {
  1: caption({ shot_type: 'close_up', camera_motion: 'pan left', subjects: [woman] }),
  2: caption({ shot_type: 'close_up' }),
  3: caption({ shot_type: 'long_shot', camera_motion: 'tilt up' })
}
const BOB = {
  1: caption({ shot_type: 'close_up', camera_motion: 'pan left', subjects: [man] }),
  2: caption({ shot_type: 'long_shot' }),
  3: caption({ shot_type: 'long_shot', camera_motion: 'tilt up.', shot_position: 'side_view' })
}

let app: StudioApp
let report: HumanAgreementReport
let people: PersonFigures[]

beforeAll(async () => {
  const dir = newDir('project')
  const file = path.join(dir, 'team.sqlite')
  ProjectStore.create(file, 'team').close()
  const rows = new TeamRows(file)
  const ann = rows.person('Ann', 'annotator')
  const bob = rows.person('Bob', 'annotator')
  const rita = rows.person('Rita', 'reviewer')
  const clip = [0, ...Array.from({ length: 9 }, (_, i) => rows.clip(`${i + 1}.mp4`))]
  for (const c of [1, 2, 3, 4]) rows.overlap(clip[c])
  // Ann, minutes: 0 2 4 6 8 10 10 13 15 15 17 60 61 62
  rows.blindLabel(clip[1], ann, caption({ shot_type: 'medium_shot' }), 'in_progress', 0)
  rows.blindLabel(clip[1], ann, ANN[1], 'approved', 2)
  rows.blindLabel(clip[2], ann, ANN[2], 'approved', 4)
  rows.blindLabel(clip[3], ann, ANN[3], 'approved', 6)
  rows.blindLabel(clip[4], ann, ANN[3], 'approved', 8)
  rows.revision(clip[5], 'Ann', 'approved', 10)
  rows.review(clip[5], ann, 10, { verdict: 'returned', reviewer: rita, minutes: 11 })
  rows.review(clip[5], ann, 13, { verdict: 'approved', reviewer: rita, minutes: 14 })
  rows.review(clip[6], ann, 15, { verdict: 'approved', reviewer: rita, minutes: 16 })
  rows.revision(clip[6], 'Ann', 'in_progress', 15, 'in_review')
  rows.review(clip[8], ann, 17, { verdict: 'approved', reviewer: rita, minutes: 18 })
  rows.review(clip[7], ann, 60)
  rows.revision(clip[9], 'Ann', 'in_progress', 61)
  rows.lease(clip[9], ann, 62, TeamRows.at(90))
  // a name that is no person's is nobody's work
  rows.revision(clip[9], 'ghost', 'approved', 63)
  // Bob, minutes: 1 3 5 7 9; his latest approved version counts, not a later unfinished one
  rows.blindLabel(clip[1], bob, BOB[1], 'approved', 1)
  rows.blindLabel(clip[2], bob, caption({ shot_type: 'close_up' }), 'approved', 3)
  rows.blindLabel(clip[2], bob, BOB[2], 'approved', 5)
  rows.blindLabel(clip[3], bob, BOB[3], 'approved', 7)
  rows.blindLabel(clip[3], bob, caption({ shot_type: 'extreme_close_up' }), 'in_progress', 9)
  rows.close()
  app = createStudioApp({ dataDir: dir, projectPath: file, roots: testRoots() })
  report = await call(app, 'report.humanAgreement', {})
  people = await call(app, 'team.people', {})
})

afterAll(async () => {
  await app?.close()
})

const close = (actual: Estimate | null | undefined, value: number, low: number | null, high: number | null) => {
  expect(actual?.value).toBeCloseTo(value, 4)
  if (low === null) expect(actual?.low).toBeNull()
  else expect(actual?.low).toBeCloseTo(low, 4)
  if (high === null) expect(actual?.high).toBeNull()
  else expect(actual?.high).toBeCloseTo(high, 4)
}
const field = (name: string) => report.fields.find((f) => f.field === name)!
const person = (name: string) => people.find((p) => p.name === name)!

describe("Cohen's kappa and active time", () => {
  it("kappa: the textbook 2×2 table (20, 5 / 10, 15 of 50) is 0.4, with Cohen's large-sample interval", () => {
    // po = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5; se = √(0.7·0.3/50)/0.5 = 0.129615
    const first = new Map([
      ['yes', 25],
      ['no', 25]
    ])
    const second = new Map([
      ['yes', 30],
      ['no', 20]
    ])
    close(cohenKappa(35, 50, first, second), 0.4, 0.4 - 1.959964 * 0.129615, 0.4 + 1.959964 * 0.129615)
    expect(cohenKappa(0, 0, new Map(), new Map()).value).toBeNull()
    // both always said the same one thing: chance agreement is certain, kappa is undefined
    expect(cohenKappa(4, 4, new Map([['a', 4]]), new Map([['a', 4]])).value).toBeNull()
  })

  it('active time sums the gaps between actions, each capped at five minutes', () => {
    expect(activeSeconds([])).toBe(0)
    expect(activeSeconds([1000])).toBe(0)
    expect(activeSeconds([0, 60_000, 60_000, 3_600_000])).toBe(60 + 0 + 300)
  })
})

describe('report.humanAgreement', () => {
  it('compares the three clips with two approved blind labels, and says what it compares', () => {
    expect(report).toMatchObject({ overlapClips: 4, clips: 3 })
    expect(report.reference).toContain('neither is the reference')
  })

  it('shot type: 2 of 3 equal, kappa 0.4 as worked out by hand', () => {
    // Ann close, close, long; Bob close, long, long: po = 2/3, pe = 2/3·1/3 + 1/3·2/3 = 4/9, κ = (2/9)/(5/9)
    // se = √(2/9 / 3) / (5/9) = 0.489898, so 0.4 ± 0.960184, clamped at 1
    close(field('shot_type').agreement, 2 / 3, 0.20765, 0.9385)
    close(field('shot_type').kappa, 0.4, 0.4 - 0.960184, 1)
  })

  it('shot position: 2 of 3 equal but no better than chance (kappa 0); angle always the same (kappa undefined)', () => {
    // Ann front ×3, Bob front, front, side: pe = 1·2/3, κ = 0, se = √(2/27)·3 = 0.816497 → ± 1.600317, clamped
    close(field('shot_position').kappa, 0, -1, 1)
    close(field('shot_angle').agreement, 1, 0.43849, 1)
    expect(field('shot_angle').kappa).toEqual({ value: null, low: null, high: null })
  })

  it('text fields: share unchanged and edit distance, with no kappa', () => {
    // camera: equal, equal, "tilt up" vs "tilt up." = 1/8 → mean 1/24
    close(field('camera_motion').agreement, 2 / 3, 0.20765, 0.9385)
    expect(field('camera_motion').editDistance?.value).toBeCloseTo(1 / 24, 6)
    expect(field('camera_motion').kappa).toBeNull()
    // one aligned subject pair (clip 1): Woman vs Man
    expect(field('subjects.TYPES.sub_type')).toMatchObject({ n: 1, agreement: { value: 0 } })
    close(field('subjects.count').agreement, 1, 0.43849, 1)
  })
})

describe('team.people', () => {
  it("Ann: 8 clips done in 24 active minutes, 3 of 4 decisions approved, 12 of 15 enum fields equal to Bob's", () => {
    const ann = person('Ann')
    // blind 1–4, approved revision 5, sent to review 5, 6, 7, 8; clip 9 is only in progress
    expect(ann.clipsDone).toBe(8)
    // gaps 2 2 2 2 2 0 3 2 0 2 (43 → 5) 1 1 minutes
    expect(ann.activeSeconds).toBe(24 * 60)
    expect(ann.clipsPerActiveHour).toBeCloseTo(20, 6)
    expect(ann.approved.n).toBe(4)
    close(ann.approved.share, 3 / 4, 0.30064, 0.95441)
    close(ann.returned.share, 1 / 4, 0.04559, 0.69936)
    // per clip: type, angle, position, subject count; clip 1 adds the subject's type, sub type and main flag
    expect(ann.overlap).toMatchObject({ clips: 3, n: 15 })
    expect(ann.overlap.share.value).toBeCloseTo(12 / 15, 6)
  })

  it('Bob: 3 clips in 8 minutes, no reviews; Rita: no clips, 7 minutes deciding', () => {
    const bob = person('Bob')
    expect(bob).toMatchObject({ clipsDone: 3, activeSeconds: 480, approved: { n: 0, share: { value: null } }, overlap: { clips: 3, n: 15 } })
    expect(bob.clipsPerActiveHour).toBeCloseTo(22.5, 6)
    expect(person('Rita')).toMatchObject({ clipsDone: 0, activeSeconds: 420, clipsPerActiveHour: 0, overlap: { clips: 0, n: 0, share: { value: null } } })
    expect(people.map((p) => p.name)).toEqual(['Ann', 'Bob', 'Rita'])
  })

  it('a project without overlap says so with empty figures, not an error', async () => {
    const other = createStudioApp({ dataDir: newDir('empty'), roots: testRoots() })
    try {
      await call(other, 'project.create', { name: 'empty' })
      const empty = await call(other, 'report.humanAgreement', {})
      expect(empty).toMatchObject({ overlapClips: 0, clips: 0 })
      expect(empty.fields.every((f) => f.n === 0 && f.agreement.value === null)).toBe(true)
      expect(await call(other, 'team.people', {})).toEqual([])
    } finally {
      await other.close()
    }
  })
})
