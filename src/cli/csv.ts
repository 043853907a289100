/**
 * A minimal, spreadsheet-safe CSV writer used by the command until the report stage's
 * `toCSV` lands (then this delegates to it). Cells that a spreadsheet would run as a formula
 * (text beginning with `=`, `+`, `-`, `@`, tab or carriage return) are prefixed with `'`;
 * numbers are written as numbers; fields with commas, quotes or newlines are quoted (RFC 4180).
 */
export type CsvRow = object;

const DANGEROUS = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let s = typeof value === 'string' ? value : JSON.stringify(value);
  if (DANGEROUS.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows to CSV text with a header; `columns` fixes the order (default: keys of the first row). */
export function writeCsv(rows: readonly CsvRow[], columns?: readonly string[]): string {
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  const lines = [cols.map(cell).join(',')];
  for (const r of rows) lines.push(cols.map((c) => cell((r as Record<string, unknown>)[c])).join(','));
  return `${lines.join('\n')}\n`;
}
