// Spreadsheets run a cell starting with = + - @ as a formula (CSV injection), and OWASP adds
// cells starting with tab or CR. Some spreadsheets trim leading whitespace on import, so " =1" or
// "\n@x" can run too. A leading apostrophe makes them show the text instead.
// Only for CSV opened in a spreadsheet: it changes the text, so training files are left alone.
const FORMULA_START = /^(?:[\t\r]|[ \t\r\n]*[=+\-@])/

export function needsNeutralizing(value: string): boolean {
  return FORMULA_START.test(value)
}

export function neutralizeCell(value: string): string {
  return needsNeutralizing(value) ? `'${value}` : value
}
