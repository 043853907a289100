import { civilFromDay, dayFromCivil } from './dates.js';

/**
 * The rule {@link deriveActivityFrom} applies, in words (it goes into `DataWindow.rule`).
 *
 * @example
 * createPopulation(parts).window.rule.includes(ACTIVITY_FROM_RULE); // => true when activityFrom was not given
 */
export const ACTIVITY_FROM_RULE =
  'activity complete from: the first day of the first calendar month whose activity count reaches half the median ' +
  'monthly count of the last 12 complete months (months wholly on or before the extract date and the latest activity), ' +
  'or the earliest activity date if that is later';

/** Months since year 0 of a day number. */
function monthOf(day: number): number {
  const c = civilFromDay(day);
  return c.year * 12 + (c.month - 1);
}

/** First day of a month index from {@link monthOf}. */
function firstDayOf(month: number): number {
  const year = Math.floor(month / 12);
  return dayFromCivil(year, month - year * 12 + 1, 1);
}

/**
 * The first day from which an extract's activity is complete, derived from the activity
 * dates by {@link ACTIVITY_FROM_RULE}. Why this rule: an extract's first months are often
 * partial (a feed that started mid-month, a few historical records years before the main
 * window), and an analyst reads "complete" as "about as busy as a normal month": the last
 * 12 complete months are the reference, since they are the most likely to be a complete feed,
 * and half their median allows for seasonality and a list that grew. A month wholly after the
 * latest activity date is not a reference month (an extract date given long after the data
 * end would otherwise make every month "complete"). Later gaps are not looked for.
 *
 * Returns `extractDate` when no activity date is on or before it (nothing is complete), and
 * the earliest activity date when there is no complete month yet. O(events + months).
 *
 * @param dates - activity dates (day numbers), in any order; dates after `extractDate` are ignored.
 * @param extractDate - the extract date (day number).
 * @returns the day number activity is complete from.
 * @example
 * // 2 events in January 2023 (the feed began on the 20th), 10 in each later month to December
 * deriveActivityFrom(dates, parseDate('2023-12-31')!); // => parseDate('2023-02-01')
 */
export function deriveActivityFrom(dates: ArrayLike<number>, extractDate: number): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < dates.length; k++) {
    const d = dates[k]!;
    if (d > extractDate) continue;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  if (lo === Number.POSITIVE_INFINITY) return extractDate;
  const m0 = monthOf(lo);
  // The last complete month: the extract date's month when the extract date is its last day.
  const mExtract = monthOf(extractDate);
  const lastComplete = monthOf(extractDate + 1) > mExtract ? mExtract : mExtract - 1;
  const mEnd = Math.min(lastComplete, monthOf(hi));
  if (mEnd < m0) return lo;
  const counts = new Float64Array(mEnd - m0 + 1);
  for (let k = 0; k < dates.length; k++) {
    const d = dates[k]!;
    if (d > extractDate) continue;
    const m = monthOf(d) - m0;
    if (m < counts.length) counts[m]!++;
  }
  const ref = Array.from(counts.subarray(Math.max(0, counts.length - 12))).sort((a, b) => a - b);
  const mid = ref.length >> 1;
  const median = ref.length % 2 === 1 ? ref[mid]! : (ref[mid - 1]! + ref[mid]!) / 2;
  let m = 0;
  while (m < counts.length - 1 && counts[m]! < median / 2) m++;
  return Math.max(firstDayOf(m0 + m), lo);
}
