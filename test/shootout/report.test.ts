// Shoot-out figures per quant against a small project worked out by hand: agreement with the
// approved captions and, apart, with the blind gold set; speed from the stored timings; peak
// memory; the Pareto front; and the sentence the recommendation shows. No llama-server: the
// pre-labels are stored as a shoot-out would store them.
import { describe, expect, it } from 'vitest'
import { ShootoutQuant } from '../../src/shared/api/shootout'
import type { PrelabelSource } from '../../src/shared/contract'
import type { StructuralCaption } from '../../src/shared/caption'
import { evidenceSentence, paretoFront } from '../../src/main/shootout/figures'
import { quantKey } from '../../src/main/shootout/quantKey'
import { shootoutReport } from '../../src/main/shootout/shootoutReport'
import type { ProjectStore } from '../../src/main/store/project'
import { MODEL, addClip, caption, fileInfo, newStore, revise, subject } from '../helpers/library'

const quant = (label: string, model: string) => ShootoutQuant.parse({ label, engine: { local: { model, mmproj: '/models/mmproj.gguf' }, maxTokens: 256 } })
const A = quant('A', '/models/tiny-Q8_0.gguf')
const B = quant('B', '/models/tiny-Q4_0.gguf')
const C = quant('C', '/models/tiny-Q2_K.gguf')

/** The shoot-out job of project(): it is created first, so its answers carry its id. */
const JOB_ID = 1

/** What the shoot-out kind records: its key, job, and the server's peak memory. */
function source(q: ShootoutQuant, peakRssBytes: number, jobId = JOB_ID): PrelabelSource {
  return { kind: 'model', label: `${q.label} (shoot-out)`, details: { model: q.engine.local!.model, shootoutKey: quantKey(q.engine), peakRssBytes, jobId } }
}

const HUMAN = caption({ shot_type: 'close_up', shot_angle: 'eye_level', camera_motion: 'static' })
const WRONG_SHOT = { ...HUMAN, shot_type: 'long_shot' as const }
const WRONG_SHOT_AND_MOTION = { ...WRONG_SHOT, camera_motion: 'pan left' }

function addPrelabelled(store: ProjectStore, name: string, answers: [ShootoutQuant, StructuralCaption, number][]): number {
  const id = addClip(store, name, [])
  for (const [q, c, requestMs] of answers) {
    store.addPrelabel({
      clipId: id,
      rawText: JSON.stringify(c),
      caption: c,
      problems: [],
      source: source(q, q === A ? 9e9 : q === B ? 5e9 : 3e9),
      timings: { requestMs, promptEvaluated: 1900, promptMs: requestMs / 4, outputTokens: 200, predictedMs: requestMs / 2 }
    })
  }
  return id
}

/** Clips 1–2 approved after review, clip 3 in the gold set (annotated blind), clip 4 not reviewed. */
function project(): ProjectStore {
  const store = newStore()
  const job = store.jobs.create('shootout', { quants: [A, B, C], clipIds: [1, 2, 3, 4] }, new Date().toISOString())
  expect(job.id).toBe(JOB_ID)
  const ids = [
    addPrelabelled(store, 'one.mp4', [
      [A, HUMAN, 4000],
      [B, WRONG_SHOT_AND_MOTION, 2000],
      [C, WRONG_SHOT_AND_MOTION, 8000]
    ]),
    addPrelabelled(store, 'two.mp4', [
      [A, WRONG_SHOT, 4000],
      [B, HUMAN, 2000],
      [C, HUMAN, 8000]
    ]),
    addPrelabelled(store, 'three.mp4', [
      [A, HUMAN, 4000],
      [B, WRONG_SHOT, 2000],
      [C, WRONG_SHOT, 8000]
    ]),
    addPrelabelled(store, 'four.mp4', [
      [A, HUMAN, 4000],
      [B, HUMAN, 2000],
      [C, HUMAN, 8000]
    ])
  ]
  expect(ids).toEqual([1, 2, 3, 4])
  store.shootout.markGold([ids[2]], true)
  for (const id of ids.slice(0, 3)) revise(store, id, HUMAN, 'approved', 'ann')
  return store
}

