import type { CalibrationBin, CalibrationFigures } from '../../shared/api/report'
import { wilson } from '../report/stats'

export const BINS = 10

/** Equal-width bin of a confidence: [k/B, (k+1)/B), with 1 in the last bin. */
export function binOf(p: number, bins = BINS): number {
  return Math.min(bins - 1, Math.max(0, Math.floor(p * bins)))
}

/** Σ (fields in bin / all fields) · |share kept − mean confidence|, over the bins that hold any field. */
export function expectedCalibrationError(bins: CalibrationBin[]): number | null {
  const total = bins.reduce((sum, b) => sum + b.fields, 0)
  if (total === 0) return null
  return bins.reduce((sum, b) => (b.fields === 0 ? sum : sum + (b.fields / total) * Math.abs(b.kept! - b.confidence!)), 0)
}

/** Counts clips in constant memory: the rows come grouped by clip, so a clip is new when its id changes. */
class ClipCounter {
  count = 0
  private last: number | null = null

  see(clipId: number): void {
    if (clipId === this.last) return
    this.last = clipId
    this.count++
  }
}

/**
 * Running totals for one set of fields (a model's, one kind's, one field key's): a reliability diagram,
 * its calibration error, and how often the fields at or above the threshold were kept.
 */
export class CalibrationTally {
  private fields = 0
  private clips = new ClipCounter()
  private binFields: number[]
  private binP: number[]
  private binKept: number[]
  private aboveFields = 0
  private aboveKept = 0
  private aboveClips = new ClipCounter()

  constructor(
    readonly threshold: number,
    readonly bins = BINS
  ) {
    this.binFields = new Array<number>(bins).fill(0)
    this.binP = new Array<number>(bins).fill(0)
    this.binKept = new Array<number>(bins).fill(0)
  }

  /** One scored field of an approved clip: its confidence and whether the approved caption kept its value. */
  add(clipId: number, p: number, kept: boolean): void {
    this.fields++
    this.clips.see(clipId)
    const b = binOf(p, this.bins)
    this.binFields[b]++
    this.binP[b] += p
    if (kept) this.binKept[b]++
    if (p >= this.threshold) {
      this.aboveFields++
      if (kept) this.aboveKept++
      this.aboveClips.see(clipId)
    }
  }

  result(): CalibrationFigures {
    const bins: CalibrationBin[] = this.binFields.map((n, k) => ({
      low: k / this.bins,
      high: (k + 1) / this.bins,
      fields: n,
      confidence: n === 0 ? null : this.binP[k] / n,
      kept: n === 0 ? null : this.binKept[k] / n
    }))
    return {
      fields: this.fields,
      clips: this.clips.count,
      ece: expectedCalibrationError(bins),
      bins,
      above: { fields: this.aboveFields, clips: this.aboveClips.count, kept: wilson(this.aboveKept, this.aboveFields) }
    }
  }
}
