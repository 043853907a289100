/**
 * CSV for every file the command writes, through the report stage's spreadsheet-safe
 * `toCSV`: cells a spreadsheet would run as a formula (text beginning with `=`, `+`, `-`,
 * `@`, tab or carriage return) are neutralised, numbers stay numbers, RFC 4180 quoting and
 * CRLF line ends, and rows whose `id` is in `optedOut` are dropped (a second guard: the
 * library never selects opted-out people in the first place).
 */
import { toCSV } from '../report/index.js';

export type CsvRow = object;

/** Rows to CSV text with a header; `columns` fixes the order (default: keys of the first row). */
export function writeCsv(rows: readonly CsvRow[], columns?: readonly string[], optedOut?: ReadonlySet<string>): string {
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  if (cols.length === 0) return '\r\n';
  return toCSV(rows as ReadonlyArray<Readonly<Record<string, unknown>>>, { columns: [...cols], ...(optedOut && cols.includes('id') ? { optedOut } : {}) }).csv;
}