describe('shoot-out report', () => {
  it('gives per quant the agreement with the approved captions and, apart, with the gold set', () => {
    const report = shootoutReport(project())
    expect(report).toMatchObject({ clips: 4, goldClips: 1, chartReference: 'gold' })
    const [a, b, c] = report.quants
    // 7 clip fields compared (no subjects): A misses shot_type on one of the two approved clips
    expect(a.approved).toMatchObject({ reference: 'approved', clips: 2 })
    expect(a.approved.accuracy).toBeCloseTo((0.5 + 6) / 7, 10)
    expect(b.approved.accuracy).toBeCloseTo((0.5 + 0.5 + 5) / 7, 10)
    expect(a.approved.fields.find((f) => f.field === 'shot_type')).toMatchObject({ n: 2, agreement: { value: 0.5 } })
    expect(b.approved.fields.find((f) => f.field === 'camera_motion')).toMatchObject({ n: 2, agreement: { value: 0.5 } })
    // the gold clip: A right everywhere, B and C wrong on the shot type
    expect(a.gold).toMatchObject({ reference: 'gold', clips: 1, accuracy: 1 })
    expect(b.gold.accuracy).toBeCloseTo(6 / 7, 10)
    expect(c.gold.accuracy).toBeCloseTo(6 / 7, 10)
    // reviewers of approved clips started from the latest pre-label (C's); the gold clip from nothing
    expect([a.approved.startedFrom, b.approved.startedFrom, c.approved.startedFrom]).toEqual([0, 0, 2])
    expect([a.gold.startedFrom, b.gold.startedFrom, c.gold.startedFrom]).toEqual([0, 0, 0])
  })

  it('gives measured speed over every clip with a pre-label, peak memory, and the Pareto front', () => {
    const [a, b, c] = shootoutReport(project()).quants
    expect(a).toMatchObject({ clips: 4, secondsPerClip: 4, clipsPerHour: 900, promptTokensPerSecond: 1900, outputTokensPerSecond: 100, peakMemoryBytes: 9e9 })
    expect(b).toMatchObject({ secondsPerClip: 2, clipsPerHour: 1800, promptTokensPerSecond: 3800, outputTokensPerSecond: 200, peakMemoryBytes: 5e9 })
    // C is slower than A and B and no more accurate on the gold set than B
    expect([a.pareto, b.pareto, c.pareto]).toEqual([true, true, false])
  })

  it('counts a reused pre-label for agreement but keeps its old timings out of the speed, and counts clips without an answer', () => {
    const store = project()
    // an earlier job's (id 7) slow answer of C for a fifth clip, reused by a shoot-out over all five
    const five = addClip(store, 'five.mp4', [])
    store.addPrelabel({
      clipId: five,
      rawText: JSON.stringify(HUMAN),
      caption: HUMAN,
      problems: [],
      source: source(C, 3e9, 7),
      timings: { requestMs: 80_000, promptEvaluated: 1900, promptMs: 20_000, outputTokens: 200, predictedMs: 40_000 }
    })
    store.jobs.create('shootout', { quants: [A, B, C], clipIds: [1, 2, 3, 4, five] }, new Date().toISOString())
    // job 2 asks B again on clip one (1 s): its only answer of its own
    store.addPrelabel({
      clipId: 1,
      rawText: JSON.stringify(HUMAN),
      caption: HUMAN,
      problems: [],
      source: source(B, 5e9, 2),
      timings: { requestMs: 1000, promptEvaluated: 1900, promptMs: 250, outputTokens: 200, predictedMs: 500 }
    })
    const report = shootoutReport(store)
    expect(report.jobId).toBe(2)
    const [a, b, c] = report.quants
    // every answer of A is job 1's, and it has none for clip five: counted, not timed
    expect(a).toMatchObject({ clips: 4, reused: 4, unanswered: 1, secondsPerClip: null, clipsPerHour: null })
    // B: clip one timed (1 s, 200 tokens in 0.5 s), its three older answers not
    expect(b).toMatchObject({ clips: 4, reused: 3, unanswered: 1, secondsPerClip: 1, clipsPerHour: 3600, outputTokensPerSecond: 400 })
    // C: five answers, all from earlier jobs
    expect(c).toMatchObject({ clips: 5, reused: 5, unanswered: 0, secondsPerClip: null, outputTokensPerSecond: null })
  })

  it('recommends on evidence, naming the reference', () => {
    // B keeps 6/7 ≈ 86% of A's gold agreement, under the 95% a faster quant must keep
    expect(shootoutReport(project()).evidence).toBe(
      "A: the most accurate in this project's shoot-out, 900 clips per hour, peak memory 9.0 GB (shoot-out on 1 of this project's clips, against the blind gold set)"
    )
  })

  it('hides the pre-label of a gold clip from Review and records no starting pre-label', () => {
    const store = project()
    const gold = store.shootout.goldClips()[0]
    expect(store.detail(gold)).toMatchObject({ prelabel: null, gold: true })
    expect(store.revisions.latest(gold)?.prelabelId).toBeNull()
    const other = store.detail(1)
    expect(other.gold).toBe(false)
    expect(other.prelabel).not.toBeNull()
  })

  it('has no figures before a shoot-out', () => {
    expect(shootoutReport(newStore())).toMatchObject({ jobId: null, quants: [], evidence: null })
  })
})

