import { z } from 'zod'
import { ShootoutQuant, type QuantFigures, type ShootoutReport } from '../../shared/api/shootout'
import type { Prelabel } from '../../shared/contract'
import type { SourceAgreement } from '../../shared/output'
import { SourceTally } from '../report/agreement'
import { quantOf } from '../report/sources'
import type { ProjectStore } from '../store/project'
import { evidenceSentence, paretoFront } from './figures'
import { latestBy } from './quantKey'

const Params = z.object({ quants: z.array(ShootoutQuant), clipIds: z.array(z.number().int()) })

/**
 * Sums of the measured timings of one quant's pre-labels made by the shoot-out itself: a reused
 * one (an earlier job's) was timed on another day, maybe beside other work, so it is only counted.
 */
class SpeedTally {
  clips = 0
  reused = 0
  requestMs = 0
  timed = 0
  prompt = { tokens: 0, ms: 0 }
  output = { tokens: 0, ms: 0 }
  peak: number | null = null

  constructor(private readonly jobId: number) {}

  add(p: Prelabel): void {
    this.clips++
    if (p.source.details.jobId !== this.jobId) {
      this.reused++
      return
    }
    const t = p.timings
    if (t.requestMs !== undefined) {
      this.requestMs += t.requestMs
      this.timed++
    }
    if (t.promptEvaluated !== undefined && t.promptMs) this.prompt = { tokens: this.prompt.tokens + t.promptEvaluated, ms: this.prompt.ms + t.promptMs }
    if (t.outputTokens !== undefined && t.predictedMs) this.output = { tokens: this.output.tokens + t.outputTokens, ms: this.output.ms + t.predictedMs }
    const peak = p.source.details.peakRssBytes
    if (typeof peak === 'number') this.peak = Math.max(this.peak ?? 0, peak)
  }
}

const perSecond = (s: { tokens: number; ms: number }) => (s.ms > 0 ? (1000 * s.tokens) / s.ms : null)

/** Mean share of fields kept, over the fields that had anything to compare. */
export function accuracyOf(agreement: SourceAgreement): number | null {
  const values = agreement.fields.map((f) => f.agreement.value).filter((v): v is number => v !== null)
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null
}

/**
 * The latest shoot-out's figures per quant: agreement with the approved captions (clips outside the
 * gold set: their reviewers saw a pre-label) and, apart, with the gold set (annotated blind), the
 * measured speed from the timings of the answers this shoot-out made, and peak memory. The chart and the recommendation use
 * the gold set once every quant has gold figures, the approved captions before.
 */
export function shootoutReport(store: ProjectStore): ShootoutReport {
  const job = store.jobs.recent(100).find((j) => j.kind === 'shootout')
  const gold = new Set(store.shootout.goldClips())
  if (!job) return { jobId: null, clips: 0, goldClips: gold.size, quants: [], evidence: null, chartReference: 'approved' }
  const { quants, clipIds } = Params.parse(job.params)
  const tallies = quants.map((q) => {
    const info = { label: q.label, kind: 'model', model: q.engine.local?.model ?? null, quant: quantOf(q.engine.local?.model ?? q.label) }
    return { approved: new SourceTally(info), gold: new SourceTally(info), speed: new SpeedTally(job.id) }
  })
  for (const clipId of clipIds) {
    const revision = store.revisions.latest(clipId)
    const prelabels = store.prelabels.forClip(clipId)
    quants.forEach((q, i) => {
      const p = latestBy(prelabels, q.engine)
      if (!p) return
      tallies[i].speed.add(p)
      if (revision?.status !== 'approved') return
      tallies[i][gold.has(clipId) ? 'gold' : 'approved'].add(p.caption, revision.caption, revision.prelabelId === p.id)
    })
  }
  const figures = quants.map((q, i): Omit<QuantFigures, 'pareto'> => {
    const { speed } = tallies[i]
    const secondsPerClip = speed.timed > 0 ? speed.requestMs / speed.timed / 1000 : null
    const approved = tallies[i].approved.result()
    const goldResult = tallies[i].gold.result()
    return {
      label: q.label,
      model: approved.model,
      clips: speed.clips,
      reused: speed.reused,
      unanswered: clipIds.length - speed.clips,
      secondsPerClip,
      clipsPerHour: secondsPerClip ? 3600 / secondsPerClip : null,
      promptTokensPerSecond: perSecond(speed.prompt),
      outputTokensPerSecond: perSecond(speed.output),
      peakMemoryBytes: speed.peak,
      approved: { ...approved, reference: 'approved', accuracy: accuracyOf(approved) },
      gold: { ...goldResult, reference: 'gold', accuracy: accuracyOf(goldResult) }
    }
  })
  const chartReference = figures.length > 0 && figures.every((f) => f.gold.accuracy !== null) ? 'gold' : 'approved'
  const points = figures.map((f) => ({ label: f.label, clipsPerHour: f.clipsPerHour, accuracy: f[chartReference].accuracy }))
  const front = paretoFront(points)
  const withFront = figures.map((f) => ({ ...f, pareto: front.has(f.label) }))
  const compared = Math.max(0, ...withFront.map((f) => f[chartReference].clips))
  const reference = chartReference === 'gold' ? 'blind gold set' : 'approved captions'
  const evidence = evidenceSentence(
    withFront.map((f, i) => ({ ...f, accuracy: points[i].accuracy })),
    compared,
    reference
  )
  return { jobId: job.id, clips: clipIds.length, goldClips: gold.size, quants: withFront, evidence, chartReference }
}
