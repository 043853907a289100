import type { CsvIssue } from './parse-csv.js';

/** Offsets within a record: bytes while every record so far is at most 255 characters long. */
export type CellOffsets = Uint8Array | Uint16Array | Uint32Array;

/**
 * Internal: a CSV text scanned into cell offsets. Cell (c, r) is
 * `overrides[c]?.get(r) ?? text.slice(rowStart[r] + starts[c][r], rowStart[r] + ends[c][r])`;
 * overrides hold the few cells whose value is not a plain slice (escaped quotes, malformed
 * quoting). Offsets are kept from the record's start so that they fit in a byte for records
 * of up to 255 characters (16 or 32 bits once a record needs it): a quarter of the memory
 * of absolute offsets, which at a million rows is most of what the scan writes.
 */
export interface CsvScan {
  readonly text: string;
  /**
   * The text as bytes when every character is ASCII (`bytes[j] === text.charCodeAt(j)` for
   * every j), so cells can be read from bytes at the same offsets; undefined otherwise.
   */
  readonly bytes?: Uint8Array | undefined;
  readonly header: readonly string[];
  readonly rows: number;
  /** Where each row's record starts in the text. */
  readonly rowStart: Uint32Array;
  /** Per column, where each row's cell starts, from its record's start. */
  readonly starts: readonly CellOffsets[];
  /** Per column, where each row's cell ends (exclusive), from its record's start. */
  readonly ends: readonly CellOffsets[];
  readonly overrides: ReadonlyArray<Map<number, string> | undefined>;
  readonly issues: readonly CsvIssue[];
  /**
   * Where the scan stopped in the text: its length, or (a part that is not the last, see
   * {@link CsvPart}) the start of a record that runs past the part's end, which the next part
   * begins with.
   */
  readonly consumed: number;
  /** The physical line at `consumed` (1-based, counted from the part's `firstLine`). */
  readonly nextLine: number;
}

/**
 * Internal: how a text is one part of a larger CSV file that is scanned a part at a time (a
 * file too large for one string). A part after the first has no header line: `header` is the
 * file's. A part that is not `final` ends after a line end; a record that runs past its end
 * (a quoted field still open, or a recovery still skipping lines) is left for the next part,
 * which starts with it (`consumed`), unless it is the part's first record: then the part's
 * end is taken as the text's end, as in a last part.
 */
