import type { QuantFigures } from '../../shared/api/shootout'

type Point = Pick<QuantFigures, 'label' | 'clipsPerHour'> & { accuracy: number | null }

/** Labels of the points no other point beats on both accuracy and clips per hour (ties do not beat). */
export function paretoFront(points: Point[]): Set<string> {
  const known = points.filter((p): p is Point & { accuracy: number; clipsPerHour: number } => p.accuracy !== null && p.clipsPerHour !== null)
  const beaten = (p: (typeof known)[number]) =>
    known.some((o) => o.accuracy >= p.accuracy && o.clipsPerHour >= p.clipsPerHour && (o.accuracy > p.accuracy || o.clipsPerHour > p.clipsPerHour))
  return new Set(known.filter((p) => !beaten(p)).map((p) => p.label))
}

/** Share of the most accurate quant's accuracy a faster one must keep to be the one recommended. */
export const KEEP_SHARE = 0.95

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`

/**
 * One sentence for the recommendation: the fastest quant on the front that keeps KEEP_SHARE of
 * the best accuracy, against the most accurate one; null when no quant has both figures.
 */
export function evidenceSentence(quants: (Point & Pick<QuantFigures, 'peakMemoryBytes' | 'pareto'>)[], clips: number, reference: string): string | null {
  const scored = quants.filter((q) => q.pareto && q.accuracy !== null && q.clipsPerHour !== null)
  if (scored.length === 0) return null
  const best = scored.reduce((a, b) => (b.accuracy! > a.accuracy! ? b : a))
  const pick = scored.filter((q) => q.accuracy! >= KEEP_SHARE * best.accuracy!).reduce((a, b) => (b.clipsPerHour! > a.clipsPerHour! ? b : a))
  const memory = pick.peakMemoryBytes !== null ? `, peak memory ${gb(pick.peakMemoryBytes)}` : ''
  const basis = `shoot-out on ${clips} of this project's clips, against the ${reference}`
  if (pick === best) return `${pick.label}: the most accurate in this project's shoot-out, ${Math.round(pick.clipsPerHour!)} clips per hour${memory} (${basis})`
  const share = Math.round((100 * pick.accuracy!) / best.accuracy!)
  const speed = (pick.clipsPerHour! / best.clipsPerHour!).toFixed(1)
  return `${pick.label}: ${share}% of ${best.label}'s agreement at ${speed}× its speed${memory} (${basis})`
}
