// The CSV parser of clips.import never quotes a file's text in an error or warning: the file may be
// anything the caller names (/etc/shadow, /proc/self/environ), so only its name and the kind of problem.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { collectCsv } from '../../src/main/clips/csvSource'
import { ApiError } from '../../src/shared/errors'
import { scratch } from '../helpers/temp'

const newDir = scratch('skycap-csv-errors-')
const SECRET = 'S3CRET-marker-7f3a'

/** The error collectCsv throws for a file with this text, as the caller would see it. */
async function errorFor(text: string | Buffer): Promise<ApiError> {
  const file = path.join(newDir(), 'input.csv')
  fs.writeFileSync(file, text)
  const err = await collectCsv(file, () => true).then(
    () => null,
    (e: unknown) => e
  )
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`)
  return err
}

const leaks = (err: ApiError) => JSON.stringify({ message: err.message, details: err.details }).includes(SECRET)

describe('CSV import errors', () => {
  it('a file without a "path" column: the column count, not its header', async () => {
    for (const text of [
      `root:${SECRET}:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n`,
      `HOME=/root\0TOKEN=${SECRET}\0PATH=/usr/bin\0`,
      `${SECRET}\n`,
      Buffer.from([0xff, 0xfe, 0x00, ...Buffer.from(SECRET)])
    ]) {
      const err = await errorFor(text)
      expect(err.code).toBe('invalid_input')
      expect(err.message).toMatch(/^input\.csv has no "path" column \(it has \d+ columns?\)$/)
      expect(leaks(err)).toBe(false)
    }
  })

  it('malformed quoting: the line and the kind of problem, not the field', async () => {
    for (const [text, kind] of [
      [`path,x\na.mp4,${SECRET}"ab"\n`, 'a quote inside a field that does not start with one'],
      [`path,x\na.mp4,"${SECRET}"tail\n`, 'text right after a closing quote'],
      [`path,x\na.mp4,"${SECRET}\n`, 'a quoted field that is never closed'],
      [`path,x\na.mp4,${SECRET},extra\n`, 'a row with another number of fields than the header']
    ]) {
      const err = await errorFor(text)
      expect(err.code).toBe('invalid_input')
      expect(err.message).toMatch(new RegExp(`^Malformed CSV input\\.csv, line \\d+: ${kind}$`))
      expect(leaks(err)).toBe(false)
    }
  })

  it('a row whose clip is missing: its line and the paths looked at, not the cells as written', async () => {
    const dir = newDir()
    const file = path.join(dir, 'list.csv')
    fs.writeFileSync(file, `path,notes\nmissing.mp4,${SECRET}\n,${SECRET}\n`)
    // every clip path allowed: the roots' part is test/security/roots.test.ts
    const collected = await collectCsv(file, () => true)
    const [entry] = collected.entries
    expect(entry.missing).toBe(
      `File not found: ${path.join(dir, 'missing.mp4')} (list.csv line 2; also looked in ${path.join(path.dirname(dir), 'missing.mp4')})`
    )
    expect(collected.warnings).toEqual(['list.csv line 3: empty path, row skipped'])
  })

  it('a folder given as the CSV: its name and what to do instead', async () => {
    const dir = newDir()
    const folder = await collectCsv(dir, () => true).catch((e: ApiError) => e)
    expect(folder).toMatchObject({ code: 'invalid_input', message: `${path.basename(dir)} is a folder: import it as a folder, or give a CSV file` })
  })
})
