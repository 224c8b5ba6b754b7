// PIL's BICUBIC resize (what the Qwen2.5-VL processor applies to each frame), for the width of
// rgb24 frames. Done here because ffmpeg cannot match it: its bicubic is a = -0.6, and ffmpeg
// 5.1's scale filter truncates param1 to an integer, so a = -0.5 cannot be asked for.

/** PIL's fixed point for 8-bit images: 32 bits minus 8 for the value, 2 for the sum's headroom. */
const PRECISION_BITS = 22

/** Keys' cubic convolution with a = -0.5, support 2. */
function cubic(t: number): number {
  const a = -0.5
  const x = Math.abs(t)
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a
  return 0
}

interface Taps {
  first: Int32Array
  count: Int32Array
  /** `size` integer weights per output pixel, summing to about 1 << PRECISION_BITS. */
  weights: Int32Array
  size: number
}

/** Which input pixels feed each output pixel and how much, computed as PIL does (doubles, then rounded). */
function taps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize
  const filterScale = Math.max(1, scale) // widened only when shrinking (antialias)
  const support = 2 * filterScale
  const size = Math.ceil(support) * 2 + 1
  const first = new Int32Array(outSize)
  const count = new Int32Array(outSize)
  const weights = new Int32Array(outSize * size)
  const k = new Float64Array(size)
  for (let out = 0; out < outSize; out++) {
    const center = (out + 0.5) * scale
    const lo = Math.max(Math.trunc(center - support + 0.5), 0)
    const n = Math.min(Math.trunc(center + support + 0.5), inSize) - lo
    let sum = 0
    for (let i = 0; i < n; i++) sum += k[i] = cubic((i + lo - center + 0.5) * (1 / filterScale))
    for (let i = 0; i < n; i++) {
      const w = (sum === 0 ? k[i] : k[i] / sum) * (1 << PRECISION_BITS)
      weights[out * size + i] = Math.trunc(w < 0 ? w - 0.5 : w + 0.5) // halves away from zero
    }
    first[out] = lo
    count[out] = n
  }
  return { first, count, weights, size }
}

const cache = new Map<string, Taps>()

/** Stretches rgb24 `frame` (inWidth × height) to outWidth × height: PIL's `resize((outWidth, height), BICUBIC)`. */
export function stretchWidth(frame: Buffer, inWidth: number, outWidth: number, height: number): Buffer {
  if (frame.length !== inWidth * height * 3) {
    throw new Error(`Expected a ${inWidth}x${height} rgb24 frame (${inWidth * height * 3} bytes), got ${frame.length} bytes`)
  }
  // PIL skips the vertical pass when the height stays: the horizontal pass is the whole resize
  const key = `${inWidth}>${outWidth}`
  let t = cache.get(key)
  if (!t) cache.set(key, (t = taps(inWidth, outWidth)))
  const { first, count, weights, size } = t
  const out = Buffer.allocUnsafe(outWidth * height * 3)
  const half = 1 << (PRECISION_BITS - 1)
  for (let y = 0; y < height; y++) {
    const row = y * inWidth * 3
    let o = y * outWidth * 3
    for (let x = 0; x < outWidth; x++) {
      let r = half
      let g = half
      let b = half
      let p = row + first[x] * 3
      const base = x * size
      for (let i = 0; i < count[x]; i++, p += 3) {
        const w = weights[base + i]
        r += frame[p] * w
        g += frame[p + 1] * w
        b += frame[p + 2] * w
      }
      // the sums stay inside int32: the weights add up to 1 << 22 and 255 · 1.2 · 2^22 < 2^31
      out[o++] = clamp8(r >> PRECISION_BITS)
      out[o++] = clamp8(g >> PRECISION_BITS)
      out[o++] = clamp8(b >> PRECISION_BITS)
    }
  }
  return out
}

const clamp8 = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v)
