import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { ACTIVITY_FROM_RULE, deriveActivityFrom } from '../../src/core/derive-activity-from.js';
import { createPopulation } from '../../src/core/population.js';
import { addMonths, formatDay, parseDate } from '../../src/core/dates.js';

const d = (s: string): number => parseDate(s)!;

/** `n` events in the month starting on `first` (spread over its days from `fromDay`). */
function month(first: string, n: number, fromDay = 1): number[] {
  const start = d(first);
  return Array.from({ length: n }, (_, k) => start + fromDay - 1 + (k % 28));
}

describe('deriveActivityFrom (the rule for when an extract\'s activity is complete)', () => {
  it('skips a partial first month: 2 events from 20 January, then 10 a month, median 10, so from 1 February', () => {
    // Complete months Jan..Dec 2023 (the extract date is the last day of December): counts
    // [2, 10 x 11]; the last 12 complete months have median 10; half of it is 5; January
    // (2) falls short, February (10) reaches it.
    const dates = [...month('2023-01-01', 2, 20)];
    for (let m = 1; m < 12; m++) dates.push(...month(formatDay(addMonths(d('2023-01-01'), m)), 10));
    expect(formatDay(deriveActivityFrom(dates, d('2023-12-31')))).toBe('2023-02-01');
  });
  it('keeps a first month that reaches half the median, from its earliest record (never before the data)', () => {
    // January has 6 events from the 20th: 6 >= 5, so January counts, but nothing is before the 20th.
    const dates = [...month('2023-01-01', 6, 20)];
    for (let m = 1; m < 12; m++) dates.push(...month(formatDay(addMonths(d('2023-01-01'), m)), 10));
    expect(formatDay(deriveActivityFrom(dates, d('2023-12-31')))).toBe('2023-01-20');
  });
  it('ignores a few historical records years before the feed (the reference is the last 12 complete months)', () => {
    const dates = [d('2019-05-10'), d('2020-02-01')];
    for (let m = 0; m < 36; m++) dates.push(...month(formatDay(addMonths(d('2021-04-01'), m)), 20));
    expect(formatDay(deriveActivityFrom(dates, d('2024-04-01')))).toBe('2021-04-01');
  });
  it('the extract month is not a reference month unless the extract date is its last day', () => {
    // Feb: 10, Mar: 10, Apr (extract on 3 April): 1. Reference = Feb, Mar (median 10); Feb reaches 5.
    const dates = [...month('2024-02-01', 10), ...month('2024-03-01', 10), d('2024-04-02')];
    expect(formatDay(deriveActivityFrom(dates, d('2024-04-03')))).toBe('2024-02-01');
  });
  it('with no complete month, the earliest activity date; with no activity, the extract date', () => {
    expect(formatDay(deriveActivityFrom([d('2024-03-05'), d('2024-03-09')], d('2024-03-20')))).toBe('2024-03-05');
    expect(formatDay(deriveActivityFrom([], d('2024-03-20')))).toBe('2024-03-20');
    expect(formatDay(deriveActivityFrom([d('2024-05-01')], d('2024-03-20')))).toBe('2024-03-20'); // after the extract: ignored
  });
  it('months after the latest activity are not reference months (an extract date given long after the data)', () => {
    const dates: number[] = [...month('2022-01-01', 1)];
    for (let m = 1; m < 12; m++) dates.push(...month(formatDay(addMonths(d('2022-01-01'), m)), 10));
    // Extract date two years later: the reference is still 2022 (median 10), so January (1) is skipped.
    expect(formatDay(deriveActivityFrom(dates, d('2024-06-30')))).toBe('2022-02-01');
  });
  ptest.prop([fc.array(fc.integer({ min: 18000, max: 20000 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 18000, max: 20100 })])(
    'is never before the earliest activity, never after the extract date, and never depends on order', (dates, extract) => {
      const got = deriveActivityFrom(dates, extract);
      const inData = dates.filter((x) => x <= extract);
      expect(got).toBeLessThanOrEqual(extract);
      if (inData.length > 0) expect(got).toBeGreaterThanOrEqual(Math.min(...inData));
      expect(deriveActivityFrom([...dates].reverse(), extract)).toBe(got);
    });
});

describe('createPopulation window', () => {
  const base = { ids: ['a', 'b'], practices: ['P'], practice: [0, 0], birthDate: [0, 0] };
  it('takes the window given, and says so', () => {
    const pop = createPopulation({ ...base, window: { extractDate: d('2024-03-31'), activityFrom: d('2021-04-01') } });
    expect(pop.window).toEqual({ extractDate: d('2024-03-31'), activityFrom: d('2021-04-01'), extractDateSource: 'given', activityFromSource: 'given', rule: '' });
  });
  it('derives what is not given: the latest date in the data, and the activity rule (stated in window.rule)', () => {
    const dates = [d('2023-01-25')];
    for (let m = 1; m < 12; m++) dates.push(...month(formatDay(addMonths(d('2023-01-01'), m)), 4));
    const pop = createPopulation({
      ...base, registeredTo: [d('2024-01-15'), 2147483647],
      activity: { patient: dates.map((_, j) => j % 2), date: dates, setting: dates.map(() => 3), emergency: dates.map(() => 0) },
    });
    expect(formatDay(pop.window.extractDate)).toBe('2024-01-15');
    expect(formatDay(pop.window.activityFrom)).toBe('2023-02-01');
    expect(pop.window.extractDateSource).toBe('derived');
    expect(pop.window.activityFromSource).toBe('derived');
    expect(pop.window.rule).toContain('latest date in the data');
    expect(pop.window.rule).toContain(ACTIVITY_FROM_RULE);
  });
  it('refuses a window that is not whole days or where activity is complete only after the extract date', () => {
    expect(() => createPopulation({ ...base, window: { extractDate: 1.5 } })).toThrow(/createPopulation: .*window\.extractDate/);
    expect(() => createPopulation({ ...base, window: { extractDate: 100, activityFrom: 200 } })).toThrow(/after the extract date .*window\.activityFrom/);
  });
});
