// Spreadsheet-safe CSV: every way a cell can reach a formula sign after what a spreadsheet trims.
import { describe, expect, it } from 'vitest'
import { neutralizeCell } from '../../src/main/export/csvSafe'

const LEADING = [' ', '  ', '\n', '\r\n', '\t', '\v', '\f', '\u00a0', '\u2007', '\u3000', '\u2028', '\ufeff', '\u200b', '\u0000', '\u001b', '\u0085']

describe('neutralizeCell', () => {
  it('prefixes = + - @ after any run of leading whitespace, control or invisible format characters', () => {
    for (const lead of LEADING) {
      for (const sign of ['=', '+', '-', '@']) {
        const cell = `${lead}${sign}HYPERLINK("http://evil.example")`
        expect(neutralizeCell(cell), JSON.stringify(cell)).toBe(`'${cell}`)
      }
    }
    expect(neutralizeCell(' \u00a0\n\t=1')).toBe("' \u00a0\n\t=1")
  })

  it('leaves text alone when no formula sign follows the leading blanks', () => {
    for (const cell of ['\u00a0A woman', '\u3000text', '\ufeffpath,x', '\u200b', 'a\u00a0=1', 'x\n=1', '1-2', "'=1"]) {
      expect(neutralizeCell(cell), JSON.stringify(cell)).toBe(cell)
    }
  })
})
