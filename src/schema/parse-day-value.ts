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
      if (value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45) {
        const hi = twoDigits(value, 0);
        const lo = twoDigits(value, 2);
        const m = twoDigits(value, 5);
        const d = twoDigits(value, 8);
        if (hi < 0 || lo < 0 || m < 0 || d < 0) return Number.NaN;
        return checked(hi * 100 + lo, m, d);
      }
      if (value.charCodeAt(2) === 47 && value.charCodeAt(5) === 47) {
        const d = twoDigits(value, 0);
        const m = twoDigits(value, 3);
        const hi = twoDigits(value, 6);
        const lo = twoDigits(value, 8);
        if (hi < 0 || lo < 0 || m < 0 || d < 0) return Number.NaN;
        return checked(hi * 100 + lo, m, d);
      }
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
