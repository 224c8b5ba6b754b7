// Merging an old settings.json into the current one, and pointing its paths at where the files went.
type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

const WINDOWS_PATH = /^[A-Za-z]:\\/

/** Windows paths (C:\...) name the same file whatever their case. */
const same = (a: string, b: string) => (WINDOWS_PATH.test(b) ? a.toLowerCase() === b.toLowerCase() : a === b)

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The current value wins; what only the old file has is added; lists are joined without repeats. */
export function mergeSettings(current: Json, old: Json): Json {
  if (Array.isArray(current) && Array.isArray(old)) {
    const seen = new Set(current.map((v) => JSON.stringify(v)))
    return [...current, ...old.filter((v) => !seen.has(JSON.stringify(v)))]
  }
  if (!isObject(current) || !isObject(old)) return current
  const merged: Record<string, Json> = { ...current }
  for (const [key, value] of Object.entries(old)) merged[key] = key in current ? mergeSettings(current[key], value) : value
  return merged
}

/** Old path to new: a file whose move was logged, else the folder it was under. */
export interface PathMap {
  files: Map<string, string>
  folders: { from: string; to: string }[]
}

/**
 * Every string and key that is a path at an old place, rewritten to its new place. `stillThere`
 * keeps a path whose file has not moved yet (a project in use), so it is rewritten only once
 * the file has gone.
 */
export function rewritePaths(value: Json, map: PathMap, stillThere: (p: string) => boolean): Json {
  const moved = (s: string): string => {
    const exact = map.files.get(s)
    if (exact) return exact
    for (const { from, to } of map.folders) {
      if (same(s, from)) return to
      for (const sep of ['/', '\\']) if (same(s.slice(0, from.length + 1), from + sep)) return to + s.slice(from.length)
    }
    return s
  }
  const one = (s: string): string => {
    const to = moved(s)
    return to !== s && stillThere(s) ? s : to
  }
  if (typeof value === 'string') return one(value)
  if (Array.isArray(value)) return value.map((v) => rewritePaths(v, map, stillThere))
  if (!isObject(value)) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [one(k), rewritePaths(v, map, stillThere)]))
}

export type { Json }
