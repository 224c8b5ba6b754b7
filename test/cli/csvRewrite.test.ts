// The CLI's CSV rewrite (skycap caption / fuse) names the input and the kind of problem of a
// malformed CSV, never its text, and leaves no output behind.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CliError } from '../../src/cli/client'
import { rewriteCsv } from '../../src/cli/csvRewrite'
import { scratch } from '../helpers/temp'

const newDir = scratch('skycap-csv-rewrite-')
const SECRET = 'S3CRET-marker-91c2'

async function rewrite(text: string): Promise<{ result: number | CliError; output: string }> {
  const dir = newDir()
  const input = path.join(dir, 'in.csv')
  const output = path.join(dir, 'out.csv')
  fs.writeFileSync(input, text)
  const result = await rewriteCsv({ input, output, column: 'structural_caption', spreadsheetSafe: false, inFlight: 2, value: () => '{}' }).catch(
    (err: CliError) => err
  )
  return { result, output }
}

describe('rewriteCsv', () => {
  it('a malformed CSV: the line and the kind of problem, not the field; no output file', async () => {
    for (const [text, kind] of [
      [`path\na.mp4\nb"${SECRET}"\n`, 'a quote inside a field that does not start with one'],
      [`path\n"${SECRET}\n`, 'a quoted field that is never closed']
    ]) {
      const { result, output } = await rewrite(text)
      expect(result).toBeInstanceOf(CliError)
      const message = (result as CliError).message
      expect(message).toMatch(new RegExp(`^Malformed CSV .*in\\.csv, line \\d+: ${kind}$`))
      expect(message).not.toContain(SECRET)
      expect(fs.readdirSync(path.dirname(output))).toEqual(['in.csv'])
    }
  })

  it('a well-formed CSV is rewritten with the column filled (the control)', async () => {
    const { result, output } = await rewrite(`path,notes\na.mp4,${SECRET}\n`)
    expect(result).toBe(1)
    expect(fs.readFileSync(output, 'utf8')).toBe(`path,notes,structural_caption\na.mp4,${SECRET},{}\n`)
  })
})
