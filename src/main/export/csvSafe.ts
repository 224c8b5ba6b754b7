// Spreadsheets run a cell starting with = + - @ as a formula (CSV injection), and OWASP adds
// cells starting with tab or CR. Spreadsheets trim leading whitespace on import, some of them
// also no-break and ideographic spaces, control and invisible format characters (zero-width
// space, BOM), so " =1", "\n@x" or "\u00a0=1" can run too. A leading apostrophe shows the text.
// Only for CSV opened in a spreadsheet: it changes the text, so training files are left alone.
const FORMULA_START = /^(?:[\t\r]|[\s\p{Cc}\p{Cf}]*[=+\-@])/u

export function needsNeutralizing(value: string): boolean {
  return FORMULA_START.test(value)
}

export function neutralizeCell(value: string): string {
  return needsNeutralizing(value) ? `'${value}` : value
}
