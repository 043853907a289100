// Internal: turns one input (records, CSV text or an arquero table) into columns by
// canonical field name, with the rows the CSV reader already found malformed.
import { fail } from '../core/errors.js';
import type { SourceName, ValidationCode } from '../schema/validation-issue.js';
import { arrayColumn, csvColumn, type Column } from './column.js';
import { concatColumns } from './concat-columns.js';
import { scanCsv, type CsvScan } from './scan-csv.js';
import { resolveColumns, type ColumnUse, type SourceMapping } from './resolve-columns.js';
import { SOURCE_FIELDS } from './source-fields.js';

/** The minimum of an arquero table that `loadPopulation` uses (duck-typed). */
export interface ArqueroTableLike {
  columnNames(): string[];
  numRows(): number;
  array(name: string): ArrayLike<unknown>;
}

/** What one source may be: an array of records, CSV text, or an arquero table. */
export type SourceInput = string | readonly unknown[] | ArqueroTableLike;

/** A problem found before field validation. `row` is 1-based, 0 for the whole source. */
export interface RawIssue {
  row: number;
  field: string;
  value: unknown;
  code: ValidationCode;
  message: string;
}

/** A source as columns, before validation. */
export interface RawSource {
  rows: number;
  columnNames: readonly string[];
  column(name: string): Column;
  issues: RawIssue[];
  /** Display row numbers (1-based) when they differ from index + 1. */
  rowNumbers?: ArrayLike<number>;
  file?: string;
}

/** A source whose canonical fields have been found. */
export interface ResolvedSource {
  source: SourceName;
  rows: number;
  /** The column each field is read from (the first, for a combining field). */
  fields: Partial<Record<string, Column>>;
  /** Every column of a combining field (`optedOut`: yes in any of them counts), in order. */
  combined: Partial<Record<string, Column[]>>;
  /** Per field, the header(s) it is read from. */
  fieldColumns: Readonly<Partial<Record<string, readonly string[]>>>;
  /** How every header was used, in header order. */
  uses: readonly ColumnUse[];
  /** The headers, as given (empty for an empty source). */
  columnNames: readonly string[];
  /** Malformed rows by 0-based index (their field values are not checked). */
  malformed: Uint8Array;
  issues: RawIssue[];
  /** A whole-source problem: every row is rejected. */
  fatal: boolean;
  rowNumbers?: ArrayLike<number>;
  file?: string;
}

export function isArqueroTable(x: unknown): x is ArqueroTableLike {
  return typeof x === 'object' && x !== null && typeof (x as ArqueroTableLike).columnNames === 'function' &&
    typeof (x as ArqueroTableLike).numRows === 'function' && typeof (x as ArqueroTableLike).array === 'function';
}

/** A string that looks like a file path rather than CSV text. */
export function looksLikePath(s: string): boolean {
  if (s.includes('\n') || s.includes('\r')) return false;
  const t = s.trim();
  return /\.(csv|tsv|txt)(\.gz)?$/i.test(t) || /^(\.{0,2}\/|[A-Za-z]:\\|~\/|file:)/.test(t);
}

/**
 * Reads CSV text into a {@link RawSource}. `bytes`, when given, must be the text's ASCII
 * bytes (see `asciiBytes`): cells are then scanned and read from them.
 */
export function csvSource(text: string, delimiter: string, file?: string, bytes?: Uint8Array): RawSource {
  return csvScansSource([scanCsv(text, delimiter, true, bytes)], file);
}

/**
 * Internal: a {@link RawSource} of CSV scans read one after another (the parts of one file, see
 * `CsvPart`; usually one), with `issues` found outside the scanner (rows numbered across
 * the parts) added to theirs.
 */
export function csvScansSource(scans: readonly CsvScan[], file?: string, extra: readonly RawIssue[] = []): RawSource {
  const t = scans[0]!;
  const byName = new Map<string, number>();
  t.header.forEach((h, c) => { if (!byName.has(h)) byName.set(h, c); });
  let empty: Column | undefined;
  const issues: RawIssue[] = [];
  let rows = 0;
  for (const scan of scans) {
    for (const i of scan.issues) {
      issues.push({ row: i.row === 0 ? 0 : rows + i.row, field: '', value: undefined, code: i.code, message: i.row === 0 ? i.message : `line ${i.line}: ${i.message}` });
    }
    rows += scan.rows;
  }
  issues.push(...extra);
  const column = (c: number): Column => concatColumns(scans.map((scan) => csvColumn(scan, c)));
  const src: RawSource = { rows, columnNames: t.header, column: (name) => (byName.has(name) ? column(byName.get(name)!) : (empty ??= arrayColumn(new Array<string>(rows).fill('')))), issues };
  if (file !== undefined) src.file = file;
  return src;
}

function recordsSource(records: readonly unknown[]): RawSource {
  const names = new Set<string>();
  const issues: RawIssue[] = [];
  for (let r = 0; r < records.length; r++) {
    const rec = records[r];
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
      issues.push({ row: r + 1, field: '', value: rec, code: 'invalid_record', message: `row ${r + 1} is not an object` });
      continue;
    }
    for (const key in rec) names.add(key);
  }
  return {
    rows: records.length,
    columnNames: [...names],
    column: (name) => {
      const out = new Array<unknown>(records.length);
      for (let r = 0; r < records.length; r++) {
        const rec = records[r];
        out[r] = typeof rec === 'object' && rec !== null ? (rec as Record<string, unknown>)[name] : undefined;
      }
      return arrayColumn(out);
    },
    issues,
  };
}

