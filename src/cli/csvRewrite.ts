import fs from 'node:fs'
import { once } from 'node:events'
import { pipeline } from 'node:stream/promises'
import { CsvError, parse } from 'csv-parse'
import { stringify } from 'csv-stringify'
import { csvProblem } from '../main/clips/csvProblem'
import { neutralizeCell } from '../main/export/csvSafe'
import { CliError } from './client'

export interface CsvRewrite {
  input: string
  output: string
  /** The column to fill: its cells are replaced in place when the input has it, else it is added last. */
  column: string
  /** Prefix every cell a spreadsheet would run as a formula with '; off, the text is written as is. */
  spreadsheetSafe: boolean
  /** Rows worked on at once; the output keeps the input order all the same. */
  inFlight: number
  /** Sees the input header before any row is read, e.g. to refuse a CSV without a needed column. */
  checkHeader?(header: string[]): void
  /** The new cell of a row (0-based index), from the row's cells by column name. */
  value(row: Record<string, string>, index: number): Promise<string> | string
  /** More columns filled like `column`, after it: in place when the input has them, else added last in this order. */
  extraColumns?: string[]
  /** Their cells for a row, once `value` has given its own; one per extra column. */
  extraValues?(row: Record<string, string>, index: number): string[]
}

/**
 * Copies a CSV row by row as the original scripts do with pandas (read the file, set one column,
 * write it back): every input column and row in order, `column` filled in. Memory stays bounded
 * by `inFlight`; the output is written to OUT.partial and renamed once complete.
 */
export async function rewriteCsv(o: CsvRewrite): Promise<number> {
  const partial = `${o.output}.partial`
  const source = fs.createReadStream(o.input)
  const records = source.pipe(parse({ bom: true, skip_empty_lines: true }))
  source.on('error', (err) => records.destroy(err)) // pipe() does not pass read errors on
  const out = stringify()
  // pipeline, not pipe: a failed run tears both streams down without a stray 'error' event
  const written = pipeline(out, fs.createWriteStream(partial))
  written.catch(() => undefined) // awaited below
  const cell = o.spreadsheetSafe ? neutralizeCell : (v: string) => v
  const write = async (cells: string[]) => {
    if (!out.write(cells.map(cell))) await once(out, 'drain')
  }
  let header: string[] | null = null
  let at: number[] = []
  let rows = 0
  const fill = async (cells: string[], index: number): Promise<string[]> => {
    const row: Record<string, string> = {}
    header!.forEach((name, i) => {
      if (!(name in row)) row[name] = cells[i] ?? '' // a repeated column name: the first one counts
    })
    const filled = [...cells]
    const values = [await o.value(row, index), ...(o.extraValues?.(row, index) ?? [])]
    at.forEach((column, i) => (filled[column] = values[i] ?? ''))
    return filled
  }
  try {
    const window: Promise<string[]>[] = []
    for await (const cells of records as AsyncIterable<string[]>) {
      if (!header) {
        o.checkHeader?.(cells)
        header = cells
        const columns = [o.column, ...(o.extraColumns ?? [])]
        const added = columns.filter((c) => !cells.includes(c))
        at = columns.map((c) => (cells.includes(c) ? cells.indexOf(c) : cells.length + added.indexOf(c)))
        await write([...cells, ...added])
        continue
      }
      const pending = fill(cells, rows++)
      pending.catch(() => {}) // awaited in order below; a row that fails early must not count as unhandled
      window.push(pending)
      if (window.length >= o.inFlight) await write(await window.shift()!)
    }
    if (!header) throw new CliError(`${o.input} is empty: expected a header row`)
    while (window.length) await write(await window.shift()!)
    out.end()
    await written
    fs.renameSync(partial, o.output)
    return rows
  } catch (err) {
    out.destroy()
    await written.catch(() => undefined) // closed before the partial file is removed
    fs.rmSync(partial, { force: true })
    if (err instanceof CsvError) throw new CliError(`Malformed CSV ${o.input}, ${csvProblem(err)}`)
    throw err
  }
}
