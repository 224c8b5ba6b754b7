/**
 * A JSON scanner that records where each value sits in the text, as the model wrote it. It keeps what it
 * read when the text stops mid-way (like jsonRepair), and gives up (null) on text that is not JSON.
 */
export interface StringNode {
  kind: 'string'
  /** The opening quote. */
  start: number
  /** Just past the closing quote, or the end of the text when the string was cut off. */
  end: number
  closed: boolean
}
export interface ObjectNode {
  kind: 'object'
  start: number
  end: number | null
  entries: { key: string; value: JsonNode }[]
}
export interface ArrayNode {
  kind: 'array'
  start: number
  end: number | null
  items: JsonNode[]
  /** Where the list was continued or closed: the first character after `[` and after each item. */
  decisions: number[]
}
export interface LiteralNode {
  kind: 'literal'
  start: number
  end: number
}
export type JsonNode = StringNode | ObjectNode | ArrayNode | LiteralNode

const WS = new Set([' ', '\t', '\n', '\r'])
const LITERAL = /[\w.+-]+/y
class Truncated extends Error {}
class Malformed extends Error {}

/** Scans the value that starts at `from`; returns its node (partial when the text stops) or null if malformed. */
export function scanJson(text: string, from: number): JsonNode | null {
  let pos = from
  let root: JsonNode | null = null
  const skip = (): void => {
    while (pos < text.length && WS.has(text[pos])) pos++
    if (pos >= text.length) throw new Truncated()
  }
  const string = (node: StringNode): void => {
    for (pos++; pos < text.length; pos++) {
      if (text[pos] === '\\') pos++
      else if (text[pos] === '"') {
        node.end = ++pos
        node.closed = true
        return
      }
    }
    throw new Truncated()
  }
  const object = (node: ObjectNode): void => {
    skip()
    if (text[pos] === '}') return void (node.end = ++pos)
    for (;;) {
      skip()
      if (text[pos] !== '"') throw new Malformed()
      const keyNode: StringNode = { kind: 'string', start: pos, end: text.length, closed: false }
      string(keyNode)
      const key = JSON.parse(text.slice(keyNode.start, keyNode.end)) as string
      skip()
      if (text[pos++] !== ':') throw new Malformed()
      value((v) => node.entries.push({ key, value: v }))
      skip()
      const c = text[pos++]
      if (c === '}') return void (node.end = pos)
      if (c !== ',') throw new Malformed()
    }
  }
  const array = (node: ArrayNode): void => {
    skip()
    node.decisions.push(pos)
    if (text[pos] === ']') return void (node.end = ++pos)
    for (;;) {
      value((v) => node.items.push(v))
      skip()
      node.decisions.push(pos)
      const c = text[pos++]
      if (c === ']') return void (node.end = pos)
      if (c !== ',') throw new Malformed()
    }
  }
  // Nodes join their parent before their contents are read, so a cut-off text keeps its partial tree.
  const value = (place: (node: JsonNode) => void): void => {
    skip()
    const start = pos
    const c = text[pos]
    if (c === '{') {
      const node: ObjectNode = { kind: 'object', start, end: null, entries: [] }
      place(node)
      pos++
      object(node)
    } else if (c === '[') {
      const node: ArrayNode = { kind: 'array', start, end: null, items: [], decisions: [] }
      place(node)
      pos++
      array(node)
    } else if (c === '"') {
      const node: StringNode = { kind: 'string', start, end: text.length, closed: false }
      place(node)
      string(node)
    } else {
      LITERAL.lastIndex = pos
      const match = LITERAL.exec(text)
      if (!match) throw new Malformed()
      pos += match[0].length
      place({ kind: 'literal', start, end: pos })
    }
  }
  try {
    value((node) => (root = node))
  } catch (error) {
    if (error instanceof Malformed || error instanceof SyntaxError) return null
    if (!(error instanceof Truncated)) throw error
  }
  return root
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

/** A string's parsed value, and for each of its UTF-16 units the [start, end) of the raw text it came from. */
export interface DecodedString {
  value: string
  rawStarts: number[]
  rawEnds: number[]
}

/** Decodes a string node's escapes, keeping the offsets; a cut-off string decodes up to its last whole character. */
export function decodeString(text: string, node: StringNode): DecodedString | null {
  const stop = node.closed ? node.end - 1 : node.end
  const units: string[] = []
  const rawStarts: number[] = []
  const rawEnds: number[] = []
  for (let i = node.start + 1; i < stop;) {
    let unit = text[i]
    let width = 1
    if (unit === '\\') {
      const code = text[i + 1]
      if (code === 'u') {
        const hex = text.slice(i + 2, i + 6)
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return hex.length < 4 && !node.closed ? result() : null
        unit = String.fromCharCode(parseInt(hex, 16))
        width = 6
      } else if (code === undefined || i + 1 >= stop) {
        return node.closed ? null : result()
      } else if (code in ESCAPES) {
        unit = ESCAPES[code]
        width = 2
      } else return null
    }
    units.push(unit)
    rawStarts.push(i)
    rawEnds.push(i + width)
    i += width
  }
  return result()

  function result(): DecodedString {
    return { value: units.join(''), rawStarts, rawEnds }
  }
}
