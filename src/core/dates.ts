/**
 * Dates as whole days since 1970-01-01 (UTC), held in `Int32Array`s. Calendar arithmetic
 * uses the proleptic Gregorian calendar (Hinnant's days-from-civil algorithm).
 *
 * @module
 */

/** Sentinel for "no date": an open registration, no death. Larger than every real date. */
export const NO_DATE = 2147483647;

/** Day number of a calendar date (month 1-12). */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Calendar date of a day number. */
export function civilFromDay(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// a time after the date is checked and then ignored: ISO `Thh:mm[:ss[.f]]` or ` hh:mm[:ss[.f]]`
// with an optional `Z`, `±hh`, `±hhmm` or `±hh:mm`; UK ` h:mm[:ss]`
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;
const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?$/;

/** Whether the captured time parts (any may be absent) are a real time of day and offset. */
function realTime(hour: string | undefined, minute: string | undefined, second: string | undefined, offsetHour?: string, offsetMinute?: string): boolean {
  if (hour === undefined) return true;
  return Number(hour) <= 23 && Number(minute) <= 59 && (second === undefined || Number(second) <= 59) &&
    (offsetHour === undefined || Number(offsetHour) <= 23) && (offsetMinute === undefined || Number(offsetMinute) <= 59);
}

/**
 * Parses a date as extracts write it into a day number: `yyyy-mm-dd` and `dd/mm/yyyy`
 * (`d/m/yyyy` too), each optionally followed by a time that is checked and then ignored
 * (the date is the one written, whatever the time zone): `yyyy-mm-ddThh:mm[:ss][.fff]`
 * with an optional `Z`, `±hh`, `±hhmm` or `±hh:mm`, the same with a space for the `T`
 * (`2024-03-01 14:05:00`, as SQL Server and PostgreSQL write), and `dd/mm/yyyy hh:mm[:ss]`
 * (as spreadsheets and GP systems write; SQL Server's `.fff` too). Returns `undefined` for anything else: an
 * impossible date (31/02/2020) or time (25:00), a two-digit year, a spreadsheet serial
 * number.
 *
 * @example
 * parseDate('1970-01-02'); // => 1
 * parseDate('02/01/1970'); // => 1
 * parseDate('02/01/1970 23:59'); // => 1
 * parseDate('02/01/1970 00:00:00.000'); // => 1 (SQL Server's datetime with a British date)
 * parseDate('1970-01-02T10:00:00.000Z'); // => 1
 * parseDate('2020-02-30'); // => undefined
 * parseDate('02/01/70');   // => undefined
 */
export function parseDate(text: string): number | undefined {
  const s = text.trim();
  let y: number, m: number, d: number;
  const iso = ISO.exec(s);
  if (iso) {
    if (!realTime(iso[4], iso[5], iso[6], iso[7], iso[8])) return undefined;
    y = Number(iso[1]);
    m = Number(iso[2]);
    d = Number(iso[3]);
  } else {
    const uk = UK.exec(s);
    if (!uk || !realTime(uk[4], uk[5], uk[6])) return undefined;
    d = Number(uk[1]);
    m = Number(uk[2]);
    y = Number(uk[3]);
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return dayFromCivil(y, m, d);
}

/**
 * Accepts a day number, an ISO/UK date string or a `Date` and returns a day number.
 * Returns `undefined` when it cannot.
 */
export function toDay(value: number | string | Date): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string') return parseDate(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) return Math.floor(value.getTime() / 86400000);
  return undefined;
}

/**
 * ISO `yyyy-mm-dd` of a day number (`''` for {@link NO_DATE}).
 *
 * @example
 * formatDay(0); // => '1970-01-01'
 */
export function formatDay(dayNumber: number): string {
  if (dayNumber === NO_DATE) return '';
  const { year, month, day } = civilFromDay(dayNumber);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb).
 *
 * @example
 * formatDay(addMonths(parseDate('2024-01-31')!, 1)); // => '2024-02-29'
 */
export function addMonths(dayNumber: number, months: number): number {
  const { year, month, day } = civilFromDay(dayNumber);
  const total = year * 12 + (month - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return dayFromCivil(ny, nm, Math.min(day, daysInMonth(ny, nm)));
}

/**
 * Age in completed years on `onDay` for someone born on `birthDay` (a 29 February birthday
 * is reached on 1 March in non-leap years).
 *
 * @example
 * ageInYears(parseDate('2000-06-15')!, parseDate('2018-06-14')!); // => 17
 * ageInYears(parseDate('2000-06-15')!, parseDate('2018-06-15')!); // => 18
 */
export function ageInYears(birthDay: number, onDay: number): number {
  const b = civilFromDay(birthDay);
  const o = civilFromDay(onDay);
  let age = o.year - b.year;
  if (o.month < b.month || (o.month === b.month && o.day < b.day)) age -= 1;
  return age;
}
