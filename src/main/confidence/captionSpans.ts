import { ENUM_FIELDS, SUBJECT_TEXT_FIELDS, TEXT_FIELDS, type EnumField, type StructuralCaption } from '../../shared/caption'
import { normaliseOption } from '../../shared/parseCaption'
import { decodeString, scanJson, type ArrayNode, type DecodedString, type JsonNode, type ObjectNode, type StringNode } from './jsonSpans'

/** One caption value found in the text: its JSON path, its string node, and its parsed text. */
export interface ValueSpan {
  path: string
  kind: 'enum' | 'types' | 'text'
  node: StringNode
  decoded: DecodedString
  /** The enum field it belongs to (enum only). */
  field?: EnumField
}

export interface CaptionSpans {
  values: ValueSpan[]
  /** The subjects list, when the model closed it and every item is an object the caption kept. */
  subjects: ArrayNode | null
}

/** The first `{` that scans as an object: the same object extractJson settles on for real output. */
function rootObject(text: string): ObjectNode | null {
  for (let from = text.indexOf('{'); from >= 0; from = text.indexOf('{', from + 1)) {
    const node = scanJson(text, from)
    if (node?.kind === 'object') return node
  }
  return null
}

/** Like parseCaption's key lookup: the exact key, else one that differs only in case; the last one wins, as in JSON.parse. */
function lookup(obj: ObjectNode, key: string): JsonNode | undefined {
  const exact = obj.entries.filter((e) => e.key === key)
  const found = exact.length ? exact : obj.entries.filter((e) => e.key.toLowerCase() === key.toLowerCase())
  return found[found.length - 1]?.value
}

/**
 * The caption's string values with their spans in the text. A value is kept only when its parsed text is
 * what parseCaption put in the caption, so a score never lands on a value the caption does not show.
 */
export function captionSpans(text: string, caption: StructuralCaption): CaptionSpans | null {
  const root = rootObject(text)
  if (!root) return null
  const values: ValueSpan[] = []
  const add = (node: JsonNode | undefined, path: string, kind: ValueSpan['kind'], expected: string, field?: EnumField): void => {
    if (node?.kind !== 'string') return
    const decoded = decodeString(text, node)
    if (!decoded) return
    const shown = field ? enumValue(field, decoded.value) : decoded.value
    if (shown === expected) values.push({ path, kind, node, decoded, ...(field ? { field } : {}) })
  }
  const list = lookup(root, 'subjects')
  const objects = list?.kind === 'array' ? list.items.filter((item): item is ObjectNode => item.kind === 'object') : []
  objects.forEach((subject, i) => {
    const kept = caption.subjects[i]
    if (!kept) return
    const types = lookup(subject, 'TYPES')
    if (types?.kind === 'object') {
      add(lookup(types, 'type'), `subjects[${i}].TYPES.type`, 'types', kept.TYPES.type)
      add(lookup(types, 'sub_type'), `subjects[${i}].TYPES.sub_type`, 'types', kept.TYPES.sub_type)
    }
    for (const f of SUBJECT_TEXT_FIELDS) add(lookup(subject, f), `subjects[${i}].${f}`, 'text', kept[f])
  })
  for (const field of Object.keys(ENUM_FIELDS) as EnumField[]) add(lookup(root, field), field, 'enum', caption[field], field)
  for (const f of TEXT_FIELDS) add(lookup(root, f), f, 'text', caption[f])
  const whole = list?.kind === 'array' && list.end !== null && objects.length === list.items.length && objects.length === caption.subjects.length
  return { values, subjects: whole ? list : null }
}

function enumValue(field: EnumField, value: string): string {
  const normalised = normaliseOption(value)
  return (ENUM_FIELDS[field] as readonly string[]).includes(normalised) ? normalised : 'other'
}
