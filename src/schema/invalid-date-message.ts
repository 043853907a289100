import { dayFromCivil, formatDay, parseDate } from '../core/dates.js';

/** Day number of 1899-12-30: a spreadsheet serial number n (from 61 on) is this day + n. */
const SERIAL_EPOCH = dayFromCivil(1899, 12, 30);

/**
 * Why a date cell was not read, in words that say what was seen, for the `invalid_date`
 * issue's message. Called only for cells already found not to be dates (never per valid
 * cell), so it may use regular expressions. O(length of the text).
 *
 * - a 4-digit number from 1800 to 2199: a year alone;
 * - any other whole (or decimal) number up to 2958465: a spreadsheet serial number, with the
 *   date it stands for in the 1900 date system (`44927` is 2023-01-01), which is not read
 *   because the date system (1900 or 1904) cannot be known from the cell;
 * - `dd/mm/yy` (`.` or `-` separators too): a two-digit year, which could be 19yy or 20yy;
 * - a `dd/mm/yyyy` cell whose month is above 12 and day at most 12: month and day swapped
 *   (mm/dd/yyyy, the US order), which is not read;
 * - a date-shaped cell that is not a real day (31/02/2024): not a calendar date;
 * - a real date followed by something that is not a time the loader reads: the time;
 * - anything else: the forms that are read.
 *
 * @param value - The raw cell or record value that was not read as a date.
 * @returns The message, without the field name.
 * @example
 * invalidDateMessage('44927');    // => 'looks like a spreadsheet serial number (44927 would be 2023-01-01 in the 1900 date system): export dates as text, dd/mm/yyyy or yyyy-mm-dd'
 * invalidDateMessage('01/02/50'); // => 'has a two-digit year ("50" could be 1950 or 2050): write the year in full, dd/mm/yyyy'
 */
export function invalidDateMessage(value: unknown): string {
  const forms = 'dd/mm/yyyy or yyyy-mm-dd, optionally with a time hh:mm[:ss]';
  if (typeof value === 'number') return Number.isInteger(value) ? 'is not a day number' : 'is not a whole day number';
  if (value instanceof Date) return 'is an invalid Date';
  const s = String(value).trim();
  if (/^\d{4}$/.test(s) && Number(s) >= 1800 && Number(s) < 2200) return `is a year alone ("${s}"): a date needs the day and month too (${forms})`;
  if (/^\d{1,7}(\.\d+)?$/.test(s)) {
    const n = Number(s);
    if (n >= 1 && n <= 2958465) {
      const whole = Math.floor(n);
      // serials 1..60 count the 1900 leap day that never was
      const day = whole >= 61 ? SERIAL_EPOCH + whole : SERIAL_EPOCH + whole + 1;
      return `looks like a spreadsheet serial number (${s} would be ${formatDay(day)} in the 1900 date system): export dates as text, dd/mm/yyyy or yyyy-mm-dd`;
    }
  }
  const two = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})(?:[ T].*)?$/.exec(s);
  if (two) return `has a two-digit year ("${two[3]}" could be 19${two[3]} or 20${two[3]}): write the year in full, dd/mm/yyyy`;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(.*)$/.exec(s);
  if (uk) {
    const d = Number(uk[1]);
    const m = Number(uk[2]);
    if (m > 12 && d >= 1 && d <= 12) return `is not a dd/mm/yyyy date: month ${m} does not exist (mm/dd/yyyy, the US order, is not read)`;
    if (parseDate(`${uk[1]}/${uk[2]}/${uk[3]}`) === undefined) return 'is not a real calendar date';
    return `has a time that is not read ("${uk[4]!.trim()}"): write dd/mm/yyyy or dd/mm/yyyy hh:mm[:ss]`;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(.*)$/.exec(s);
  if (iso) {
    if (parseDate(`${iso[1]}-${iso[2]}-${iso[3]}`) === undefined) return 'is not a real calendar date';
    return `has a time that is not read ("${iso[4]!.trim()}"): write yyyy-mm-dd, yyyy-mm-ddThh:mm[:ss][.fff][Z|±hh:mm] or yyyy-mm-dd hh:mm:ss`;
  }
  return `is not a date (${forms})`;
}
