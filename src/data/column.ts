// Internal: one input column, read cell by cell. CSV columns read straight from the text
// (dates and coded values without making a substring per cell); record and arquero columns
// wrap their arrays.
import { isBlank } from '../schema/is-blank.js';
import { dayAt, NOT_FAST, parseDayValue } from '../schema/parse-day-value.js';
import { dayAtBytes } from './day-at-bytes.js';
import type { CsvScan } from './scan-csv.js';

/** Marks a blank cell in {@link Column.days} (no date is -Infinity). */
export const BLANK_DAY = Number.NEGATIVE_INFINITY;
/** Marks a blank cell in {@link Column.dayNumbers} (no day of a 4-digit year is this low). */
export const BLANK_DAY32 = -0x80000000;
/** Marks a cell that is not a date in {@link Column.dayNumbers}. */
export const NOT_A_DAY32 = -0x7fffffff;

/** What {@link Column.lookup} gives for a blank cell. */
export const LOOKUP_BLANK = -0x80000000;
/** What {@link Column.lookup} gives for a cell whose text is not in the index. */
export const LOOKUP_ABSENT = -0x7fffffff;

/**
 * A table of texts (patient ids) that can be searched for a range of characters or of ASCII
 * bytes without making the string (see `IdIndex`); values are never {@link LOOKUP_BLANK} or
 * {@link LOOKUP_ABSENT}.
 */
export interface RangeLookup {
  get(text: string): number | undefined;
  getText(s: string, a: number, b: number): number | undefined;
  getBytes(bytes: Uint8Array, a: number, b: number): number | undefined;
}

/** What {@link Column.decimal} gives for a cell that is not a plain decimal. */
export const NOT_PLAIN = -1;

/** The distinct raw values of a column and, for each row, the index of its value. */
export interface ColumnCodes {
  /** Distinct raw values in order of first appearance (each as `get(r)` returns it). */
  readonly values: readonly unknown[];
  /**
   * `values[codes[r]]` is the raw value of row r. CSV columns use the narrowest array that
   * holds the codes (bytes for up to 256 distinct values, 16 bits up to 65,536).
   */
  readonly codes: Uint8Array | Uint16Array | Uint32Array;
}

export interface Column {
  readonly length: number;
  /** The raw value (a string for CSV). */
  get(r: number): unknown;
  /** Whether the cell is blank (see `isBlank`). */
  blank(r: number): boolean;
  /** Day number of a non-blank cell, NaN when it is not a date. */
  day(r: number): number;
  /** The cell as trimmed text, `''` when blank: `cellText(get(r))`. */
  text(r: number): string;
  /**
   * Every row's day number at once: {@link BLANK_DAY} where `blank(r)`, else `day(r)`
   * (NaN when not a date). O(rows).
   */
  days(): Float64Array;
  /**
   * CSV columns only: {@link Column.days} in half the memory, as 32-bit day numbers with
   * {@link BLANK_DAY32} where blank and {@link NOT_A_DAY32} where not a date. Every date a
   * CSV cell can hold has a 4-digit year, so its day number fits. O(rows).
   */
  dayNumbers?(): Int32Array;
  /**
   * The column as codes into its distinct raw values, so that a coded field (sex, flags,
   * practice) is parsed once per distinct value rather than once per row. O(rows).
   */
  intern(): ColumnCodes;
  /**
   * CSV columns only: every row's `text(r)` looked up in `index` without making a string per
   * row (a run of one id, as in an extract sorted by patient, is looked up once):
   * {@link LOOKUP_BLANK} where `text(r)` is `''`, {@link LOOKUP_ABSENT} where it is not in the
   * index, else its value. O(characters).
   */
  lookup?(index: RangeLookup): Int32Array;
  /**
   * CSV columns only: the cell's value when it is a plain decimal (ASCII digits, optionally a
   * point and more digits, 15 digits at most in all), read in place: exactly `Number(text)`
   * (an integer of at most 15 digits over a power of ten is one correctly rounded division).
   * {@link NOT_PLAIN} for any other cell (blank, signed, an exponent, spaces, ...): read it
   * the usual way. O(1) per cell.
   */
  decimal?(r: number): number;
}

