// Internal: a date cell (with or without a time) read from ASCII bytes in place, exactly as
// `dayAt` reads it from text.
import { dayFromCivil } from '../core/dates.js';
import { NOT_FAST } from '../schema/parse-day-value.js';

/** Days in each month of a common year (index 1..12). */
const MONTH_DAYS = new Int32Array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
/** Days in a common year before the first of each month (index 1..12). */
const BEFORE_MONTH = new Int32Array([0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]);
/** The day number of 1 January of each year 0..9999, made on first use (40 KB). */
let yearStart: Int32Array | undefined;
function yearStarts(): Int32Array {
  const t = new Int32Array(10000);
  for (let y = 0; y < 10000; y++) t[y] = dayFromCivil(y, 1, 1);
  return t;
}

/** The value of the two digit bytes at `i` when they are at most `max`, else -1. */
function upTo(bytes: Uint8Array, i: number, max: number): number {
  const a = bytes[i]! - 48;
  const b = bytes[i + 1]! - 48;
  if ((a >>> 0) > 9 || (b >>> 0) > 9) return -1;
  const x = a * 10 + b;
  return x <= max ? x : -1;
}

/**
 * Internal: whether bytes `p` to `e` are a time a date may carry: the rule of `timeAt` in
 * `parse-day-value.ts` (and of core `parseDate`), read from bytes. O(e - p).
 */
function timeAtBytes(bytes: Uint8Array, p: number, e: number, iso: boolean): boolean {
  if (e - p < 6) return false;
  const sep = bytes[p];
  if (sep !== 32 && !(iso && sep === 84)) return false;
  if (upTo(bytes, p + 1, 23) < 0 || bytes[p + 3] !== 58 || upTo(bytes, p + 4, 59) < 0) return false;
  let i = p + 6;
  if (i < e && bytes[i] === 58) {
    if (i + 3 > e || upTo(bytes, i + 1, 59) < 0) return false;
    i += 3;
    if (i < e && bytes[i] === 46) {
      let j = i + 1;
      while (j < e && bytes[j]! >= 48 && bytes[j]! <= 57) j++;
      if (j === i + 1 || j - i - 1 > 9) return false;
      i = j;
    }
  }
  if (i === e) return true;
  if (!iso) return false;
  const z = bytes[i];
  if (z === 90) return i + 1 === e;
  if ((z !== 43 && z !== 45) || i + 3 > e || upTo(bytes, i + 1, 23) < 0) return false;
  i += 3;
  if (i === e) return true;
  if (bytes[i] === 58) i++;
  return i + 2 === e && upTo(bytes, i, 59) >= 0;
}

/**
 * Internal: the day number of the bytes of `bytes` from `s` to `e` (default `s + 10`) when
 * they are `yyyy-mm-dd` or `dd/mm/yyyy`, followed by nothing or by a time that is checked
 * and then ignored (`2024-03-01T14:05:00Z`, `2024-03-01 14:05:00.000`, `01/03/2024 14:05`):
 * NaN for an impossible date such as 2023-02-30, `NOT_FAST` for anything else. The same
 * result as `dayAt(text, s, e)` on the text whose ASCII bytes these are, read without
 * `charCodeAt`. O(e - s).
 *
 * @param bytes - ASCII bytes holding at least 10 bytes from `s`.
 * @param s - Where the cell starts.
 * @param e - Where the cell ends (exclusive).
 * @returns The day number, NaN, or `NOT_FAST`.
 * @example
 * dayAtBytes(new TextEncoder().encode('1970-01-02'), 0); // => 1
 * dayAtBytes(new TextEncoder().encode('02/01/1970 23:59'), 0, 16); // => 1
 */
export function dayAtBytes(bytes: Uint8Array, s: number, e = s + 10): number {
  // offsets of the year's four digits, the month's two and the day's two
  let y0: number;
  let m0: number;
  let d0: number;
  const iso = bytes[s + 4] === 45 && bytes[s + 7] === 45;
  if (iso) {
    y0 = s;
    m0 = s + 5;
    d0 = s + 8;
  } else if (bytes[s + 2] === 47 && bytes[s + 5] === 47) {
    y0 = s + 6;
    m0 = s + 3;
    d0 = s;
  } else {
    return NOT_FAST;
  }
  if (e !== s + 10 && !(e > s + 10 && timeAtBytes(bytes, s + 10, e, iso))) return NOT_FAST;
  const a = bytes[y0]! - 48;
  const b = bytes[y0 + 1]! - 48;
  const c = bytes[y0 + 2]! - 48;
  const f0 = bytes[y0 + 3]! - 48;
  const f = bytes[m0]! - 48;
  const g = bytes[m0 + 1]! - 48;
  const h = bytes[d0]! - 48;
  const k = bytes[d0 + 1]! - 48;
  // every byte a digit: each is 0..9 exactly when no (unsigned) difference exceeds 9
  if ((a >>> 0) > 9 || (b >>> 0) > 9 || (c >>> 0) > 9 || (f0 >>> 0) > 9 || (f >>> 0) > 9 || (g >>> 0) > 9 || (h >>> 0) > 9 || (k >>> 0) > 9) return Number.NaN;
  const year = a * 1000 + b * 100 + c * 10 + f0;
  const month = f * 10 + g;
  const day = h * 10 + k;
  if (month < 1 || month > 12 || day < 1) return Number.NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  if (day > MONTH_DAYS[month]! + (month === 2 ? leap : 0)) return Number.NaN;
  // dayFromCivil(year, month, day) from tables: no division per cell
  return (yearStart ??= yearStarts())[year]! + BEFORE_MONTH[month]! + (month > 2 ? leap : 0) + day - 1;
}
