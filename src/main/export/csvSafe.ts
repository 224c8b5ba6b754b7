// Spreadsheets run a cell starting with = + - @ (or a tab / carriage return before one) as a
// formula: CSV injection. A leading apostrophe makes them show the text instead (OWASP's advice).
const FORMULA_START = /^[=+\-@\t\r]/

export function needsNeutralizing(value: string): boolean {
  return FORMULA_START.test(value)
}

export function neutralizeCell(value: string): string {
  return needsNeutralizing(value) ? `'${value}` : value
}
