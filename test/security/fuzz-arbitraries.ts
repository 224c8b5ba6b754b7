// fast-check arbitraries built from a route's zod schema (through z.toJSONSchema, whose output
// is a stable, documented shape), plus the hostile values and mutations an attacker would send.
// No maintained zod-v4 bridge exists (zod-fast-check needs zod 3 and fast-check 3), hence this walker.
import fc from 'fast-check'
import { z } from 'zod'

/** The part of JSON Schema that z.toJSONSchema emits for the contract's inputs. */
export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  minItems?: number
  maxItems?: number
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
}

/** What the hostile values point at: files and servers the fuzz world set up. */
export interface Targets {
  /** Server paths: outside the roots, inside them, symlinks out, traversal, special files. */
  paths: string[]
  /** Endpoint URLs: closed local ports, a local listener, link-local and cloud metadata addresses. */
  urls: string[]
}

/** Stands for a JSON number that JSON.parse turns into Infinity (sent as 1e999). */
const INFINITY = 'FUZZ:Infinity'
const NEG_INFINITY = 'FUZZ:-Infinity'
/** Stands for a value nested that many levels deep (sent as JSON text). */
const DEEP = 'FUZZ:deep:'

export function schemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema
}

/** Strings that mean something to a file system, a URL parser, SQLite or a terminal. */
function hostileStrings(targets: Targets): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...targets.paths, ...targets.urls),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '..',
      '../',
      '%2e%2e%2f',
      '\\..\\..\\x',
      'C:\\Windows\\win.ini',
      '\u202e',
      '\ud800',
      "'; DROP TABLE clips; --",
      '=cmd|x!A1',
      '\r\n'
    ),
    // huge: near the body cap once several are nested, never past it
    fc.constantFrom('x'.repeat(70_000), `${targets.paths[0]}${'/'.repeat(20_000)}`, 'a/../'.repeat(5_000), 'a/'.repeat(20_000)),
    fc.string({ unit: 'binary', maxLength: 40 })
  )
}

function hostileNumbers(): fc.Arbitrary<unknown> {
  return fc.constantFrom(-1, 0, -0, 0.5, -(2 ** 31), 2 ** 31, 2 ** 53, 2 ** 64, Number.MAX_VALUE, 1e-320, INFINITY, NEG_INFINITY, 'NaN', '1', '0x10')
}

/** Any JSON value, shallow or deep, of any type: what a wrong-typed field gets. */
function anyJson(targets: Targets): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(null, true, false, [], {}, { __proto__: { polluted: true } }, JSON.parse('{"__proto__":{"polluted":true}}')),
    hostileNumbers(),
    hostileStrings(targets),
    // kept as a marker: a real 5,000-level value would overflow the fuzz's own recursion
    fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.constant(400_000)).map((n) => `${DEEP}${n}`),
    fc.jsonValue({ maxDepth: 3 })
  )
}

/** [[[…]]] or {"a":{"a":…}}, n levels, as JSON text: what a depth limit is for. */
function deeplyNested(n: number): string {
  return '{"a":['.repeat(n >> 1) + '"deep"' + ']}'.repeat(n >> 1)
}

function numberArb(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : Number.EPSILON) : undefined)
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : Number.EPSILON) : undefined)
  if (integer) {
    const lo = Math.max(min ?? -1e6, Number.MIN_SAFE_INTEGER)
    const hi = Math.min(max ?? 1e6, Number.MAX_SAFE_INTEGER)
    // small ids hit the clips and jobs that exist; the bounds are where off-by-ones live
    const small = fc.integer({ min: Math.max(lo, -3), max: Math.max(Math.min(hi, 5), lo) })
    return fc.oneof(lo <= 5 ? small : fc.constant(lo), fc.integer({ min: lo, max: hi }), fc.constantFrom(lo, hi))
  }
  return fc.double({ min: min ?? -1e9, max: max ?? 1e9, noNaN: true, noDefaultInfinity: true })
}

function stringArb(s: JsonSchema, targets: Targets): fc.Arbitrary<string> {
  if (s.format === 'uri') return fc.constantFrom(...targets.urls)
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? Infinity))
  const min = s.minLength ?? 0
  const max = Math.min(s.maxLength ?? 40, 200)
  const plain = fc.string({ minLength: min, maxLength: max })
  // a path field is valid with any of the targets; other text fields with any short string
  const fits = [...targets.paths, ...targets.urls].filter((t) => t.length >= min && t.length <= (s.maxLength ?? Infinity))
  return fits.length ? fc.oneof(plain, fc.constantFrom(...fits)) : plain
}

