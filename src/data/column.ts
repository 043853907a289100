// Internal: one input column, read cell by cell. CSV columns read straight from the text
// (dates without making a substring); record and arquero columns wrap their arrays.
import { isBlank } from '../schema/is-blank.js';
import { dayAt, NOT_FAST, parseDayValue } from '../schema/parse-day-value.js';
import type { CsvScan } from './scan-csv.js';

export interface Column {
  readonly length: number;
  /** The raw value (a string for CSV). */
  get(r: number): unknown;
  /** Whether the cell is blank (see `isBlank`). */
  blank(r: number): boolean;
  /** Day number of a non-blank cell, NaN when it is not a date. */
  day(r: number): number;
  /** The cell as trimmed text, `''` when blank. */
  text(r: number): string;
}

export function arrayColumn(values: ArrayLike<unknown>): Column {
  return {
    length: values.length,
    get: (r) => values[r],
    blank: (r) => isBlank(values[r]),
    day: (r) => parseDayValue(values[r]),
    text: (r) => {
      const v = values[r];
      return typeof v === 'string' ? v.trim() : isBlank(v) ? '' : String(v).trim();
    },
  };
}

export function csvColumn(scan: CsvScan, c: number): Column {
  const { text } = scan;
  const starts = scan.starts[c]!;
  const ends = scan.ends[c]!;
  const over = scan.overrides[c];
  const get = over === undefined
    ? (r: number): string => text.slice(starts[r]!, ends[r]!)
    : (r: number): string => over.get(r) ?? text.slice(starts[r]!, ends[r]!);
  return {
    length: scan.rows,
    get,
    blank: (r) => {
      if (over?.has(r)) return isBlank(over.get(r));
      const e = ends[r]!;
      for (let j = starts[r]!; j < e; j++) {
        const ch = text.charCodeAt(j);
        if (ch !== 32 && ch !== 9 && ch !== 13 && ch !== 10) return false;
      }
      return true;
    },
    day: (r) => {
      const s = starts[r]!;
      if (ends[r]! - s === 10 && !over?.has(r)) {
        const d = dayAt(text, s);
        if (d !== NOT_FAST) return d;
      }
      return parseDayValue(get(r));
    },
    text: (r) => {
      const s = starts[r]!;
      const e = ends[r]!;
      if (over?.has(r)) return over.get(r)!.trim();
      if (e === s) return '';
      const a = text.charCodeAt(s);
      const b = text.charCodeAt(e - 1);
      const v = text.slice(s, e);
      // trim only when an end could be white space (any control/space or non-ASCII character)
      return a <= 32 || b <= 32 || a >= 127 || b >= 127 ? v.trim() : v;
    },
  };
}