/** 10^k for k = 0..15, exact as doubles. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * The plain decimal in the characters (`bytes` undefined) or ASCII bytes from `a` to `b`, or
 * {@link NOT_PLAIN}; see {@link Column.decimal}.
 */
function plainDecimal(text: string, bytes: Uint8Array | undefined, a: number, b: number): number {
  if (b <= a || b - a > 16) return NOT_PLAIN;
  let n = 0;
  let point = -1;
  for (let j = a; j < b; j++) {
    const c = bytes !== undefined ? bytes[j]! : text.charCodeAt(j);
    const d = c - 48;
    if ((d >>> 0) <= 9) n = n * 10 + d;
    else if (c === 46 && point < 0 && j > a && j < b - 1) point = j;
    else return NOT_PLAIN;
  }
  if (point < 0) return b - a > 15 ? NOT_PLAIN : n;
  return n / POW10[b - point - 1]!;
}

/**
 * The text of a raw value, trimmed; `''` when blank. Every column's `text(r)` is
 * `cellText(get(r))`.
 */
export function cellText(v: unknown): string {
  return typeof v === 'string' ? v.trim() : isBlank(v) ? '' : String(v).trim();
}

export function arrayColumn(values: ArrayLike<unknown>): Column {
  return {
    length: values.length,
    get: (r) => values[r],
    blank: (r) => isBlank(values[r]),
    day: (r) => parseDayValue(values[r]),
    text: (r) => cellText(values[r]),
    days: () => Float64Array.from({ length: values.length }, (_, r) => (isBlank(values[r]) ? BLANK_DAY : parseDayValue(values[r]))),
    intern: () => {
      // Map keys are compared by SameValueZero: 0 and -0 (and every NaN) share a code, and
      // every parser gives them the same result
      const index = new Map<unknown, number>();
      const distinct: unknown[] = [];
      const codes = new Uint32Array(values.length);
      for (let r = 0; r < values.length; r++) {
        const v = values[r];
        let k = index.get(v);
        if (k === undefined) {
          k = distinct.length;
          index.set(v, k);
          distinct.push(v);
        }
        codes[r] = k;
      }
      return { values: distinct, codes };
    },
  };
}

/**
 * A 32-bit hash of the characters of `s` from `a` to `b`: FNV-1a, then MurmurHash3's
 * finaliser so that the low bits (the table slot) depend on every character.
 */
export function hashRange(s: string, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let j = a; j < b; j++) h = Math.imul(h ^ s.charCodeAt(j), 0x01000193);
  return finish(h);
}

/** {@link hashRange} of ASCII bytes: the same hash as of the text they encode. */
export function hashBytes(bytes: Uint8Array, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let j = a; j < b; j++) h = Math.imul(h ^ bytes[j]!, 0x01000193);
  return finish(h);
}

/** MurmurHash3's 32-bit finaliser: every input bit reaches the low bits. */
function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Whether `v` is the ASCII bytes from `a` to `b`. */
export function sameBytes(v: string, bytes: Uint8Array, a: number, b: number): boolean {
  if (v.length !== b - a) return false;
  for (let j = 0; j < v.length; j++) if (v.charCodeAt(j) !== bytes[a + j]) return false;
  return true;
}

/** Whether the `len` bytes from `a` are those from `b`. */
function sameByteCells(bytes: Uint8Array, a: number, b: number, len: number): boolean {
  for (let j = 0; j < len; j++) if (bytes[a + j] !== bytes[b + j]) return false;
  return true;
}

/** Whether the `len` characters of `s` from `a` are those from `b`. */
function sameCell(s: string, a: number, b: number, len: number): boolean {
  for (let j = 0; j < len; j++) if (s.charCodeAt(a + j) !== s.charCodeAt(b + j)) return false;
  return true;
}

/** Whether `v` is the characters of `s` from `a` to `b`. */
export function sameRange(v: string, s: string, a: number, b: number): boolean {
  if (v.length !== b - a) return false;
  for (let j = 0; j < v.length; j++) if (v.charCodeAt(j) !== s.charCodeAt(a + j)) return false;
  return true;
}

