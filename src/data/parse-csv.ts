/** A problem with one CSV row (or, with `row: 0`, the whole text). */
export interface CsvIssue {
  /** 1-based data row (header excluded); 0 for the whole text. */
  readonly row: number;
  /** 1-based physical line where the row starts (the header is line 1). */
  readonly line: number;
  readonly code: 'empty_file' | 'ragged_row' | 'bad_quoting';
  readonly message: string;
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

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Parses CSV text (RFC 4180) into columns: quoted fields, `""` escapes, CRLF / LF / CR line
 * ends, line breaks inside quotes and a leading byte-order mark are handled. It never
 * throws on malformed input: ragged rows (more or fewer fields than the header), a quote
 * that is never closed, characters between a closing quote and the next separator, and a
 * quote inside an unquoted field are each listed in `issues` with the row and line, and
 * the row is still counted (its cells padded or truncated) so the caller can reject it.
 * Blank lines are skipped. A text with no header at all gives an `empty_file` issue.
 *
 * One pass over the string with `charCodeAt` and `slice`; no regular expression and no
 * object per row (values go straight into one array per column). O(length of the text).
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
  const delim = (options.delimiter ?? ',').charCodeAt(0);
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const issues: CsvIssue[] = [];
  let header: string[] | undefined;
  let columns: string[][] = [];
  let ncol = 0;
  let rows = 0;
  let capacity = 0;
  const headerFields: string[] = [];
  let k = 0;
  let recordLine = 1;
  let recordIssue: CsvIssue['code'] | undefined;
  let recordMessage = '';
  let firstValue = '';

  const grow = (): void => {
    // estimate the remaining rows from the remaining line ends, then preallocate
    let lines = 1;
    for (let j = text.indexOf('\n', i); j >= 0; j = text.indexOf('\n', j + 1)) lines++;
    capacity = rows + lines + 16;
    for (const col of columns) col.length = capacity;
  };

  while (i < n) {
    // start of a record: skip blank lines
    const c0 = text.charCodeAt(i);
    if (c0 === LF || c0 === CR) {
      if (c0 === CR && text.charCodeAt(i + 1) === LF) i++;
      i++;
      line++;
      continue;
    }
    recordLine = line;
    if (header !== undefined && rows >= capacity) grow();
    // read fields until the end of the record
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const open = line;
        let start = i + 1;
        let parts = '';
        let closed = false;
        for (;;) {
          const q = text.indexOf('"', start);
          if (q < 0) break;
          for (let j = text.indexOf('\n', start); j >= 0 && j < q; j = text.indexOf('\n', j + 1)) line++;
          if (text.charCodeAt(q + 1) === QUOTE) {
            parts += text.slice(start, q + 1);
            start = q + 2;
            continue;
          }
          parts += text.slice(start, q);
          i = q + 1;
          closed = true;
          break;
        }
        if (!closed) {
          for (let j = text.indexOf('\n', start); j >= 0; j = text.indexOf('\n', j + 1)) line++;
          parts += text.slice(start);
          i = n;
          if (!recordIssue) {
            recordIssue = 'bad_quoting';
            recordMessage = `a quote opened on line ${open} is never closed`;
          }
        }
        value = parts;
        // after a closing quote: a separator, a line end or the end of the text
        if (i < n) {
          const c = text.charCodeAt(i);
          if (c !== delim && c !== LF && c !== CR) {
            const from = i;
            while (i < n) {
              const d = text.charCodeAt(i);
              if (d === delim || d === LF || d === CR) break;
              i++;
            }
            value += text.slice(from, i);
            if (!recordIssue) {
              recordIssue = 'bad_quoting';
              recordMessage = `characters after a closing quote on line ${line}`;
            }
          }
        }
      } else {
        const start = i;
        let quoteInside = false;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === delim || c === LF || c === CR) break;
          if (c === QUOTE) quoteInside = true;
          i++;
        }
        value = text.slice(start, i);
        if (quoteInside && !recordIssue) {
          recordIssue = 'bad_quoting';
          recordMessage = `a quote inside an unquoted field on line ${line}`;
        }
      }
      if (header === undefined) headerFields.push(value);
      else if (k < ncol) columns[k]![rows] = value;
      if (k === 0) firstValue = value;
      k++;
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        if (i >= n) {
          // a trailing separator at the very end: one more empty field
          if (header === undefined) headerFields.push('');
          else if (k < ncol) columns[k]![rows] = '';
          k++;
          break;
        }
        continue;
      }
      // line end
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      i++;
      line++;
      break;
    }
    // end of the record
    if (header === undefined) {
      header = headerFields.map((h) => h.trim());
      ncol = header.length;
      columns = header.map(() => []);
      if (recordIssue) issues.push({ row: 0, line: recordLine, code: recordIssue, message: `header: ${recordMessage}` });
    } else if (k === 1 && ncol > 1 && recordIssue === undefined && firstValue.trim() === '') {
      // a line holding only white space counts as a blank line
    } else {
      for (let c = k; c < ncol; c++) columns[c]![rows] = '';
      rows++;
      if (recordIssue) {
        issues.push({ row: rows, line: recordLine, code: recordIssue, message: recordMessage });
      } else if (k !== ncol) {
        issues.push({ row: rows, line: recordLine, code: 'ragged_row', message: `has ${k} fields but the header has ${ncol}` });
      }
    }
    k = 0;
    recordIssue = undefined;
  }
  if (header === undefined) {
    return { header: [], columns: [], rows: 0, issues: [{ row: 0, line: 1, code: 'empty_file', message: 'the text is empty: no header line' }] };
  }
  for (const col of columns) col.length = rows;
  return { header, columns, rows, issues };
}