/** Values that the schema accepts (refinements aside: z.toJSONSchema cannot express them). */
function validArb(s: JsonSchema, targets: Targets): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const)
  if (s.enum) return fc.constantFrom(...s.enum)
  const union = s.anyOf ?? s.oneOf
  if (union) return fc.oneof(...union.map((u) => validArb(u, targets)))
  const type = Array.isArray(s.type) ? s.type[0] : s.type
  switch (type) {
    case 'object':
      return objectArb(s, targets)
    case 'array':
      return fc.array(validArb(s.items ?? {}, targets), { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, 4)) })
    case 'string':
      return stringArb(s, targets)
    case 'integer':
      return numberArb(s, true)
    case 'number':
      return numberArb(s, false)
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    default:
      return anyJson(targets)
  }
}

function objectArb(s: JsonSchema, targets: Targets): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties ?? {}
  const keys = Object.keys(props)
  if (keys.length === 0) return fc.constant({})
  const shape = Object.fromEntries(keys.map((k) => [k, validArb(props[k], targets)]))
  return fc.record(shape, { requiredKeys: (s.required ?? []).filter((k) => k in props) }) as fc.Arbitrary<Record<string, unknown>>
}

type Path = (string | number)[]

/** Every place in a value where a mutation can go: the value itself, each key and each item. */
function placesIn(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at)
  if (Array.isArray(value)) value.forEach((v, i) => placesIn(v, [...at, i], out))
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) placesIn(v, [...at, k], out)
  return out
}

function replaceAt(value: unknown, at: Path, next: (old: unknown) => unknown): unknown {
  if (at.length === 0) return next(value)
  const [head, ...rest] = at
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>
  copy[head] = replaceAt(copy[head], rest, next)
  return copy
}

type Mutation = { kind: 'wrongType'; value: unknown } | { kind: 'dropKey' } | { kind: 'extraKey'; key: string; value: unknown }

function mutationArb(targets: Targets): fc.Arbitrary<Mutation> {
  return fc.oneof(
    anyJson(targets).map((value) => ({ kind: 'wrongType' as const, value })),
    fc.constant({ kind: 'dropKey' as const }),
    fc
      .tuple(fc.constantFrom('__proto__', 'constructor', 'project', 'path', 'extra', 'toString', ''), anyJson(targets))
      .map(([key, value]) => ({ kind: 'extraKey' as const, key, value }))
  )
}

function mutate(value: unknown, at: Path, m: Mutation): unknown {
  if (m.kind === 'wrongType') return replaceAt(value, at, () => m.value)
  if (m.kind === 'dropKey') {
    if (at.length === 0) return undefined
    const parent = at.slice(0, -1)
    const key = at[at.length - 1]
    return replaceAt(value, parent, (p) =>
      Array.isArray(p) ? p.filter((_, i) => i !== key) : Object.fromEntries(Object.entries(p as object).filter(([k]) => k !== key))
    )
  }
  return replaceAt(value, at, (old) => (old && typeof old === 'object' && !Array.isArray(old) ? { ...old, [m.key]: m.value } : old))
}

/** A valid value, a valid value with 1–3 mutations at random places, or any JSON at all. */
export function inputArb(schema: JsonSchema, targets: Targets): fc.Arbitrary<{ valid: boolean; input: unknown }> {
  const valid = validArb(schema, targets)
  const mutated = fc.tuple(valid, fc.array(fc.tuple(fc.nat(), mutationArb(targets)), { minLength: 1, maxLength: 3 })).map(([value, mutations]) =>
    mutations.reduce((v, [pick, m]) => {
      const places = placesIn(v)
      return mutate(v, places[pick % places.length], m)
    }, value)
  )
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((input) => ({ valid: true, input })) },
    { weight: 5, arbitrary: mutated.map((input) => ({ valid: false, input })) },
    { weight: 1, arbitrary: anyJson(targets).map((input) => ({ valid: false, input })) }
  )
}

/** JSON text of a value, with the markers above written out as the JSON they stand for. */
export function toJsonText(value: unknown): string {
  return (JSON.stringify(value ?? null) ?? 'null')
    .replaceAll(`"${INFINITY}"`, '1e999')
    .replaceAll(`"${NEG_INFINITY}"`, '-1e999')
    .replace(new RegExp(`"${DEEP}(\\d+)"`, 'g'), (_, n: string) => deeplyNested(Number(n)))
}
