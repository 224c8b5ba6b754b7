/**
 * Finds the JSON object inside model text (code fences, prose around it) and, when the text
 * stops mid-way, closes it at the last complete value so what the model did say is kept.
 */
export interface ExtractedJson {
  value: unknown
  truncated: boolean
}

const LITERAL_CHAR = /[\w.+-]/
const LITERAL = /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/
const CLOSER: Record<string, string> = { '{': '}', '[': ']' }

function closers(stack: string[]): string {
  return stack
    .slice()
    .reverse()
    .map((c) => CLOSER[c])
    .join('')
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

/** Scans from the first `{`; returns the balanced object text or a repaired prefix. */
function scanObject(text: string): { json: string; truncated: boolean } | null {
  const start = text.indexOf('{')
  if (start < 0) return null
  const stack: string[] = []
  let inString = false
  let escaped = false
  let stringIsValue = false
  let afterColon = false
  let safeEnd = -1
  let safeStack: string[] = []
  let literalStart = start
  const mark = (end: number) => {
    safeEnd = end
    safeStack = stack.slice()
  }
  for (let i = start; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (escaped) escaped = false
      else if (c === '\\') escaped = true
      else if (c === '"') {
        inString = false
        if (stringIsValue) mark(i + 1)
      }
      continue
    }
    if (c === '"') {
      inString = true
      stringIsValue = stack[stack.length - 1] === '[' || afterColon
      afterColon = false
    } else if (c === '{' || c === '[') {
      stack.push(c)
      afterColon = false
      mark(i + 1)
    } else if (c === '}' || c === ']') {
      stack.pop()
      if (stack.length === 0) return { json: text.slice(start, i + 1), truncated: false }
      mark(i + 1)
    } else if (c === ':') {
      afterColon = true
    } else if (c === ',') {
      afterColon = false
    } else if (LITERAL_CHAR.test(c)) {
      if (!LITERAL_CHAR.test(text[i - 1] ?? ' ')) literalStart = i
      // a complete bare literal (number, true, false, null) is a safe place to cut
      if (!LITERAL_CHAR.test(text[i + 1] ?? ' ') && LITERAL.test(text.slice(literalStart, i + 1))) {
        afterColon = false
        mark(i + 1)
      }
    }
  }
  if (inString && stringIsValue) {
    const closed = text.slice(start) + '"' + closers(stack)
    if (tryParse(closed).ok) return { json: closed, truncated: true }
  }
  if (safeEnd < 0) return null
  const cut = text.slice(start, safeEnd).replace(/[,:\s]+$/, '')
  return { json: cut + closers(safeStack), truncated: true }
}

export function extractJson(text: string): ExtractedJson | null {
  const whole = tryParse(text.trim())
  if (whole.ok && typeof whole.value === 'object' && whole.value !== null) {
    return { value: whole.value, truncated: false }
  }
  // Try each `{` in turn: prose before the JSON may itself contain braces.
  let from = text.indexOf('{')
  while (from >= 0) {
    const scanned = scanObject(text.slice(from))
    if (scanned) {
      const parsed = tryParse(scanned.json)
      if (parsed.ok) return { value: parsed.value, truncated: scanned.truncated }
    }
    from = text.indexOf('{', from + 1)
  }
  return null
}
