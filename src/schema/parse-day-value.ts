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

/** The value of the two digits at `i` when they are at most `max`, else -1. */
function upTo(s: string, i: number, max: number): number {
  const x = twoDigits(s, i);
  return x <= max ? x : -1;
}

/**
 * Internal: whether the characters of `text` from `p` to `e` are a time that a date may
 * carry (checked, then ignored): ISO (`iso`) `Thh:mm[:ss[.f]]` or ` hh:mm[:ss[.f]]` (1 to 9
 * fraction digits) with an optional `Z`, `±hh`, `±hhmm` or `±hh:mm`; UK ` hh:mm[:ss[.f]]`. The
 * same rule as core `parseDate`'s, read with `charCodeAt` (no regular expression). O(e - p).
 */
export function timeAt(text: string, p: number, e: number, iso: boolean): boolean {
  if (e - p < 6) return false;
  const sep = text.charCodeAt(p);
  if (sep !== 32 && !(iso && sep === 84)) return false;
  if (upTo(text, p + 1, 23) < 0 || text.charCodeAt(p + 3) !== 58 || upTo(text, p + 4, 59) < 0) return false;
  let i = p + 6;
  if (i < e && text.charCodeAt(i) === 58) {
    if (i + 3 > e || upTo(text, i + 1, 59) < 0) return false;
    i += 3;
    if (i < e && text.charCodeAt(i) === 46) {
      let j = i + 1;
      while (j < e && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      if (j === i + 1 || j - i - 1 > 9) return false;
      i = j;
    }
  }
  if (i === e) return true;
  if (!iso) return false;
  const z = text.charCodeAt(i);
  if (z === 90) return i + 1 === e;
  if ((z !== 43 && z !== 45) || i + 3 > e || upTo(text, i + 1, 23) < 0) return false;
  i += 3;
  if (i === e) return true;
  if (text.charCodeAt(i) === 58) i++;
  return i + 2 === e && upTo(text, i, 59) >= 0;
}

/**
 * Reads a date cell into a day number (days since 1970-01-01), accepting exactly what core
 * `parseDate` accepts (`yyyy-mm-dd` and `dd/mm/yyyy`, each optionally with a time that is
 * checked and then ignored: `2024-03-01T14:05:00Z`, `2024-03-01 14:05:00`,
 * `01/03/2024 14:05`), plus a JavaScript `Date` (its UTC day, as arquero's CSV reader
 * produces) and an integer day number. The common forms (a 10-character date, with or
 * without a time) are read with `charCodeAt` (no regular expression); anything else falls
 * back to `parseDate`. O(length of the text).
 *
 * @param value - A non-blank cell (check {@link isBlank} first).
 * @returns The day number, or `NaN` when the value is not a valid date (e.g. 31/02/2020).
 * @example
 * parseDayValue('1970-01-02');       // => 1
 * parseDayValue('02/01/1970');       // => 1
 * parseDayValue('02/01/1970 00:00'); // => 1
 * parseDayValue('2020-02-30');       // => NaN
 */
export function parseDayValue(value: unknown): number {
  if (typeof value === 'string') {
    if (value.length >= 10) {
      const d = dayAt(value, 0, value.length);
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

/** Returned by {@link dayAt} when the characters are in none of the fast forms. */
export const NOT_FAST = -Infinity;

/**
 * Internal: the day number of the characters of `text` from `s` to `e` (default `s + 10`)
 * when they are `yyyy-mm-dd` or `dd/mm/yyyy`, followed by nothing or by a time
 * ({@link timeAt}): NaN for an impossible date or a date-shaped cell with other characters
 * than digits, {@link NOT_FAST} for anything else (which `parseDate` then decides). Reads in
 * place with `charCodeAt` (no substring).
 */
export function dayAt(text: string, s: number, e = s + 10): number {
  let iso: boolean;
  let day: number;
  if (text.charCodeAt(s + 4) === 45 && text.charCodeAt(s + 7) === 45) {
    iso = true;
    const hi = twoDigits(text, s);
    const lo = twoDigits(text, s + 2);
    const m = twoDigits(text, s + 5);
    const d = twoDigits(text, s + 8);
    day = hi < 0 || lo < 0 || m < 0 || d < 0 ? Number.NaN : checked(hi * 100 + lo, m, d);
  } else if (text.charCodeAt(s + 2) === 47 && text.charCodeAt(s + 5) === 47) {
    iso = false;
    const d = twoDigits(text, s);
    const m = twoDigits(text, s + 3);
    const hi = twoDigits(text, s + 6);
    const lo = twoDigits(text, s + 8);
    day = hi < 0 || lo < 0 || m < 0 || d < 0 ? Number.NaN : checked(hi * 100 + lo, m, d);
  } else {
    return NOT_FAST;
  }
  if (e === s + 10) return day;
  return e > s + 10 && timeAt(text, s + 10, e, iso) ? day : NOT_FAST;
}