function tableSource(table: ArqueroTableLike): RawSource {
  return { rows: table.numRows(), columnNames: table.columnNames(), column: (name) => arrayColumn(table.array(name)), issues: [] };
}

/**
 * Turns one input into a {@link RawSource}. Throws `unsupported` for a file path (paths are
 * read by `risk-stratify/node`) and `invalid_input` for something that is none of the
 * accepted kinds.
 */
export function readSource(fn: string, source: SourceName, input: unknown, delimiter: string): RawSource {
  if (typeof input === 'string') {
    if (looksLikePath(input)) {
      fail({
        fn, code: 'unsupported', path: [source], value: input,
        message: 'this looks like a file path; the browser-safe core reads CSV text, records or arquero tables. ' +
          "To read files use loadPopulationFromFiles from 'risk-stratify/node'",
      });
    }
    return csvSource(input, delimiter);
  }
  if (Array.isArray(input)) return recordsSource(input);
  if (isArqueroTable(input)) return tableSource(input);
  return fail({ fn, code: 'invalid_input', path: [source], value: input, message: 'must be an array of records, CSV text or an arquero table' });
}

/**
 * Finds each canonical field of `source` among the column names (see `resolveColumns` for
 * the order: mapping, exact name, loose name, alias; `ignore`d headers are never read) and
 * reports missing required columns as whole-source issues.
 */
export function resolveSource(source: SourceName, raw: RawSource, mapping: SourceMapping | undefined, ignore: readonly string[] = []): ResolvedSource {
  const issues = [...raw.issues];
  const fields: Partial<Record<string, Column>> = {};
  const combined: Partial<Record<string, Column[]>> = {};
  let fatal = issues.some((i) => i.row === 0);
  const found = resolveColumns(source, raw.columnNames, mapping, ignore);
  for (const m of found.missingMapped) {
    issues.push({ row: 0, field: m.field, value: m.column, code: 'missing_column', message: `the columns mapping names column "${m.column}" for ${m.field}, but ${source} has no such column` });
    fatal = true;
  }
  for (const c of found.conflicts) {
    const [a, b] = c.columns;
    const [i, j] = c.positions;
    issues.push({
      row: 0, field: c.field, value: `${a}, ${b}`, code: 'repeated_column',
      message: a === b
        ? `the header "${a}" is repeated (columns ${i + 1} and ${j + 1}) and both would give ${c.field}: the loader will not guess which one holds it. Remove or rename one in the extract`
        : `columns "${a}" (column ${i + 1}) and "${b}" (column ${j + 1}) both give ${c.field}: the loader will not guess which one holds it. ` +
          `Choose one with the columns option (e.g. { ${source}: { ${c.field}: '${a}' } }) or list the other in ignore`,
    });
    fatal = true;
  }
  for (const spec of SOURCE_FIELDS[source]) {
    const cols = found.fieldColumns[spec.name];
    if (cols === undefined || cols.length === 0) {
      if (spec.required && raw.columnNames.length > 0 && !found.missingMapped.some((m) => m.field === spec.name)) {
        issues.push({
          row: 0, field: spec.name, value: undefined, code: 'missing_column',
          message: `required column "${spec.name}" is missing: no column is named ${[spec.name, ...spec.aliases].map((a) => `"${a}"`).join(', ')} ` +
            `(columns: ${raw.columnNames.join(', ')}); name yours with the columns option, e.g. { ${source}: { ${spec.name}: 'your_column' } }`,
        });
        fatal = true;
      }
      continue;
    }
    const read = cols.map((c) => raw.column(c));
    fields[spec.name] = read[0]!;
    if (spec.combine) combined[spec.name] = read;
  }
  // a field required unless another stands in for it (birthDate or birthYear): reported once, under the first
  for (const spec of SOURCE_FIELDS[source]) {
    if (spec.orElse === undefined || fatal || raw.columnNames.length === 0 || fields[spec.name] !== undefined || fields[spec.orElse] !== undefined) continue;
    issues.push({ row: 0, field: spec.name, value: undefined, code: 'missing_column', message: `required column "${spec.name}" (or "${spec.orElse}") is missing (columns: ${raw.columnNames.join(', ')})` });
    fatal = true;
  }
  const malformed = new Uint8Array(raw.rows);
  for (const i of issues) if (i.row > 0 && i.row <= raw.rows) malformed[i.row - 1] = 1;
  const file = raw.file;
  const uses = file === undefined ? found.uses : found.uses.map((u) => ({ ...u, file }));
  const out: ResolvedSource = { source, rows: raw.rows, fields, combined, fieldColumns: found.fieldColumns, uses, columnNames: raw.columnNames, malformed, issues, fatal };
  if (raw.rowNumbers !== undefined) out.rowNumbers = raw.rowNumbers;
  if (raw.file !== undefined) out.file = raw.file;
  return out;
}
