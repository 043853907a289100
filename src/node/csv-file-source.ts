import { isAscii, isUtf8 } from 'node:buffer';
import { fail } from '../core/errors.js';
import { csvScansSource, type RawIssue, type RawSource } from '../data/read-source.js';
import { scanCsv, type CsvScan } from '../data/scan-csv.js';
import { formatBytes, READ_LIMITS } from './read-limits.js';

/** How a CSV file's bytes are decoded (loader option `encoding`). */
export type CsvEncoding = 'utf-8' | 'latin1' | 'windows-1252';

/** A part's text, and for UTF-8 with invalid bytes where each became one U+FFFD. */
interface Decoded {
  text: string;
  /** Char offsets in `text` of the characters that stand for an invalid byte. */
  marks: number[];
  /** Their byte offsets in the part. */
  at: number[];
}

/**
 * Internal: a CSV file's bytes as a {@link RawSource}, decoded as `encoding` and scanned in
 * parts of at most `READ_LIMITS.partBytes` bytes (one string each; V8's longest string is
 * about 512 MiB), so a file of any size that fits in memory is read; each part ends after a
 * line end, and a record running past a part's end starts the next part (see `CsvPart`). With
 * UTF-8, a row holding bytes that are not valid UTF-8 is rejected (`invalid_encoding`, naming
 * the row and the byte's offset in the file) instead of being read with a replacement
 * character, so two ids differing only in bad bytes never become one; in the header, the
 * whole source is. `latin1` (ISO-8859-1) and `windows-1252` decode every byte. An ASCII file
 * (most extracts) is scanned from its bytes. O(bytes).
 *
 * @throws RiskStratifyError `file_unreadable` when a line is longer than a part.
 */
export function csvFileSource(fn: string, path: string, bytes: Buffer, delimiter: string, encoding: CsvEncoding): RawSource {
  const ascii = isAscii(bytes);
  const limit = READ_LIMITS.partBytes;
  const scans: CsvScan[] = [];
  const extra: RawIssue[] = [];
  let header: readonly string[] | undefined;
  let start = 0;
  let line = 1;
  let rows = 0;
  do {
    let end = bytes.length;
    if (end - start > limit) {
      const lf = bytes.lastIndexOf(10, start + limit - 1);
      if (lf < start) {
        fail({ fn, code: 'file_unreadable', path: [path], value: path, message: `cannot read file ${path}: line ${line} is longer than ${formatBytes(limit)} (the most read into one string) with no line end`, details: { reason: 'too_large', limit } });
      }
      end = lf + 1;
    }
    const part = bytes.subarray(start, end);
    const d = decode(part, ascii, encoding);
    const final = end === bytes.length;
    const scan = scanCsv(d.text, delimiter, true, ascii ? part : undefined, { header, firstLine: line, final });
    scans.push(scan);
    header ??= scan.header;
    invalidRows(extra, part, d, scan, start, rows);
    // the next part starts where this one's last whole record ended
    const used = scan.consumed === d.text.length ? part.length : byteLength(d, scan.consumed, encoding, ascii);
    if (used === 0) fail({ fn, code: 'file_unreadable', path: [path], value: path, message: `cannot read file ${path}: the record on line ${line} is longer than ${formatBytes(limit)}`, details: { reason: 'too_large', limit } });
    start += used;
    line = scan.nextLine;
    rows += scan.rows;
    if (header.length === 0) break;
  } while (start < bytes.length);
  return csvScansSource(scans, path, extra);
}

function decode(part: Buffer, ascii: boolean, encoding: CsvEncoding): Decoded {
  // an ASCII file reads the same in every encoding. It is decoded as UTF-8 even so: Node makes
  // a large latin1 string an external string, whose slices (the ids) are slower and whose
  // size adds to the external memory that triggers garbage collections
  if (ascii || (encoding === 'utf-8' && isUtf8(part))) return { text: part.toString('utf8'), marks: [], at: [] };
  if (encoding === 'latin1') return { text: part.toString('latin1'), marks: [], at: [] };
  if (encoding === 'windows-1252') return { text: decodeWindows1252(part), marks: [], at: [] };
  return decodeMarked(part);
}

