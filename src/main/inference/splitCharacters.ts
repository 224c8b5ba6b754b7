/**
 * Token texts an engine printed with U+FFFD where a token holds only part of a UTF-8 character
 * (vLLM decodes each token alone), read against the answer, which is the truth.
 */
const FFFD = '\uFFFD'

/** A stretch of replacement characters in the joined token texts and the answer's characters it stands for. */
interface Reading {
  from: number
  to: number
  text: string
}

const utf8Length = (c: string) => Buffer.byteLength(c, 'utf8')

/**
 * `texts` with each run of U+FFFD that stands for characters of `content` replaced: the token that
 * completes a character gets it, the others an empty text (as llama-server's bytes give). Only
 * characters outside ASCII can be split, so a replacement character never stands for ASCII text.
 * `edges` say what text the engine may have left before and after the answer.
 * Null when no reading spells `content`.
 */
export function resolveSplitCharacters(texts: string[], content: string, edges: { before: RegExp; after: RegExp }): string[] | null {
  const tokens = texts.map((t) => [...t])
  const full = tokens.flat()
  const chars = [...content]
  const tokenEnds = new Set<number>()
  let at = 0
  for (const t of tokens) tokenEnds.add((at += t.length))
  const failed = new Set<number>()
  const readings: Reading[] = []
  let lenient = false

  const runEnd = (p: number) => {
    while (full[p] === FFFD) p++
    return p
  }
  // Byte by byte, a split character shows one U+FFFD at the end of the token holding its first
  // bytes and one per byte left at the start of the next tokens: 2 to its length in all.
  const splitReadings = (i: number, p: number): Reading[] => {
    if (!tokenEnds.has(p + 1)) return []
    const found: Reading[] = []
    for (let k = 2; k <= utf8Length(chars[i]) && full[p + k - 1] === FFFD; k++) found.push({ from: p, to: p + k, text: chars[i] })
    return found
  }
  // Engines that correct some tokens from their context leave fewer: the rest of the run then stands
  // for one or more characters, all given to the token holding its last U+FFFD.
  const runReadings = (i: number, p: number): Reading[] => {
    const to = runEnd(p)
    const found: Reading[] = []
    for (let m = i; m < chars.length && chars[m].codePointAt(0)! > 0x7f; m++) found.push({ from: p, to, text: chars.slice(i, m + 1).join('') })
    return found
  }

  // Whether chars from i on can be read from position p on; a failure is the same from any start.
  const match = (i: number, p: number): boolean => {
    const key = i * (full.length + 1) + p
    if (failed.has(key)) return false
    while (i < chars.length && full[p] === chars[i]) {
      i++
      p++
    }
    if (i === chars.length) {
      if (edges.after.test(full.slice(p).join(''))) return true
    } else if (full[p] === FFFD && chars[i].codePointAt(0)! > 0x7f) {
      for (const reading of [...splitReadings(i, p), ...(lenient ? runReadings(i, p) : [])]) {
        readings.push(reading)
        if (match(i + [...reading.text].length, reading.to)) return true
        readings.pop()
      }
    }
    failed.add(key)
    return false
  }

  // A reading byte by byte everywhere first; only without one are runs read as a whole.
  for (lenient of [false, true]) {
    failed.clear()
    for (let start = 0; start <= full.length; start++) {
      if (edges.before.test(full.slice(0, start).join('')) && match(0, start)) return rebuild(tokens, readings)
      // what may come before the answer is whitespace, U+FFFD and a fence's letters: past any other character nothing can
      if (start < full.length && !/[\s\uFFFD`\w-]/u.test(full[start])) break
    }
  }
  return null
}

function rebuild(tokens: string[][], readings: Reading[]): string[] {
  const replaced = new Map<number, string>()
  for (const r of readings) for (let q = r.from; q < r.to; q++) replaced.set(q, q === r.to - 1 ? r.text : '')
  let at = 0
  return tokens.map((t) => t.map((c) => replaced.get(at++) ?? c).join(''))
}
