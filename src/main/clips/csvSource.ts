import fs from 'node:fs'
import path from 'node:path'
import { CsvError, parse } from 'csv-parse/sync'
import { z } from 'zod'
import { ApiError } from '../../shared/errors'
import { csvProblem } from './csvProblem'
import type { ClipAllowed, CollectedSource, ImportEntry } from './importSource'

const CAPTION_COLUMN = 'structural_caption'

const Records = z.array(z.object({ record: z.array(z.string()), info: z.object({ lines: z.number() }) }))

interface CsvRow {
  line: number
  cells: string[]
}

function readRows(file: string): CsvRow[] {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new ApiError('not_found', `CSV file not found: ${file}`)
    if (code === 'EISDIR') throw new ApiError('invalid_input', `${path.basename(file)} is a folder: import it as a folder, or give a CSV file`)
    throw new ApiError('io_error', `Could not read ${path.basename(file)} (${code ?? 'read error'})`)
  }
  try {
    // csv-parse's types do not model `info: true`, so check the shape instead of casting.
    const records: unknown = parse(text, { bom: true, info: true, skip_empty_lines: true })
    return Records.parse(records).map(({ record, info }) => ({ line: info.lines, cells: record }))
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? err.lines : undefined
      throw new ApiError('invalid_input', `Malformed CSV ${path.basename(file)}, ${csvProblem(err)}`, { file, line })
    }
    throw err
  }
}

/**
 * Relative paths: the CSV's own folder first; the SkyCaptioner-V1 seed writes them relative
 * to its `skycaptioner_v1/` folder, the CSV's parent's parent, so that is tried next. A path
 * found in neither place is resolved the way most of the file's other rows were. Places outside
 * the media roots are never looked at; a row with no place inside them is skipped.
 */
export async function collectCsv(csvPath: string, allowed: ClipAllowed): Promise<CollectedSource> {
  const file = path.resolve(csvPath)
  const rows = readRows(file)
  const name = path.basename(file)
  if (rows.length === 0) throw new ApiError('invalid_input', `${name} is empty: expected a header row with a "path" column`)

  const header = rows[0].cells.map((h) => h.trim())
  const pathIndex = header.findIndex((h) => h.toLowerCase() === 'path')
  if (pathIndex < 0) {
    // its header is not quoted back: the file may be anything (/etc/shadow, /proc/self/environ)
    throw new ApiError('invalid_input', `${name} has no "path" column (it has ${header.length} column${header.length === 1 ? '' : 's'})`)
  }
  const captionIndex = header.findIndex((h) => h.toLowerCase() === CAPTION_COLUMN)

  const csvDir = path.dirname(file)
  const seedDir = path.dirname(csvDir)
  const warnings: string[] = []
  const outsideLines: number[] = []
  const candidates = rows.slice(1).flatMap((row) => {
    const raw = (row.cells[pathIndex] ?? '').trim()
    if (!raw) {
      warnings.push(`${name} line ${row.line}: empty path, row skipped`)
      return []
    }
    const absolute = path.isAbsolute(raw)
    const own = path.resolve(csvDir, raw)
    const seed = absolute ? own : path.resolve(seedDir, raw)
    const ownOk = allowed(own)
    const seedOk = !absolute && allowed(seed)
    if (!ownOk && !seedOk) {
      outsideLines.push(row.line)
      return []
    }
    return [{ row, raw, own, seed, ownOk, seedOk, inOwn: ownOk && fs.existsSync(own), inSeed: seedOk && fs.existsSync(seed) }]
  })
  if (outsideLines.length > 0) {
    const shown = outsideLines.slice(0, 10).join(', ') + (outsideLines.length > 10 ? ', …' : '')
    warnings.push(`${outsideLines.length} row(s) of ${name} name a clip outside the media roots and were skipped (line ${shown})`)
  }

  const ownHits = candidates.filter((c) => c.inOwn).length
  const seedHits = candidates.filter((c) => !c.inOwn && c.inSeed).length
  const preferSeed = seedHits > ownHits

  // a place outside the roots is never the one chosen
  const usesSeed = (c: (typeof candidates)[number]) => (c.inOwn || !c.seedOk ? false : c.inSeed || preferSeed || !c.ownOk)

  const byPath = new Map<string, ImportEntry>()
  for (const c of candidates) {
    const useSeed = usesSeed(c)
    const resolved = useSeed ? c.seed : c.own
    const other = useSeed ? c.own : c.seed
    const lookedInOther = other !== resolved && (useSeed ? c.ownOk : c.seedOk)
    const missing = c.inOwn || c.inSeed ? null : `File not found: ${resolved} (${name} line ${c.row.line}${lookedInOther ? `; also looked in ${other}` : ''})`
    const extra: Record<string, string> = {}
    header.forEach((column, i) => {
      if (i !== pathIndex && i !== captionIndex && column) extra[column] = c.row.cells[i] ?? ''
    })
    const caption = captionIndex >= 0 ? (c.row.cells[captionIndex] ?? '').trim() : ''
    const entry = byPath.get(resolved)
    if (entry) {
      Object.assign(entry.extra, extra)
      entry.sources.push(c.raw)
      if (caption) entry.captions.push(caption)
    } else {
      byPath.set(resolved, { path: resolved, sources: [c.raw], extra, captions: caption ? [caption] : [], missing })
    }
  }

  const seedUsed = candidates.filter(usesSeed).length
  if (seedUsed > 0) {
    warnings.push(
      `${seedUsed} relative path(s) in ${name} were resolved against ${seedDir} (the CSV's parent's parent folder, as in the SkyCaptioner-V1 seed), not against the CSV's own folder`
    )
  }

  return {
    entries: [...byPath.values()],
    warnings,
    prelabelSource: { kind: 'imported', label: name, details: { csv: file } }
  }
}
