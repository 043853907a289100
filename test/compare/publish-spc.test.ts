import { describe, expect, it } from 'vitest';
import { monitor } from '../../src/compare/monitor.js';
import { publishMonthlySeries } from '../../src/compare/publish-monthly-series.js';
import { publishSpc } from '../../src/compare/publish-spc.js';
import type { MonthlyRow } from '../../src/compare/build-monthly-series.js';

/** A year of one practice's A&E attendances with one small month (index 5). */
function series(small: number): MonthlyRow[] {
  const counts = [31, 28, 35, 30, 26, small, 33, 29, 40, 27, 30, 32];
  return counts.map((n, m) => ({
    unit: 'P1', month: `2024-${String(m + 1).padStart(2, '0')}`, monthStart: m * 30, measure: 'aePer1000',
    numerator: n, denominator: 2012 - m, value: (1000 * n) / (2012 - m),
  }));
}

describe('publishSpc', () => {
  it('charts the published counts only: a suppressed month has no value and no limits, every other number is monitor() of the published rows', () => {
    const published = publishMonthlySeries(series(3)).rows;
    const spc = publishSpc(published);
    expect(spc).toHaveLength(12);
    expect(spc[5]).toEqual({ unit: 'P1', measure: 'aePer1000', month: '2024-06', value: '*', centre: null, lower: null, upper: null, signal: null, provisional: null });
    const shown = published.filter((r) => typeof r['numerator'] === 'number');
    // Default: XmR of the published rates (Making Data Count's chart for rates).
    const again = monitor(shown.map((r) => (1000 * (r['numerator'] as number)) / (r['denominator'] as number)), { chart: 'xmr', improvement: 'down' });
    const others = spc.filter((_, i) => i !== 5);
    others.forEach((row, k) => {
      expect(row.value).toBe(Math.round(10 * again.points[k]!.value!) / 10);
      expect(row.centre).toBe(Math.round(10 * again.points[k]!.centre!) / 10);
      expect(row.upper).toBe(Math.round(10 * again.points[k]!.upper!) / 10);
    });
    // A u-chart on request: monitor() of the published numerators and denominators.
    const uSpc = publishSpc(published, { chart: 'u' }).filter((_, i) => i !== 5);
    const uAgain = monitor(shown.map((r) => ({ numerator: r['numerator'] as number, denominator: r['denominator'] as number })), { chart: 'u', multiplier: 1000, improvement: 'down' });
    uSpc.forEach((row, k) => expect(row.upper).toBe(Math.round(10 * uAgain.points[k]!.upper!) / 10));
    for (const row of spc) for (const v of [row.value, row.centre, row.lower, row.upper]) if (typeof v === 'number') expect(String(v)).toMatch(/^-?\d+(\.\d)?$/);
  });

  it('cannot be undone: two years that differ only in the suppressed month publish the same table and the same chart', () => {
    for (const [a, b] of [[1, 7], [3, 6], [2, 5]] as const) {
      const pa = publishMonthlySeries(series(a)).rows;
      const pb = publishMonthlySeries(series(b)).rows;
      expect(pb).toEqual(pa);
      expect(publishSpc(pb)).toEqual(publishSpc(pa));
    }
  });

  it('the exact chart (monitor on exact counts) does give the suppressed month back: rate x denominator', () => {
    const exact = monitor(series(3).map((r) => ({ numerator: r.numerator, denominator: r.denominator })), { chart: 'u', multiplier: 1000 });
    expect(Math.round((exact.points[5]!.value! * (2012 - 5)) / 1000)).toBe(3);
  });
});