/**
 * Codes of a CSV column: each cell's characters are hashed in place and looked up in an
 * open-addressing table of the distinct values seen, so a cell makes a string only the
 * first time its value appears; empty and one-character ASCII cells (sex, flags, most
 * deciles) are looked up by their character without hashing. O(characters).
 */
function internCsv(scan: CsvScan, c: number): ColumnCodes {
  const { text, rows, bytes } = scan;
  const base = scan.rowStart;
  const starts = scan.starts[c]!;
  const ends = scan.ends[c]!;
  const over = scan.overrides[c];
  const distinct: string[] = [];
  const hashes: number[] = [];
  // a byte per row while there are at most 256 distinct values (sex, flags, deciles,
  // ethnicity): a quarter of the memory of 32-bit codes; widened when a value needs it
  let codes: Uint8Array | Uint16Array | Uint32Array = new Uint8Array(rows);
  // short[0] is the code of '', short[ch + 1] of the one character ch (ch < 128)
  const short = new Int32Array(129).fill(-1);
  let slots = new Int32Array(64).fill(-1);
  let mask = slots.length - 1;
  const hashed: number[] = []; // the codes held in `slots`
  let last = -1; // the code of the last hashed cell
  const add = (s: string, a: number, b: number, h: number): number => {
    distinct.push(s.slice(a, b));
    hashes.push(h);
    const k = distinct.length - 1;
    if (k === 256 || k === 65536) {
      const wider = k === 256 ? new Uint16Array(rows) : new Uint32Array(rows);
      wider.set(codes);
      codes = wider;
    }
    return k;
  };
  for (let r = 0; r < rows; r++) {
    let s = text;
    let a = base[r]! + starts[r]!;
    let b = base[r]! + ends[r]!;
    const o = over?.get(r);
    if (o !== undefined) {
      s = o;
      a = 0;
      b = o.length;
    }
    // read from bytes when the cell is a slice of an ASCII text (same characters, same hash)
    const inBytes = bytes !== undefined && o === undefined;
    if (b - a <= 1) {
      const key = b === a ? 0 : (inBytes ? bytes[a]! : s.charCodeAt(a)) + 1;
      if (key <= 128) {
        let k = short[key]!;
        if (k < 0) short[key] = k = add(s, a, b, 0);
        codes[r] = k;
        continue;
      }
    }
    // a run of one value (a practice column sorted by practice) needs no hashing
    if (last >= 0 && (inBytes ? sameBytes(distinct[last]!, bytes, a, b) : sameRange(distinct[last]!, s, a, b))) {
      codes[r] = last;
      continue;
    }
    const h = inBytes ? hashBytes(bytes, a, b) : hashRange(s, a, b);
    let slot = h & mask;
    for (;;) {
      const k = slots[slot]!;
      if (k < 0) {
        const v = add(s, a, b, h);
        slots[slot] = v;
        hashed.push(v);
        codes[r] = last = v;
        if (hashed.length * 2 > slots.length) {
          // keep the table at most half full
          slots = new Int32Array(slots.length * 4).fill(-1);
          mask = slots.length - 1;
          for (const x of hashed) {
            let y = hashes[x]! & mask;
            while (slots[y]! >= 0) y = (y + 1) & mask;
            slots[y] = x;
          }
        }
        break;
      }
      if (hashes[k] === h && (inBytes ? sameBytes(distinct[k]!, bytes, a, b) : sameRange(distinct[k]!, s, a, b))) {
        codes[r] = last = k;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { values: distinct, codes };
}

export function csvColumn(scan: CsvScan, c: number): Column {
  const { text } = scan;
  const base = scan.rowStart;
  const starts = scan.starts[c]!;
  const ends = scan.ends[c]!;
  const over = scan.overrides[c];
  const get = over === undefined
    ? (r: number): string => text.slice(base[r]! + starts[r]!, base[r]! + ends[r]!)
    : (r: number): string => over.get(r) ?? text.slice(base[r]! + starts[r]!, base[r]! + ends[r]!);
  // every row's day number into `out`: `blank` where the cell is blank, `invalid` where it is
  // not a date (out is 64-bit for days(), 32-bit for dayNumbers())
  const fillDays = <T extends Float64Array | Int32Array>(out: T, blank: number, invalid: number): T => {
    const { bytes } = scan;
    for (let r = 0; r < scan.rows; r++) {
      const s = base[r]! + starts[r]!;
      const e = base[r]! + ends[r]!;
      let d = NOT_FAST;
      // the common forms (a 10-character date, with or without a time), read in place (from
      // the ASCII bytes when there are some); 10 or more characters are not blank
      if (e - s >= 10 && !over?.has(r)) d = bytes !== undefined ? dayAtBytes(bytes, s, e) : dayAt(text, s, e);
      if (d === NOT_FAST) d = e === s && !over?.has(r) ? BLANK_DAY : column.blank(r) ? BLANK_DAY : column.day(r);
      out[r] = d === BLANK_DAY ? blank : Number.isNaN(d) ? invalid : d;
    }
    return out;
  };
  const column: Column = {
    length: scan.rows,
    get,
    blank: (r) => {
      if (over?.has(r)) return isBlank(over.get(r));
      const e = base[r]! + ends[r]!;
      for (let j = base[r]! + starts[r]!; j < e; j++) {
        const ch = text.charCodeAt(j);
        if (ch !== 32 && ch !== 9 && ch !== 13 && ch !== 10) return false;
      }
      return true;
    },
    day: (r) => {
      const s = base[r]! + starts[r]!;
      const e = base[r]! + ends[r]!;
      if (e - s >= 10 && !over?.has(r)) {
        const { bytes } = scan;
        const d = bytes !== undefined ? dayAtBytes(bytes, s, e) : dayAt(text, s, e);
        if (d !== NOT_FAST) return d;
      }
      return parseDayValue(get(r));
    },
    text: (r) => {
      const s = base[r]! + starts[r]!;
      const e = base[r]! + ends[r]!;
      if (over?.has(r)) return over.get(r)!.trim();
      if (e === s) return '';
      const a = text.charCodeAt(s);
      const b = text.charCodeAt(e - 1);
      const v = text.slice(s, e);
      // trim only when an end could be white space (any control/space or non-ASCII character)
      return a <= 32 || b <= 32 || a >= 127 || b >= 127 ? v.trim() : v;
    },
    days: () => fillDays(new Float64Array(scan.rows), BLANK_DAY, Number.NaN),
    dayNumbers: () => fillDays(new Int32Array(scan.rows), BLANK_DAY32, NOT_A_DAY32),
    intern: () => internCsv(scan, c),
    lookup: (index) => {
      const out = new Int32Array(scan.rows);
      const { bytes } = scan;
      // the previous cell looked up from its characters, and its value
      let pa = 0;
      let pb = -1;
      let pv = LOOKUP_ABSENT;
      for (let r = 0; r < scan.rows; r++) {
        const s = base[r]! + starts[r]!;
        const e = base[r]! + ends[r]!;
        if (over === undefined || !over.has(r)) {
          if (e === s) {
            out[r] = LOOKUP_BLANK;
            continue;
          }
          const a = text.charCodeAt(s);
          const z = text.charCodeAt(e - 1);
          // text(r) is the slice itself: no end that trimming could remove
          if (a > 32 && a < 127 && z > 32 && z < 127) {
            if (e - s === pb - pa && (bytes !== undefined ? sameByteCells(bytes, pa, s, e - s) : sameCell(text, pa, s, e - s))) {
              out[r] = pv;
              continue;
            }
            const v = bytes !== undefined ? index.getBytes(bytes, s, e) : index.getText(text, s, e);
            pa = s;
            pb = e;
            out[r] = pv = v ?? LOOKUP_ABSENT;
            continue;
          }
        }
        const t = column.text(r);
        out[r] = t === '' ? LOOKUP_BLANK : index.get(t) ?? LOOKUP_ABSENT;
      }
      return out;
    },
    decimal: (r) => (over !== undefined && over.has(r) ? NOT_PLAIN : plainDecimal(text, scan.bytes, base[r]! + starts[r]!, base[r]! + ends[r]!)),
  };
  return column;
}
