import { dayFromCivil, parseDate } from '../core/dates.js';

function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function checked(y: number, m: number, d: number): number {
  if (y < 0 || m < 1 || m > 12 || d < 1) return Number.NaN;
  const last = m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m]!;
  return d > last ? Number.NaN : dayFromCivil(y, m, d);
}

/**
 * Reads a date cell into a day number (days since 1970-01-01), accepting exactly what core
 * `parseDate` accepts (`yyyy-mm-dd`, optionally with a time that is ignored, and
 * `dd/mm/yyyy`), plus a JavaScript `Date` (its UTC day, as arquero's CSV reader produces)
 * and an integer day number. The common 10-character forms are read with `charCodeAt`
 * (no regular expression); anything else falls back to `parseDate`. O(length of the text).
 *
 * @param value - A non-blank cell (check {@link isBlank} first).
 * @returns The day number, or `NaN` when the value is not a valid date (e.g. 31/02/2020).
 * @example
 * parseDayValue('1970-01-02'); // => 1
 * parseDayValue('02/01/1970'); // => 1
 * parseDayValue('2020-02-30'); // => NaN
 */
export function parseDayValue(value: unknown): number {
  if (typeof value === 'string') {
    if (value.length === 10) {
      const d = dayAt(value, 0);
      if (d !== NOT_FAST) return d;
    }
    return parseDate(value) ?? Number.NaN;
  }
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number.NaN;
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? Number.NaN : Math.floor(t / 86400000);
  }
  return Number.NaN;
}

/** Returned by {@link dayAt} when the 10 characters are in neither fast form. */
export const NOT_FAST = -Infinity;

/**
 * Internal: the day number of the 10 characters of `text` from `s` when they are
 * `yyyy-mm-dd` or `dd/mm/yyyy` (NaN for an impossible date), or {@link NOT_FAST} when
 * they are in neither form. Reads in place with `charCodeAt` (no substring).
 */
export function dayAt(text: string, s: number): number {
  if (text.charCodeAt(s + 4) === 45 && text.charCodeAt(s + 7) === 45) {
    const hi = twoDigits(text, s);
    const lo = twoDigits(text, s + 2);
    const m = twoDigits(text, s + 5);
    const d = twoDigits(text, s + 8);
    if (hi < 0 || lo < 0 || m < 0 || d < 0) return Number.NaN;
    return checked(hi * 100 + lo, m, d);
  }
  if (text.charCodeAt(s + 2) === 47 && text.charCodeAt(s + 5) === 47) {
    const d = twoDigits(text, s);
    const m = twoDigits(text, s + 3);
    const hi = twoDigits(text, s + 6);
    const lo = twoDigits(text, s + 8);
    if (hi < 0 || lo < 0 || m < 0 || d < 0) return Number.NaN;
    return checked(hi * 100 + lo, m, d);
  }
  return NOT_FAST;
}