export interface CsvPart {
  readonly header?: readonly string[] | undefined;
  /** The physical line the text starts on (default 1). */
  readonly firstLine?: number | undefined;
  /** Whether the text ends where the file ends (default true). */
  readonly final?: boolean | undefined;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Internal: the bytes of `text` when every character of it is ASCII (then `bytes[j]` is
 * `text.charCodeAt(j)`), else undefined. Any other character takes two or more bytes in
 * UTF-8, so the text is ASCII exactly when its encoding is as long as it. O(length).
 */
export function asciiBytes(text: string): Uint8Array | undefined {
  const bytes = new TextEncoder().encode(text);
  return bytes.length === text.length ? bytes : undefined;
}

/** Where {@link splitPlainBytes} stopped: the next record's start, and the rows read by then. */
interface PlainRun {
  next: number;
  rows: number;
}

/**
 * Splits the plain records of ASCII `bytes` from `i` on, one after another, into `rowStart`,
 * `starts` and `ends` from row `rows`, stopping before the first record that is not plain (it
 * holds a quote, a CR that is not its line end or not `ncol` fields, or is longer than
 * `limit`, the largest offset the arrays hold), a blank line, the end of the bytes or row
 * `capacity`. A plain record ends at an LF, a CRLF, a CR that ends the bytes or
 * the end of the bytes. Bytes above `special` are never a separator, quote or line end, so
 * they are passed over with one comparison. Only locals in the loop: O(bytes read).
 */
function splitPlainBytes(bytes: Uint8Array, i: number, delim: number, special: number, rowStart: Uint32Array, starts: CellOffsets[], ends: CellOffsets[], limit: number, rows: number, capacity: number, ncol: number): PlainRun {
  const n = bytes.length;
  const last = ncol - 1;
  while (i < n && rows < capacity) {
    const first = bytes[i]!;
    if (first === LF || first === CR) break;
    let p = i;
    let c = 0;
    let j = i;
    let end = -1;
    let lf = -1;
    for (; j < n; j++) {
      const b = bytes[j]!;
      if (b > special) continue;
      if (b === delim) {
        if (c === last) break;
        starts[c]![rows] = p - i;
        ends[c]![rows] = j - i;
        c++;
        p = j + 1;
      } else if (b === LF) {
        end = lf = j;
        break;
      } else if (b === CR) {
        if (j + 1 === n || bytes[j + 1] === LF) {
          end = j;
          lf = j + 1;
        }
        break;
      } else if (b === QUOTE) break;
    }
    if (j === n) end = lf = n;
    if (end < 0 || c !== last || end - i > limit) break;
    rowStart[rows] = i;
    starts[c]![rows] = p - i;
    ends[c]![rows] = end - i;
    rows++;
    i = lf + 1;
  }
  return { next: i, rows };
}

/**
 * Internal: scans CSV text into cell offsets (see {@link parseCsv} for the rules). O(length).
 *
 * A plain record (no quote, no line end other than its final LF or CRLF, exactly as many
 * fields as the header) is split in one pass, which is most records of most extracts: over
 * `bytes` when given (the text's ASCII bytes, see {@link asciiBytes}: a byte loop is a few
 * times faster than `charCodeAt`), else with `indexOf`. Any other record is read character
 * by character by the general path, from its start. `plain: false` turns the first path off
 * (tests check every path gives the same scan).
 */
export function scanCsv(text: string, delimiter: string, plain = true, bytes?: Uint8Array, part: CsvPart = {}): CsvScan {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  const split = plain && delim !== QUOTE && delim !== LF && delim !== CR;
  // bytes above this are never a separator, quote or line end
  const special = Math.max(delim, QUOTE);
  // the next LF, separator, quote and CR at or after the current record (n when there is none); each is
  // searched for again only once the scan has passed it, so the text is searched once for each
  let nextLf = -1;
  let nextDelim = -1;
  let nextQuote = -1;
  let nextCr = -1;
  const next = (ch: string, from: number): number => {
    const j = text.indexOf(ch, from);
    return j < 0 ? n : j;
  };
  let i = text.charCodeAt(0) === 0xfeff && part.header === undefined ? 1 : 0;
  let line = part.firstLine ?? 1;
  const final = part.final ?? true;
  // set when a record runs past the end of a part that is not the last: where it starts
  let deferred = -1;
  let deferredLine = 0;
  // recovery after a broken multi-line quoted field: the lines are skipped up to the next one
  // that reads as a record on its own
  let resyncing = false;
  let skipped = 0;
  let brokenIssue = -1; // index in issues of the record the recovery follows
  let brokenStart = 0;
  let brokenLine = 0;
  const issues: CsvIssue[] = [];
  let header: string[] | undefined;
  let rowStart = new Uint32Array(0);
  let starts: CellOffsets[] = [];
  let ends: CellOffsets[] = [];
  let limit = 0xff; // the largest offset starts and ends hold
  let base = 0; // the current record's start
  let overrides: Array<Map<number, string> | undefined> = [];
  let ncol = 0;
  let rows = 0;
  let capacity = 0;
  const headerFields: string[] = [];
  let k = 0;
  let recordLine = 1;
  let recordIssue: CsvIssue['code'] | undefined;
  let recordMessage = '';
  let firstBlank = false;

  const grow = (): void => {
    // rows left <= line ends left + 1; count them once, then grow only if CR-only line ends
    let lines = 1;
    for (let j = text.indexOf('\n', i); j >= 0; j = text.indexOf('\n', j + 1)) lines++;
    capacity = Math.max(rows + lines + 16, capacity * 2);
    const grown = <T extends CellOffsets>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity);
      b.set(a.subarray(0, rows));
      return b;
    };
    rowStart = grown(rowStart);
    starts = starts.map(grown);
    ends = ends.map(grown);
  };
  // a cell of the current record, from its start; offsets are widened when one does not fit
  const put = (c: number, s: number, e: number): void => {
    while (e - base > limit) {
      limit = limit === 0xff ? 0xffff : 0xffffffff;
      const wider = (a: CellOffsets): CellOffsets => {
        const b = limit === 0xffff ? new Uint16Array(a.length) : new Uint32Array(a.length);
        b.set(a);
        return b;
      };
      starts = starts.map(wider);
      ends = ends.map(wider);
    }
    starts[c]![rows] = s - base;
    ends[c]![rows] = e - base;
  };
  const setHeader = (h: string[]): void => {
    header = h;
    ncol = h.length;
    starts = h.map(() => new Uint8Array(0));
    ends = h.map(() => new Uint8Array(0));
    overrides = h.map(() => undefined);
  };
  if (part.header !== undefined) setHeader([...part.header]);
  // the end of the physical line holding position j (its LF or CR, or n)
  const lineEnd = (j: number): number => {
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === LF || c === CR) return j;
    }
    return n;
  };
  // whether the line from j reads as a record on its own: ncol fields, every quote closed
  // on the line and followed by a separator or the line end, no quote in an unquoted field
  const lineParses = (j: number): boolean => {
    const e = lineEnd(j);
    let fields = 1;
    while (j < e) {
      if (text.charCodeAt(j) === QUOTE) {
        j++;
        for (;;) {
          if (j >= e) return false;
          if (text.charCodeAt(j) === QUOTE) {
            if (text.charCodeAt(j + 1) === QUOTE && j + 1 < e) { j += 2; continue; }
            j++;
            break;
          }
          j++;
        }
        if (j < e && text.charCodeAt(j) !== delim) return false;
      } else {
        while (j < e) {
          const c = text.charCodeAt(j);
          if (c === delim) break;
          if (c === QUOTE) return false;
          j++;
        }
      }
      if (j < e) {
        j++;
        fields++;
      }
    }
    return fields === ncol;
  };
  const isBlankRange = (a: number, b: number): boolean => {
    for (let j = a; j < b; j++) {
      const c = text.charCodeAt(j);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  };

  // the recovery is over: the broken record's issue says how many lines were skipped
  const endRecovery = (): void => {
    resyncing = false;
    const b = issues[brokenIssue];
    if (b === undefined) return;
    issues[brokenIssue] = {
      ...b,
      message: skipped === 0
        ? `${b.message}; the record is cut at the end of that line and reading resumes on the next line`
        : `${b.message}; the record is cut at the end of that line and ${skipped} line(s) after it that do not read as a record were skipped`,
      skippedLines: skipped,
    };
  };
  records: while (i < n) {
    // start of a record: skip blank lines
    const c0 = text.charCodeAt(i);
    if (c0 === LF || c0 === CR) {
      if (c0 === CR && text.charCodeAt(i + 1) === LF) i++;
      i++;
      line++;
      continue;
    }
    if (resyncing) {
      if (!lineParses(i)) {
        // not a record: skipped as part of the broken record before it
        i = lineEnd(i);
        if (i < n) {
          if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i++;
          i++;
        }
        line++;
        skipped++;
        continue;
      }
      endRecovery();
    }
    recordLine = line;
    if (header !== undefined && rows >= capacity) grow();
    base = i;
    if (header !== undefined) rowStart[rows] = i;
    if (split && bytes !== undefined && header !== undefined) {
      const done = splitPlainBytes(bytes, i, delim, special, rowStart, starts, ends, limit, rows, capacity, ncol);
      if (done.rows > rows) {
        line += done.rows - rows;
        rows = done.rows;
        i = done.next;
        continue;
      }
    } else if (split && header !== undefined) {
      if (nextLf < i) nextLf = next('\n', i);
      if (nextQuote < i) nextQuote = next('"', i);
      if (nextCr < i) nextCr = next('\r', i);
      const lf = nextLf;
      // a CR just before the LF (or the end of the text) ends the record with it; any other CR
      // or a quote needs the general path
      const end = nextCr === lf - 1 ? lf - 1 : lf;
      if (nextQuote >= lf && nextCr >= end && end - i <= limit) {
        let p = i;
        let c = 0;
        for (; c < ncol; c++) {
          if (nextDelim < p) nextDelim = next(delimiter, p);
          if (nextDelim >= end) break;
          starts[c]![rows] = p - i;
          ends[c]![rows] = nextDelim - i;
          p = nextDelim + 1;
        }
        if (c === ncol - 1) {
          // overrides never hold a stale entry for a row not yet read, so there is none to delete
          starts[c]![rows] = p - i;
          ends[c]![rows] = end - i;
          rows++;
          line++;
          i = lf + 1;
          continue;
        }
      }
    }
    // read fields until the end of the record
    for (;;) {
      let s: number;
      let e: number;
      let value: string | undefined; // set only when the cell is not text.slice(s, e)
      if (text.charCodeAt(i) === QUOTE) {
        const open = line;
        let from = i + 1;
        s = from;
        e = from;
        let parts = '';
        let escaped = false;
        let closed = false;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) break;
          for (let j = text.indexOf('\n', from); j >= 0 && j < q; j = text.indexOf('\n', j + 1)) line++;
          if (text.charCodeAt(q + 1) === QUOTE) {
            parts += text.slice(from, q + 1);
            escaped = true;
            from = q + 2;
            continue;
          }
          e = q;
          if (escaped) parts += text.slice(from, q);
          i = q + 1;
          closed = true;
          break;
        }
        if (!closed && !final && header !== undefined && rows > 0) {
          // the record runs past the part's end: the next part starts with it
          deferred = base;
          deferredLine = recordLine;
          for (let c = 0; c < ncol; c++) overrides[c]?.delete(rows);
          break records;
        }
        if (!closed) {
          for (let j = text.indexOf('\n', from); j >= 0; j = text.indexOf('\n', j + 1)) line++;
          parts += text.slice(from);
          escaped = true;
          e = n;
          i = n;
          if (!recordIssue) {
            recordIssue = 'bad_quoting';
            recordMessage = `a quote opened on line ${open} is never closed`;
          }
        }
        let broken = !closed;
        // after a closing quote: a separator, a line end or the end of the text
        if (escaped) value = parts;
        if (i < n) {
          const c = text.charCodeAt(i);
          if (c !== delim && c !== LF && c !== CR) {
            const tail = i;
            while (i < n) {
              const d = text.charCodeAt(i);
              if (d === delim || d === LF || d === CR) break;
              i++;
            }
            value = (value ?? text.slice(s, e)) + text.slice(tail, i);
            if (!recordIssue) {
              recordIssue = 'bad_quoting';
              recordMessage = `characters after a closing quote on line ${line}`;
            }
            broken = true;
          }
        }
        if (broken && line > open && header !== undefined) {
          // a quoted field that runs over lines and then breaks (never closed, or closed with
          // characters after it) most likely lost its closing quote: the record is cut at the
          // end of the line its quote opened on, and the lines after it are skipped up to the
          // next that reads as a record, where reading resumes
          recordIssue = 'bad_quoting';
          recordMessage = `a quote opened on line ${open} is never properly closed (by a quote followed by a separator or a line end)`;
          e = lineEnd(s);
          value = text.slice(s, e);
          i = e;
          line = open;
          resyncing = true;
          skipped = 0;
          brokenStart = base;
          brokenLine = recordLine;
        }
      } else {
        s = i;
        let quoteInside = false;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === delim || c === LF || c === CR) break;
          if (c === QUOTE) quoteInside = true;
          i++;
        }
        e = i;
        if (quoteInside && !recordIssue) {
          recordIssue = 'bad_quoting';
          recordMessage = `a quote inside an unquoted field on line ${line}`;
        }
      }
      if (header === undefined) headerFields.push(value ?? text.slice(s, e));
      else if (k < ncol) {
        put(k, s, e);
        if (value !== undefined) (overrides[k] ??= new Map()).set(rows, value);
        else overrides[k]?.delete(rows);
      }
      if (k === 0) firstBlank = value === undefined && isBlankRange(s, e);
      k++;
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        if (i >= n) {
          // a trailing separator at the very end: one more empty field
          if (header === undefined) headerFields.push('');
          else if (k < ncol) {
            put(k, n, n);
          }
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
      setHeader(headerFields.map((h) => h.trim()));
      if (recordIssue) issues.push({ row: 0, line: recordLine, code: recordIssue, message: `header: ${recordMessage}` });
    } else if (k === 1 && ncol > 1 && recordIssue === undefined && firstBlank) {
      // a line holding only white space counts as a blank line
      overrides[0]?.delete(rows);
    } else {
      for (let c = k; c < ncol; c++) {
        starts[c]![rows] = 0;
        ends[c]![rows] = 0;
        overrides[c]?.delete(rows);
      }
      rows++;
      if (recordIssue) {
        if (resyncing) brokenIssue = issues.length;
        issues.push({ row: rows, line: recordLine, code: recordIssue, message: recordMessage });
      } else if (k !== ncol) {
        issues.push({ row: rows, line: recordLine, code: 'ragged_row', message: `has ${k} fields but the header has ${ncol}` });
      }
    }
    k = 0;
    recordIssue = undefined;
  }
  if (resyncing) {
    if (!final && rows > 1) {
      // still skipping at the part's end: the broken record goes to the next part
      rows--;
      issues.length = brokenIssue;
      for (let c = 0; c < ncol; c++) overrides[c]?.delete(rows);
      deferred = brokenStart;
      deferredLine = brokenLine;
      resyncing = false;
    } else endRecovery();
  }
  const consumed = deferred >= 0 ? deferred : n;
  const nextLine = deferred >= 0 ? deferredLine : line;
  if (header === undefined) {
    return { text, bytes, header: [], rows: 0, rowStart, starts: [], ends: [], overrides: [], issues: [{ row: 0, line: 1, code: 'empty_file', message: 'the text is empty: no header line' }], consumed, nextLine };
  }
  return { text, bytes, header, rows, rowStart: rowStart.subarray(0, rows), starts: starts.map((a) => a.subarray(0, rows)), ends: ends.map((a) => a.subarray(0, rows)), overrides, issues, consumed, nextLine };
}
