import type { CsvError } from 'csv-parse'

// csv-parse's own messages quote the offending field ("value is ..."), so only its code is used.
const KINDS: Partial<Record<CsvError['code'], string>> = {
  INVALID_OPENING_QUOTE: 'a quote inside a field that does not start with one',
  CSV_INVALID_CLOSING_QUOTE: 'text right after a closing quote',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text right after a closing quote',
  CSV_QUOTE_NOT_CLOSED: 'a quoted field that is never closed',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'a row with another number of fields than the header',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'a row with another number of fields than the header',
  CSV_MAX_RECORD_SIZE: 'a row too large to read'
}

/** "line 4: a quoted field that is never closed": the kind of problem and where, never the text. */
export function csvProblem(err: CsvError): string {
  const kind = KINDS[err.code] ?? err.code.replace(/^CSV_/, '').toLowerCase().replaceAll('_', ' ')
  return typeof err.lines === 'number' ? `line ${err.lines}: ${kind}` : kind
}
