/** One run of a word-level diff: text both sides share, or text only one side has. */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed'
  text: string
}

// Beyond this many token pairs the LCS table gets slow to build on every keystroke: show a replace.
const MAX_CELLS = 400_000

/** Words and the whitespace between them, so joining the tokens gives the text back exactly. */
export function tokenize(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? []
}

/**
 * Word-level diff of `before` → `after` by longest common subsequence over tokens. Adjacent runs of
 * the same kind are merged, and removals come before additions where both happen at one place.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokenize(before)
  const b = tokenize(after)
  if (a.length * b.length > MAX_CELLS) return merge([...a.map((text) => part('removed', text)), ...b.map((text) => part('added', text))])
  // lcs[i][j]: length of the LCS of a[i..] and b[j..], filled from the end.
  const width = b.length + 1
  const lcs = new Uint32Array((a.length + 1) * width)
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1])
    }
  }
  const parts: DiffPart[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      parts.push(part('same', a[i++]))
      j++
    } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) parts.push(part('removed', a[i++]))
    else parts.push(part('added', b[j++]))
  }
  while (i < a.length) parts.push(part('removed', a[i++]))
  while (j < b.length) parts.push(part('added', b[j++]))
  return merge(parts)
}

function part(kind: DiffPart['kind'], text: string): DiffPart {
  return { kind, text }
}

/**
 * Joins runs of one kind. A lone space between two changes is folded into both sides, so
 * "a b" → "c d" reads as one replacement instead of four fragments around a shared space.
 */
function merge(parts: DiffPart[]): DiffPart[] {
  const folded: DiffPart[] = []
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]
    const changedAround = k > 0 && k < parts.length - 1 && parts[k - 1].kind !== 'same' && parts[k + 1].kind !== 'same'
    if (p.kind === 'same' && /^\s+$/.test(p.text) && changedAround) folded.push(part('removed', p.text), part('added', p.text))
    else folded.push(p)
  }
  // Order each changed stretch as all removals, then all additions.
  const out: DiffPart[] = []
  let removed = ''
  let added = ''
  const flush = (): void => {
    if (removed) out.push(part('removed', removed))
    if (added) out.push(part('added', added))
    removed = added = ''
  }
  for (const p of folded) {
    if (p.kind === 'removed') removed += p.text
    else if (p.kind === 'added') added += p.text
    else {
      flush()
      const last = out[out.length - 1]
      if (last?.kind === 'same') last.text += p.text
      else out.push({ ...p })
    }
  }
  flush()
  return out
}

/** True when the texts differ in more than whitespace at the ends. */
export function textChanged(before: string, after: string): boolean {
  return before.trim() !== after.trim()
}