/**
 * Windows-1252 (Node's TextDecoder reads it as ISO-8859-1): latin1, then the 32 bytes 0x80 to
 * 0x9F that Windows-1252 gives printable characters (the euro sign, curly quotes, dashes, ...);
 * the five it leaves undefined stay as their control characters, as the WHATWG decoder does. O(bytes).
 */
function decodeWindows1252(part: Buffer): string {
  const text = part.toString('latin1');
  return /[\x80-\x9f]/.test(text) ? text.replace(/[\x80-\x9f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80]!) : text;
}

/** The characters of bytes 0x80..0x9F in Windows-1252 (undefined ones as themselves). */
const CP1252 = [
  '\u20ac', '\x81', '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021', '\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', '\x8d', '\u017d', '\x8f',
  '\x90', '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014', '\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', '\x9d', '\u017e', '\u0178',
];

/**
 * UTF-8 with invalid bytes: the valid runs decoded as they are, each byte that does not
 * start or continue a well-formed sequence (RFC 3629: no overlong forms, no surrogates, at
 * most U+10FFFF) one U+FFFD, with its place noted. O(bytes).
 */
function decodeMarked(b: Buffer): Decoded {
  const n = b.length;
  const pieces: string[] = [];
  const marks: number[] = [];
  const at: number[] = [];
  let chars = 0;
  let from = 0;
  let i = 0;
  const cont = (j: number, lo = 0x80, hi = 0xbf): boolean => j < n && b[j]! >= lo && b[j]! <= hi;
  while (i < n) {
    const x = b[i]!;
    let len = 0;
    if (x < 0x80) len = 1;
    else if (x >= 0xc2 && x <= 0xdf) len = cont(i + 1) ? 2 : 0;
    else if (x >= 0xe0 && x <= 0xef) len = cont(i + 1, x === 0xe0 ? 0xa0 : 0x80, x === 0xed ? 0x9f : 0xbf) && cont(i + 2) ? 3 : 0;
    else if (x >= 0xf0 && x <= 0xf4) len = cont(i + 1, x === 0xf0 ? 0x90 : 0x80, x === 0xf4 ? 0x8f : 0xbf) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (len > 0) {
      i += len;
      continue;
    }
    const run = b.toString('utf8', from, i);
    pieces.push(run, '\uFFFD');
    chars += run.length;
    marks.push(chars);
    at.push(i);
    chars++;
    i++;
    from = i;
  }
  pieces.push(b.toString('utf8', from, n));
  return { text: pieces.join(''), marks, at };
}

/** Bytes of the part before char offset `c` of its text (a record start). */
function byteLength(d: Decoded, c: number, encoding: CsvEncoding, ascii: boolean): number {
  if (ascii || encoding !== 'utf-8') return c; // one byte per character
  // U+FFFD takes 3 bytes in UTF-8 but stands for one invalid byte
  let k = 0;
  while (k < d.marks.length && d.marks[k]! < c) k++;
  return Buffer.byteLength(d.text.slice(0, c), 'utf8') - 2 * k;
}

/** One `invalid_encoding` issue per row (or the header) holding an invalid byte. */
function invalidRows(out: RawIssue[], part: Buffer, d: Decoded, scan: CsvScan, partStart: number, rowsBefore: number): void {
  let lastRow = -1;
  for (let k = 0; k < d.marks.length; k++) {
    const m = d.marks[k]!;
    if (m >= scan.consumed) break;
    // the last record starting at or before the mark (lines a recovery skipped belong to the record before them)
    let lo = 0;
    let hi = scan.rows - 1;
    let r = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (scan.rowStart[mid]! <= m) {
        r = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const row = r < 0 ? 0 : rowsBefore + r + 1;
    if (row === lastRow) continue;
    lastRow = row;
    const offset = partStart + d.at[k]!;
    const hex = `0x${part[d.at[k]!]!.toString(16).toUpperCase().padStart(2, '0')}`;
    out.push({
      row, field: '', value: `${hex} at byte ${offset}`, code: 'invalid_encoding',
      message: `${row === 0 ? 'the header' : `row ${row}`} holds the byte ${hex}, not valid UTF-8, at byte offset ${offset} of the file: ` +
        "the row is rejected rather than read with a replacement character. If the file is in another encoding, say so with encoding: 'windows-1252' (or 'latin1')",
    });
  }
}
