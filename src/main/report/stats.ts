import type { Estimate } from '../../shared/output'

const Z95 = 1.959963984540054

// Two-sided 95% quantiles of Student's t for 1–30 degrees of freedom.
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042
]

/** t quantile for a 95% interval: the table up to 30, then the Cornish-Fisher expansion (error < 1e-4). */
export function t95(df: number): number {
  if (df < 1) return Number.NaN
  if (df <= 30) return T95[Math.floor(df) - 1]
  const z = Z95
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3)
}

/** Share k/n with its Wilson score interval: sound near 0 and 1 and for small n, unlike p ± 1.96·se. */
export function wilson(k: number, n: number): Estimate {
  if (n === 0) return { value: null, low: null, high: null }
  const p = k / n
  const z2 = Z95 * Z95
  const denom = 1 + z2 / n
  const center = (p + z2 / (2 * n)) / denom
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom
  return { value: p, low: Math.max(0, center - half), high: Math.min(1, center + half) }
}

/** Running mean and variance (Welford), for a mean with a t interval in constant memory. */
export class MeanAccumulator {
  n = 0
  private mean = 0
  private m2 = 0

  add(x: number): void {
    this.n++
    const delta = x - this.mean
    this.mean += delta / this.n
    this.m2 += delta * (x - this.mean)
  }

  /** Mean ± t(n-1)·s/√n, clamped to [lo, hi] (edit distances live in [0, 1]); no interval below n = 2. */
  estimate(lo = 0, hi = 1): Estimate {
    if (this.n === 0) return { value: null, low: null, high: null }
    if (this.n === 1) return { value: this.mean, low: null, high: null }
    const half = (t95(this.n - 1) * Math.sqrt(this.m2 / (this.n - 1))) / Math.sqrt(this.n)
    return { value: this.mean, low: Math.max(lo, this.mean - half), high: Math.min(hi, this.mean + half) }
  }
}

/**
 * Cohen's kappa of two raters from their category counts and how often they agreed, with the
 * large-sample 95% interval κ ± z·√(pₒ(1−pₒ)/(n(1−pₑ)²)) (Cohen 1960), clamped to [−1, 1].
 * Null when nothing was compared, or when chance agreement is certain (both always gave one same value).
 */
export function cohenKappa(agreed: number, n: number, first: Map<unknown, number>, second: Map<unknown, number>): Estimate {
  if (n === 0) return { value: null, low: null, high: null }
  let chance = 0
  for (const [category, count] of first) chance += (count / n) * ((second.get(category) ?? 0) / n)
  if (chance >= 1) return { value: null, low: null, high: null }
  const observed = agreed / n
  const kappa = (observed - chance) / (1 - chance)
  const half = (Z95 * Math.sqrt((observed * (1 - observed)) / n)) / (1 - chance)
  return { value: kappa, low: Math.max(-1, kappa - half), high: Math.min(1, kappa + half) }
}
