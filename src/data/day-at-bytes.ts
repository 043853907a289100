// Internal: a date cell read from ASCII bytes in place, exactly as `dayAt` reads it from text.
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

/**
 * Internal: the day number of the 10 bytes of `bytes` from `s` when they are `yyyy-mm-dd` or
 * `dd/mm/yyyy` (NaN for an impossible date such as 2023-02-30), or `NOT_FAST` when they are
 * in neither form: the same result as `dayAt(text, s)` on the text whose ASCII bytes these
 * are, read without `charCodeAt`. O(1).
 *
 * @param bytes - ASCII bytes holding at least 10 bytes from `s`.
 * @param s - Where the cell starts.
 * @returns The day number, NaN, or `NOT_FAST`.
 * @example
 * dayAtBytes(new TextEncoder().encode('1970-01-02'), 0); // => 1
 */
export function dayAtBytes(bytes: Uint8Array, s: number): number {
  // offsets of the year's four digits, the month's two and the day's two
  let y0: number;
  let m0: number;
  let d0: number;
  if (bytes[s + 4] === 45 && bytes[s + 7] === 45) {
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
  const a = bytes[y0]! - 48;
  const b = bytes[y0 + 1]! - 48;
  const c = bytes[y0 + 2]! - 48;
  const e = bytes[y0 + 3]! - 48;
  const f = bytes[m0]! - 48;
  const g = bytes[m0 + 1]! - 48;
  const h = bytes[d0]! - 48;
  const k = bytes[d0 + 1]! - 48;
  // every byte a digit: each is 0..9 exactly when no (unsigned) difference exceeds 9
  if ((a >>> 0) > 9 || (b >>> 0) > 9 || (c >>> 0) > 9 || (e >>> 0) > 9 || (f >>> 0) > 9 || (g >>> 0) > 9 || (h >>> 0) > 9 || (k >>> 0) > 9) return Number.NaN;
  const year = a * 1000 + b * 100 + c * 10 + e;
  const month = f * 10 + g;
  const day = h * 10 + k;
  if (month < 1 || month > 12 || day < 1) return Number.NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  if (day > MONTH_DAYS[month]! + (month === 2 ? leap : 0)) return Number.NaN;
  // dayFromCivil(year, month, day) from tables: no division per cell
  return (yearStart ??= yearStarts())[year]! + BEFORE_MONTH[month]! + (month > 2 ? leap : 0) + day - 1;
}
