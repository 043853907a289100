import { scanCsv } from './scan-csv.js';

/** A problem with one CSV row (or, with `row: 0`, the whole text). */
export interface CsvIssue {
  /** 1-based data row (header excluded); 0 for the whole text. */
  readonly row: number;
  /** 1-based physical line where the row starts (the header is line 1). */
  readonly line: number;
  readonly code: 'empty_file' | 'ragged_row' | 'bad_quoting';
  readonly message: string;
  /**
   * `bad_quoting` for a quoted field that ran over lines and broke: the physical lines after
   * the record's first that were skipped before reading resumed (see {@link parseCsv}).
   */
  readonly skippedLines?: number;
}

/** A parsed CSV text, column by column. */
export interface CsvTable {
  /** Column names from the first row, trimmed. */
  readonly header: readonly string[];
  /** `columns[c][r]` is the text of column c in data row r (0-based). Ragged rows are padded with `''`. */
  readonly columns: readonly string[][];
  /** Number of data rows (blank lines are not rows). */
  readonly rows: number;
  /** Malformed rows; every row listed here should be rejected. */
  readonly issues: readonly CsvIssue[];
}

/** Options for {@link parseCsv}. */
export interface ParseCsvOptions {
  /** Field separator, one character (default `,`). */
  delimiter?: string;
}

/**
 * Parses CSV text (RFC 4180) into columns: quoted fields, `""` escapes, CRLF / LF / CR line
 * ends, line breaks inside quotes and a leading byte-order mark are handled. It never
 * throws on malformed input: ragged rows (more or fewer fields than the header), a quote
 * that is never closed, characters between a closing quote and the next separator, and a
 * quote inside an unquoted field are each listed in `issues` with the row and line, and
 * the row is still counted (its cells padded or truncated) so the caller can reject it.
 * Blank lines are skipped. A text with no header at all gives an `empty_file` issue.
 *
 * One pass over the string with `charCodeAt` and `indexOf` recording where each cell
 * starts and ends (no regular expression, no object per row), then one string per cell.
 * `loadPopulation` uses the cell offsets directly and makes strings only where it needs
 * them. O(length of the text).
 *
 * @param text - The CSV text.
 * @param options - `delimiter` (default `,`).
 * @returns The header, the columns, the row count and the malformed rows.
 * @example
 * const t = parseCsv('id,name\n1,"Smith, J"\r\n2,"say ""hi"""\n');
 * t.columns[1]; // => ['Smith, J', 'say "hi"']
 * parseCsv('a,b\n1\n').issues[0]!.code; // => 'ragged_row'
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvTable {
  const scan = scanCsv(text, options.delimiter ?? ',');
  const columns = scan.header.map((_, c) => {
    const base = scan.rowStart;
    const starts = scan.starts[c]!;
    const ends = scan.ends[c]!;
    const over = scan.overrides[c];
    const out = new Array<string>(scan.rows);
    for (let r = 0; r < scan.rows; r++) out[r] = over?.get(r) ?? text.slice(base[r]! + starts[r]!, base[r]! + ends[r]!);
    return out;
  });
  return { header: scan.header, columns, rows: scan.rows, issues: scan.issues };
}
