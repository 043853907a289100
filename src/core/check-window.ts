/**
 * The one check every step with an as-of date, a lookback or a horizon runs against the
 * extract's window (`Population.window`), so that the rule and its messages are the same
 * everywhere. Internal: the stages call it; only the `BeforeData` option and its type are
 * public.
 *
 * The rule:
 * - an as-of date after the extract date is refused (`window_past_extract`);
 * - a window (outcome horizon, after-window, monthly series, rate period) whose last day is
 *   after the extract date is refused (`window_past_extract`): events after the extract date
 *   are not in the data, so the window's counts would be too low and look like a fall; a window
 *   that starts after the extract date has no data at all and is refused the same way;
 * - a window (lookback, before-window, prior year) whose first day is before `activityFrom` gives
 *   a `window_before_data` warning in the result, or with `beforeData: 'error'` the same as an
 *   error. Warning is the default: a short history is common in a new extract, and features or
 *   a before-window over it are still usable if the caller knows.
 *
 * @module
 */
import type { BeforeDataPolicy } from './before-data.js';
import { addMonths, formatDay } from './dates.js';
import { fail } from './errors.js';
import type { DataWindow } from './population.js';
import { resultWarning, type ResultWarning } from './result-warning.js';


/**
 * A window of days a step reads, to check against the extract's.
 *
 * @example
 * const span: WindowSpan = { what: 'the outcome window', first: asOf + 1, last: addMonths(asOf, 12), path: ['options', 'horizonMonths'] };
 */
export interface WindowSpan {
  /** In words, for messages, e.g. `'the outcome window (asOf + horizonMonths)'`. */
  readonly what: string;
  /** First day read (day number, included). */
  readonly first: number;
  /** Last day read (day number, included). */
  readonly last: number;
  /** The option that set the window, for the error's path, e.g. `['options', 'horizonMonths']`. */
  readonly path: ReadonlyArray<string | number>;
  /** How to fix a window that runs past the extract date, e.g. `'use asOf on or before 2023-03-31'`. */
  readonly fixLate?: string;
  /** How to fix a window that starts before activity is complete. */
  readonly fixEarly?: string;
}

/**
 * The extract's window in words, for messages.
 *
 * @example
 * dataWindowText(population.window); // => "the extract's window: activity complete from 2021-04-01 to the extract date 2024-03-31"
 */
export function dataWindowText(w: DataWindow): string {
  const from = w.activityFromSource === 'derived' ? ' (derived from the activity; the rule is in window.rule)' : '';
  const to = w.extractDateSource === 'derived' ? ' (none was given: the latest date in the data)' : '';
  return `the extract's window: activity complete from ${formatDay(w.activityFrom)}${from} to the extract date ${formatDay(w.extractDate)}${to}`;
}

/**
 * Refuses an as-of date after the extract date (`window_past_extract`).
 *
 * @example
 * checkAsOf('selectCohort', population.window, asOf, ['options', 'asOf']); // throws when asOf > extractDate
 */
export function checkAsOf(fn: string, window: DataWindow, asOf: number, path: ReadonlyArray<string | number>): void {
  if (asOf > window.extractDate) {
    fail({
      fn, code: 'window_past_extract', path, value: formatDay(asOf),
      message: `the as-of date ${formatDay(asOf)} is after the extract date ${formatDay(window.extractDate)}: nothing after the extract date is in the data (${dataWindowText(window)})`,
      details: { extractDate: formatDay(window.extractDate), activityFrom: formatDay(window.activityFrom) },
    });
  }
}

/**
 * Checks a window of days against the extract's: refuses one that ends after the extract date
 * (`window_past_extract`); for one that starts before activity is complete, returns a
 * `window_before_data` warning, or refuses with `beforeData: 'error'`.
 *
 * @returns the warning, or `undefined` when the window is inside the data.
 * @example
 * checkSpan('buildOutcomes', population.window, { what: 'the outcome window', first: asOf + 1, last: end, path: ['options', 'horizonMonths'] }, 'warn');
 */
export function checkSpan(fn: string, window: DataWindow, span: WindowSpan, beforeData: BeforeDataPolicy): ResultWarning | undefined {
  const range = `${formatDay(span.first)} to ${formatDay(span.last)}`;
  const details = { first: formatDay(span.first), last: formatDay(span.last), extractDate: formatDay(window.extractDate), activityFrom: formatDay(window.activityFrom) };
  if (span.first > window.extractDate) {
    fail({
      fn, code: 'window_past_extract', path: span.path, value: formatDay(span.first), details,
      message: `${span.what}, ${range}, starts after the extract date ${formatDay(window.extractDate)}: there are no data for it, so it cannot give a number (${dataWindowText(window)})${span.fixLate ? `; ${span.fixLate}` : ''}`,
    });
  }
  if (span.last > window.extractDate) {
    fail({
      fn, code: 'window_past_extract', path: span.path, value: formatDay(span.last), details,
      message: `${span.what}, ${range}, runs past the extract date ${formatDay(window.extractDate)}: events after it are not in the data, so its counts would be too low and look like a fall (${dataWindowText(window)})${span.fixLate ? `; ${span.fixLate}` : ''}`,
    });
  }
  if (span.first < window.activityFrom) {
    const message = `${span.what}, ${range}, starts before activity is complete (from ${formatDay(window.activityFrom)}): its counts may be too low (${dataWindowText(window)})${span.fixEarly ? `; ${span.fixEarly}` : ''}`;
    if (beforeData === 'error') {
      fail({ fn, code: 'window_before_data', path: span.path, value: formatDay(span.first), details, message: `${message} (beforeData: 'warn' accepts it with a warning)` });
    }
    return resultWarning('window_before_data', `${fn}: ${message}`, { path: span.path });
  }
  return undefined;
}

/**
 * The latest as-of date whose window of `months` calendar months after it, `(asOf, asOf +
 * months]`, ends on or before `extractDate` (for messages).
 *
 * @example
 * formatDay(latestAsOf(parseDate('2024-03-31')!, 12)); // => '2023-03-31'
 */
export function latestAsOf(extractDate: number, months: number): number {
  let d = addMonths(extractDate, -months);
  while (addMonths(d + 1, months) <= extractDate) d++;
  while (addMonths(d, months) > extractDate) d--;
  return d;
}

/**
 * The earliest as-of date whose window of `months` calendar months before it, `(asOf -
 * months, asOf]`, starts on or after `activityFrom` (for messages).
 *
 * @example
 * formatDay(earliestAsOf(parseDate('2021-04-01')!, 12)); // => '2022-03-31'
 */
export function earliestAsOf(activityFrom: number, months: number): number {
  let d = addMonths(activityFrom, months);
  while (addMonths(d - 1, -months) + 1 >= activityFrom) d--;
  while (addMonths(d, -months) + 1 < activityFrom) d++;
  return d;
}
