import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { parseBooleanFlag } from '../schema/parse-boolean-flag.js';

/** A CSV column: a row key, optionally with a different header. */
export type CsvColumn = string | { key: string; header: string };

/**
 * Options of {@link toCSV}.
 *
 * - `columns`: which keys to write, in order (default: every key, in first-seen order).
 * - `optedOut`: ids of people who opted out; rows whose `idColumn` value is in it are
 *   dropped (a row without an id then throws: it cannot be checked).
 * - `idColumn`: the key holding the person id (default `'id'`).
 * - `exclude`: any other predicate; rows for which it returns true are dropped.
 * - `optedOutColumn`: rows whose value under this key the loader would read as yes (`Y`,
 *   `yes`, `T`, `true`, `1`, any case and padding: `parseBooleanFlag`), or cannot read as no,
 *   are always dropped (default `'optedOut'`; a blank or absent value is no), so a table that
 *   still carries the flag can never leak an opted-out person.
 * - `lineEnding`: `'\r\n'` (RFC 4180, the default) or `'\n'`.
 */
export const CsvOptions = /* @__PURE__ */ lazySchema(() => z.object({
  columns: z.optional(z.array(z.union([z.string(), z.object({ key: z.string(), header: z.string() })])).check(z.minLength(1))),
  optedOut: z.optional(z.custom<ReadonlySet<string | number> | ReadonlyArray<string | number>>(
    (v) => v instanceof Set || Array.isArray(v), { message: 'optedOut must be a Set or an array of ids' })),
  idColumn: z._default(z.string(), 'id'),
  exclude: z.optional(z.custom<(row: Readonly<Record<string, unknown>>, index: number) => boolean>((v) => typeof v === 'function', { message: 'exclude must be a function' })),
  optedOutColumn: z._default(z.string(), 'optedOut'),
  lineEnding: z._default(z.enum(['\r\n', '\n']), '\r\n'),
}));
/** Input type of {@link CsvOptions}. */
export type CsvOptions = z.input<typeof CsvOptions>;

/** What {@link toCSV} returns. */
export interface CsvResult {
  /** The CSV text, header first, every line ended by the line ending. */
  csv: string;
  /** Rows written (excluding the header). */
  rows: number;
  /** Rows dropped because the person opted out (by `optedOut` or the `optedOutColumn` flag). */
  optedOutDropped: number;
  /** Rows dropped by the `exclude` predicate (and not already dropped as opted out). */
  excludedDropped: number;
}

const DANGEROUS = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Writes rows as CSV that is safe to open in a spreadsheet and never contains people who
 * opted out.
 *
 * Quoting follows RFC 4180: a cell containing a comma, a double quote, CR or LF is wrapped
 * in double quotes, and double quotes inside are doubled; lines end with CRLF by default.
 *
 * Formula injection: a *string* cell that begins with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is neutralised by prefixing a single quote (`'`) and quoting the cell,
 * so Excel, LibreOffice and Google Sheets show it as text instead of running it
 * (`=HYPERLINK(...)` is written `"'=HYPERLINK(...)"`). The trade-off: only strings are
 * neutralised. A JavaScript `number` (including a negative one such as `-3`) is written as
 * a plain number, because a number cannot carry a formula; but a number held as the string
 * `'-3'` is written `"'-3"` and opens as text. Keep numeric columns as numbers.
 *
 * Other values: `null` and `undefined` are empty; non-finite numbers are empty; booleans
 * are `true`/`false`; bigints as digits; `Date`s as ISO 8601; anything else as
 * `JSON.stringify` (then treated as a string). With no rows and no `columns` there is no
 * column to name, and the CSV is the empty string. O(rows x columns).
 *
 * @param rows - plain objects (not mutated).
 * @param options - see {@link CsvOptions}.
 * @returns the CSV text with the counts written and dropped.
 * @throws RiskStratifyError `invalid_input` when `optedOut` is given and a row has no id in
 *   `idColumn`; `invalid_options` for bad options.
 * @example
 * toCSV([{ id: 'a', name: '=1+1', score: -0.5 }, { id: 'b', name: 'Ann, "Jo"', score: 0.25 }], { optedOut: new Set(['b']) });
 * // => { csv: 'id,name,score\r\na,"\'=1+1",-0.5\r\n', rows: 1, optedOutDropped: 1, excludedDropped: 0 }
 */
export function toCSV(rows: ReadonlyArray<Readonly<Record<string, unknown>>>, options?: CsvOptions): CsvResult {
  if (!Array.isArray(rows)) {
    fail({ fn: 'toCSV', code: 'invalid_input', path: ['rows'], value: rows, message: 'rows must be an array of objects' });
  }
  const opts = parseOptions('toCSV', CsvOptions, options);
  const optedOut = opts.optedOut === undefined ? undefined : new Set<string>([...opts.optedOut].map(String));
  const kept: Array<Readonly<Record<string, unknown>>> = [];
  let optedOutDropped = 0;
  let excludedDropped = 0;
  rows.forEach((row, i) => {
    if (row === null || typeof row !== 'object') {
      fail({ fn: 'toCSV', code: 'invalid_input', path: ['rows', i], value: row, message: 'each row must be an object' });
    }
    // the loader's own flag parser; a value it cannot read as no is dropped too (never guessed as no)
    if (parseBooleanFlag(row[opts.optedOutColumn]) !== 0) { optedOutDropped++; return; }
    if (optedOut !== undefined) {
      const id = row[opts.idColumn];
      if (id === undefined || id === null || id === '') {
        fail({ fn: 'toCSV', code: 'invalid_input', path: ['rows', i, opts.idColumn], value: id, message: 'a row has no id, so it cannot be checked against optedOut' });
      }
      if (optedOut.has(String(id))) { optedOutDropped++; return; }
    }
    if (opts.exclude?.(row, i)) { excludedDropped++; return; }
    kept.push(row);
  });
  let columns: Array<{ key: string; header: string }>;
  if (opts.columns) {
    columns = opts.columns.map((c) => (typeof c === 'string' ? { key: c, header: c } : c));
  } else {
    const seen = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
    columns = [...seen].map((k) => ({ key: k, header: k }));
  }
  const eol = opts.lineEnding;
  if (columns.length === 0) return { csv: '', rows: kept.length, optedOutDropped, excludedDropped };
  let csv = columns.map((c) => csvCell(c.header)).join(',') + eol;
  for (const r of kept) csv += columns.map((c) => csvCell(r[c.key])).join(',') + eol;
  return { csv, rows: kept.length, optedOutDropped, excludedDropped };
}

/** One CSV cell: neutralised (strings only) and RFC 4180-quoted (internal). */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let s: string;
  if (typeof value === 'string') s = value;
  else if (value instanceof Date) s = Number.isNaN(value.getTime()) ? '' : value.toISOString();
  else s = JSON.stringify(value) ?? '';
  if (DANGEROUS.test(s)) return `"'${s.replace(/"/g, '""')}"`;
  if (NEEDS_QUOTES.test(s)) return `"${s.replace(/"/g, '""')}"`;
  return s;
}