describe('shoot-out samples', () => {
  it('takes up to n readable clips per shot type and type of any subject, from the latest revision, else the latest pre-label', () => {
    const store = newStore()
    const woman = caption({ shot_type: 'close_up', subjects: [subject()] })
    const ship = caption({ shot_type: 'close_up', subjects: [subject({ TYPES: { type: 'Vehicles', sub_type: 'Ship' } })] })
    const wide = caption({ shot_type: 'long_shot', subjects: [subject()] })
    const a = addClip(store, 'a.mp4', [[MODEL, woman]])
    const b = addClip(store, 'b.mp4', [[MODEL, woman]])
    const c = addClip(store, 'c.mp4', [[MODEL, ship]])
    const d = addClip(store, 'd.mp4', [[MODEL, woman]])
    revise(store, d, wide, 'approved', 'ann') // its revision, not its pre-label, says long shot
    addClip(store, 'broken.mp4', [[MODEL, ship]], fileInfo({ importError: 'not a video' }))
    // a long shot of a woman and a ship: the only (long shot, vehicles) clip, though its first subject is a human
    const e = addClip(store, 'e.mp4', [[MODEL, caption({ shot_type: 'long_shot', subjects: [subject(), ship.subjects[0]] })]])
    // a second long shot of a woman, and a long shot without subjects (its own '' stratum)
    const f = addClip(store, 'f.mp4', [[MODEL, wide]])
    const g = addClip(store, 'g.mp4', [[MODEL, caption({ shot_type: 'long_shot', subjects: [] })]])
    // n = 1: a (close-up human), c (close-up vehicles), d (long-shot human), e (long-shot vehicles), g (long shot, none)
    expect(store.shootout.stratifiedSample(1)).toEqual([a, c, d, e, g])
    // n = 2: b joins a; (long shot, human) is d and e, so f waits for n = 3
    expect(store.shootout.stratifiedSample(2)).toEqual([a, b, c, d, e, g])
    expect(store.shootout.stratifiedSample(3)).toEqual([a, b, c, d, e, f, g])
    expect(store.shootout.approvedSample(10)).toEqual([d])
  })
})

describe('shoot-out figures', () => {
  const q = (label: string, accuracy: number | null, clipsPerHour: number | null, peakMemoryBytes: number | null = null) => ({
    label,
    accuracy,
    clipsPerHour,
    peakMemoryBytes
  })

  it('marks the points no other beats on both axes', () => {
    const front = paretoFront([q('Q8_0', 0.9, 100), q('Q5_K_M', 0.88, 160), q('Q4_0', 0.8, 150), q('F16', 0.9, 50), q('none', null, 300)])
    expect([...front].sort()).toEqual(['Q5_K_M', 'Q8_0'])
  })

  it('prefers a faster quant that keeps 95% of the best agreement, with the figures that say so', () => {
    const points = [q('Q8_0', 0.9, 100), { ...q('Q5_K_M + bumped attn_v', 0.88, 160, 7.9e9) }]
    const sentence = evidenceSentence(
      points.map((p) => ({ ...p, pareto: true })),
      40,
      'approved captions'
    )
    // 0.88 / 0.9 = 97.8% → 98%; 160 / 100 = 1.6×
    expect(sentence).toBe(
      "Q5_K_M + bumped attn_v: 98% of Q8_0's agreement at 1.6× its speed, peak memory 7.9 GB (shoot-out on 40 of this project's clips, against the approved captions)"
    )
  })
})
