import {
  ENUM_FIELDS,
  SUBJECT_TEXT_FIELDS,
  TEXT_FIELDS,
  emptyCaption,
  type CaptionProblem,
  type EnumField,
  type StructuralCaption,
  type Subject
} from './caption'
import { extractJson } from './jsonRepair'

export interface ParsedCaption {
  caption: StructuralCaption
  problems: CaptionProblem[]
}

type Problems = CaptionProblem[]
type Dict = Record<string, unknown>

const ALIASES: Record<string, string> = {
  closeup: 'close_up',
  extreme_closeup: 'extreme_close_up',
  pov: 'point_of_view',
  over_shoulder: 'over_the_shoulder',
  eyelevel: 'eye_level'
}

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v)

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text === undefined ? String(value) : text.slice(0, 200)
}

/** Case-insensitive key lookup: models sometimes change the case of keys. */
function pick(obj: Dict, key: string, used: Set<string>): unknown {
  if (key in obj) {
    used.add(key)
    return obj[key]
  }
  const found = Object.keys(obj).find((k) => k.toLowerCase() === key.toLowerCase())
  if (found === undefined) return undefined
  used.add(found)
  return obj[found]
}

function reportExtras(obj: Dict, used: Set<string>, prefix: string, problems: Problems): void {
  for (const key of Object.keys(obj)) {
    if (used.has(key)) continue
    problems.push({
      path: prefix + key,
      kind: 'extra_key',
      message: `Unexpected field "${key}" was ignored`,
      original: preview(obj[key])
    })
  }
}

function text(value: unknown, path: string, problems: Problems): string {
  if (typeof value === 'string') return value
  if (value === undefined || value === null) {
    problems.push({ path, kind: 'missing', message: `Missing field "${path}"` })
    return ''
  }
  const asText = Array.isArray(value) ? value.map(String).join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value)
  problems.push({ path, kind: 'wrong_type', message: `"${path}" should be text`, original: preview(value) })
  return asText
}

export function normaliseOption(value: string): string {
  const key = value
    .trim()
    .toLowerCase()
    .replace(/[\s\-/]+/g, '_')
  return ALIASES[key] ?? key
}

function option<F extends EnumField>(field: F, value: unknown, problems: Problems): StructuralCaption[F] {
  const options: readonly string[] = ENUM_FIELDS[field]
  if (value === undefined || value === null) {
    problems.push({ path: field, kind: 'missing', message: `Missing field "${field}"` })
    return 'other' as StructuralCaption[F]
  }
  const normalised = normaliseOption(String(value))
  if (options.includes(normalised)) return normalised as StructuralCaption[F]
  problems.push({
    path: field,
    kind: 'out_of_options',
    message: `"${preview(value)}" is not one of the ${field} options; kept as "other"`,
    original: String(value)
  })
  return 'other' as StructuralCaption[F]
}

function bool(value: unknown, path: string, problems: Problems): boolean {
  if (typeof value === 'boolean') return value
  if (value === undefined || value === null) {
    problems.push({ path, kind: 'missing', message: `Missing field "${path}"` })
    return false
  }
  const asText = String(value).trim().toLowerCase()
  problems.push({ path, kind: 'wrong_type', message: `"${path}" should be true or false`, original: preview(value) })
  return asText === 'true' || asText === '1' || asText === 'yes'
}

function types(value: unknown, path: string, problems: Problems): Subject['TYPES'] {
  if (typeof value === 'string') {
    // "Human/Woman" written as one string
    problems.push({ path, kind: 'wrong_type', message: `"${path}" should be {type, sub_type}`, original: value })
    const [type = '', ...rest] = value.split('/')
    return { type: type.trim(), sub_type: rest.join('/').trim() }
  }
  if (!isDict(value)) {
    if (value === undefined || value === null) problems.push({ path, kind: 'missing', message: `Missing field "${path}"` })
    else problems.push({ path, kind: 'wrong_type', message: `"${path}" should be {type, sub_type}`, original: preview(value) })
    return { type: '', sub_type: '' }
  }
  const used = new Set<string>()
  const result = {
    type: text(pick(value, 'type', used), `${path}.type`, problems),
    sub_type: text(pick(value, 'sub_type', used), `${path}.sub_type`, problems)
  }
  reportExtras(value, used, `${path}.`, problems)
  return result
}

function subject(value: Dict, path: string, problems: Problems): Subject {
  const used = new Set<string>()
  const fields = Object.fromEntries(SUBJECT_TEXT_FIELDS.map((f) => [f, text(pick(value, f, used), `${path}.${f}`, problems)])) as Pick<
    Subject,
    (typeof SUBJECT_TEXT_FIELDS)[number]
  >
  const result: Subject = {
    ...fields,
    TYPES: types(pick(value, 'TYPES', used), `${path}.TYPES`, problems),
    is_main_subject: bool(pick(value, 'is_main_subject', used), `${path}.is_main_subject`, problems)
  }
  reportExtras(value, used, `${path}.`, problems)
  return result
}

function subjects(value: unknown, problems: Problems): Subject[] {
  if (value === undefined || value === null) {
    problems.push({ path: 'subjects', kind: 'missing', message: 'Missing field "subjects"' })
    return []
  }
  const list = Array.isArray(value) ? value : [value]
  if (!Array.isArray(value)) {
    problems.push({ path: 'subjects', kind: 'wrong_type', message: '"subjects" should be a list', original: preview(value) })
  }
  const result: Subject[] = []
  list.forEach((item, i) => {
    const path = `subjects[${i}]`
    if (isDict(item)) result.push(subject(item, path, problems))
    else problems.push({ path, kind: 'wrong_type', message: `${path} is not an object; dropped`, original: preview(item) })
  })
  return result
}

/** Turns any model text into a schema-valid caption plus a list of what did not fit. Never throws. */
export function parseCaption(raw: string): ParsedCaption {
  const problems: Problems = []
  const extracted = typeof raw === 'string' && raw.trim() !== '' ? extractJson(raw) : null
  if (!extracted) {
    const message = typeof raw === 'string' && raw.trim() !== '' ? 'Output contains no JSON object' : 'Output is empty'
    return {
      caption: emptyCaption(),
      problems: [{ path: '', kind: 'not_json', message, original: typeof raw === 'string' ? raw.slice(0, 200) : undefined }]
    }
  }
  if (extracted.truncated) {
    problems.push({ path: '', kind: 'truncated', message: 'Output stopped mid-way; kept what was complete' })
  }
  let root = extracted.value
  if (Array.isArray(root) && isDict(root[0])) {
    problems.push({ path: '', kind: 'wrong_type', message: 'Output is a list; used its first object' })
    root = root[0]
  }
  if (!isDict(root)) {
    problems.push({ path: '', kind: 'wrong_type', message: 'Output is not a JSON object', original: preview(root) })
    return { caption: emptyCaption(), problems }
  }
  const used = new Set<string>()
  const caption: StructuralCaption = {
    subjects: subjects(pick(root, 'subjects', used), problems),
    shot_type: option('shot_type', pick(root, 'shot_type', used), problems),
    shot_angle: option('shot_angle', pick(root, 'shot_angle', used), problems),
    shot_position: option('shot_position', pick(root, 'shot_position', used), problems),
    ...(Object.fromEntries(TEXT_FIELDS.map((f) => [f, text(pick(root as Dict, f, used), f, problems)])) as Pick<
      StructuralCaption,
      (typeof TEXT_FIELDS)[number]
    >)
  }
  reportExtras(root, used, '', problems)
  return { caption, problems }
}
