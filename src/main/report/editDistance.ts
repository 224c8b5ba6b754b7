/**
 * Levenshtein distance over UTF-16 units divided by the longer length: 0 unchanged, 1 nothing kept.
 * Reviewers usually change a few words, so the shared start and end are cut off first and the
 * quadratic part only runs on the edited middle.
 */
export function normalizedEditDistance(a: string, b: string): number {
  if (a === b) return 0
  const longest = Math.max(a.length, b.length)
  let start = 0
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--
    endB--
  }
  return levenshtein(a.slice(start, endA), b.slice(start, endB)) / longest
}

function levenshtein(a: string, b: string): number {
  if (a.length === 0) return b.length
  if (b.length === 0) return a.length
  if (a.length < b.length) [a, b] = [b, a]
  // one row of the table, over the shorter string
  const row = new Uint32Array(b.length + 1)
  for (let j = 0; j <= b.length; j++) row[j] = j
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]
    row[0] = i
    const ca = a.charCodeAt(i - 1)
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1
      row[j] = Math.min(above + 1, row[j - 1] + 1, diagonal + cost)
      diagonal = above
    }
  }
  return row[b.length]
}
