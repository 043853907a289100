import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { monitor } from '../../src/compare/monitor.js';
import { buildMonthlySeries } from '../../src/compare/build-monthly-series.js';
import { publishMonthlySeries } from '../../src/compare/publish-monthly-series.js';
import { publishSpc } from '../../src/compare/publish-spc.js';
import { createPopulation } from '../../src/core/population.js';
import { parseDate, NO_DATE } from '../../src/core/dates.js';
import { generatePopulation } from '../../src/synth/index.js';

const D = (s: string): number => parseDate(s)!;

// Laney u-prime, computed independently in Python (numpy) and committed as numbers:
//   num = [120,105,130,98,125,100,128,110]; den = [1000,1100,950,1050,1000,980,1020,990]
//   u-bar = sum(num)/sum(den) = 916/8090 = 0.11322620519159456
//   z_i = (num_i/den_i - u-bar) / sqrt(u-bar/den_i)
//       = [0.636588, -1.751664, 2.163181, -1.915661, 1.106479, -1.040616, 1.164015, -0.197776]
//   sigma_Z = mean |z_i - z_(i-1)| / 1.128 = 2.4211746893407438
//   UCL_i = (u-bar + 3 sqrt(u-bar/den_i) sigma_Z) x 1000, LCL likewise (none below 0).
const U_NUM = [120, 105, 130, 98, 125, 100, 128, 110];
const U_DEN = [1000, 1100, 950, 1050, 1000, 980, 1020, 990];
const U_UPPER = [190.51576893448552, 186.91891275955362, 192.5236244339063, 188.65309608644216, 190.51576893448552, 191.30045467380614, 189.75427682935708, 190.9051394780873];
const U_LOWER = [35.9366414487036, 39.53349762363549, 33.928785949282805, 37.799314296746964, 35.9366414487036, 35.15195570938297, 36.698133553832015, 35.54727090510183];
// Laney p-prime, same method: num = [30,38,26,41,29,36,33,27]; den = [200,210,190,205,200,195,215,200]
//   p-bar = 260/1615 = 0.1609907120743034; sigma_Z = 1.3771447294098746.
const P_NUM = [30, 38, 26, 41, 29, 36, 33, 27];
const P_DEN = [200, 210, 190, 205, 200, 195, 215, 200];
const P_UPPER = [0.26835741978846794, 0.26576988996480044, 0.2711466299236904, 0.2670399869784095, 0.26835741978846794, 0.2697252036906035, 0.26454436034475237, 0.26835741978846794];
const P_LOWER = [0.05362400436013884, 0.056211534183806366, 0.050834794224916435, 0.05494143717019727, 0.05362400436013884, 0.05225622045800335, 0.057437063803854466, 0.05362400436013884];

describe("monitor: Laney's u-prime and p-prime on overdispersed counts", () => {
  const u = U_NUM.map((n, i) => ({ numerator: n, denominator: U_DEN[i]! }));
  it("u-chart with laney 'auto': sigma_Z 2.4212 > 1 widens the limits to the Python-computed u-prime limits", () => {
    const r = monitor(Object.freeze(u), { chart: 'u', multiplier: 1000 });
    expect(r.overdispersionRatio).toBeCloseTo(2.4211746893407438, 10);
    expect(r.segments[0]!.laney).toBe(true);
    r.points.forEach((p, i) => {
      expect(p.upper).toBeCloseTo(U_UPPER[i]!, 8);
      expect(p.lower).toBeCloseTo(U_LOWER[i]!, 8);
    });
    expect(r.method).toContain("Laney's u-prime");
    // The plain u-chart: u-bar +/- 3 sqrt(u-bar/n), sigma_Z times narrower (reported either way).
    const plain = monitor(u, { chart: 'u', multiplier: 1000, laney: 'never' });
    expect(plain.overdispersionRatio).toBeCloseTo(2.4211746893407438, 10);
    expect(plain.segments[0]!.laney).toBe(false);
    expect(plain.points[0]!.upper).toBeCloseTo(1000 * (916 / 8090 + 3 * Math.sqrt(916 / 8090 / 1000)), 9);
    expect((r.points[0]!.upper! - r.points[0]!.centre!) / (plain.points[0]!.upper! - plain.points[0]!.centre!)).toBeCloseTo(2.4211746893407438, 9);
  });
  it("p-chart with laney 'always': the Python-computed p-prime limits", () => {
    const r = monitor(P_NUM.map((n, i) => ({ numerator: n, denominator: P_DEN[i]! })), { chart: 'p', laney: 'always' });
    expect(r.overdispersionRatio).toBeCloseTo(1.3771447294098746, 10);
    r.points.forEach((p, i) => {
      expect(p.upper).toBeCloseTo(P_UPPER[i]!, 10);
      expect(p.lower).toBeCloseTo(P_LOWER[i]!, 10);
    });
  });
  it("laney 'auto' leaves an underdispersed series on its plain limits (sigma_Z < 1)", () => {
    // Near-constant rates: z-scores all close, sigma_Z small.
    const r = monitor([100, 101, 99, 100, 100, 101].map((n) => ({ numerator: n, denominator: 1000 })), { chart: 'u', multiplier: 1000 });
    expect(r.overdispersionRatio!).toBeLessThan(1);
    expect(r.segments[0]!.laney).toBe(false);
    // plain: 100.1667 +/- 3 sqrt(0.1001667/1000) x 1000 = 100.1667 +/- 30.025
    expect(r.points[0]!.upper).toBeCloseTo(100.16666666666667 + 3000 * Math.sqrt(0.10016666666666667 / 1000), 9);
  });
  it('an XmR chart reports no overdispersion ratio', () => {
    expect(monitor([1, 2, 3, 2, 1]).overdispersionRatio).toBeNull();
  });
});

describe('monitor: provisional points', () => {
  // Hand-worked: baseline 10 14 12 16 13 11 15 12 14 13 (mean 13, MR-bar 25/9, limits 5.6111..20.3889);
  // a provisional 2 at the end would be far below the LPL.
  const BASE = [10, 14, 12, 16, 13, 11, 15, 12, 14, 13];
  it('are left out of the centre, limits and rules, never flagged, and not the point the icon judges', () => {
    const r = monitor([...BASE.map((v) => ({ value: v })), { value: 2, provisional: 'part-month' }], { improvement: 'down' });
    expect(r.segments[0]!.centre).toBeCloseTo(13, 12);
    expect(r.segments[0]!.meanMovingRange).toBeCloseTo(25 / 9, 12);
    expect(r.points[10]!.provisional).toBe(true);
    expect(r.points[10]!.provisionalReason).toBe('part-month');
    expect(r.points[10]!.value).toBe(2);
    expect(r.points[10]!.signals).toEqual([]);
    expect(r.points[10]!.movingRange).toBeNull();
    expect(r.signals).toEqual([]);
    expect(r.variation).toBe('common_cause');
    expect(r.method).toContain('1 provisional point(s)');
    // Not provisional, the same 2 is outside the limits and the icon says so.
    const flagged = monitor([...BASE, 2], { improvement: 'down' });
    expect(flagged.signals.map((s) => s.rule)).toContain('outside');
    expect(flagged.variation).toBe('special_cause_improvement');
    expect(flagged.variationSide).toBe('low');
  });
  it('provisionalFrom marks points dated on or after it', () => {
    const pts = BASE.map((v, i) => ({ value: v, date: D('2023-01-01') + 31 * i }));
    const r = monitor(pts, { provisionalFrom: pts[8]!.date });
    expect(r.points.map((p) => p.provisional)).toEqual([false, false, false, false, false, false, false, false, true, true]);
    // centre of the first 8: (10+14+12+16+13+11+15+12)/8 = 103/8
    expect(r.segments[0]!.centre).toBeCloseTo(103 / 8, 12);
  });
  it('a provisional point breaks a shift run', () => {
    // 7 points above 13 with the 4th provisional: two runs of 3, no shift.
    const xs = [...BASE.map((v) => ({ value: v })), ...[14, 15, 14, 16, 14, 15, 14].map((v, i) => ({ value: v, provisional: i === 3 }))];
    const r = monitor(xs, { baselinePoints: 10 });
    expect(r.signals.filter((s) => s.rule === 'shift')).toEqual([]);
    const whole = monitor([...BASE, 14, 15, 14, 16, 14, 15, 14], { baselinePoints: 10 });
    expect(whole.signals.filter((s) => s.rule === 'shift').map((s) => s.indices)).toEqual([[10, 11, 12, 13, 14, 15, 16]]);
  });
});

describe('monitor: the variation icon has a side', () => {
  it('special cause high with no direction of improvement is neither, high', () => {
    const r = monitor([10, 14, 12, 16, 13, 11, 15, 12, 14, 13, 25], { baselinePoints: 10 });
    expect(r.variation).toBe('special_cause_neither');
    expect(r.variationSide).toBe('high');
    expect(monitor([10, 14, 12, 16, 13, 11, 15, 12, 14, 13]).variationSide).toBeNull();
  });
});

describe('buildMonthlySeries: provisional months', () => {
  // Three people; the extract is taken on 2024-03-15 (a part-month of March).
  function pop() {
    return createPopulation({
      ids: ['a', 'b', 'c'], practices: ['P1'], practice: [0, 0, 0],
      birthDate: [D('1950-01-01'), D('1960-01-01'), D('1940-01-01')],
      registeredFrom: [D('2000-01-01'), D('2000-01-01'), D('2000-01-01')],
      window: { extractDate: D('2024-03-15'), activityFrom: D('2023-11-01') },
      activity: {
        patient: [0, 1, 2, 0],
        // a: discharged in December; b: admitted 25 Jan, no discharge date, no bed days (still in);
        // c: admitted 20 Feb, discharged on the extract date (the stay was cut at the extract); a: 2 March.
        date: [D('2023-12-01'), D('2024-01-25'), D('2024-02-20'), D('2024-03-02')],
        endDate: [D('2023-12-04'), NO_DATE, D('2024-03-15'), D('2024-03-05')],
        setting: [0, 0, 0, 0], emergency: [1, 1, 1, 1],
        bedDays: [3, Number.NaN, 24, 3],
      },
    });
  }
  it('marks bed days of a month with an admission not discharged by the extract date; counts stay complete', () => {
    const rows = buildMonthlySeries(pop(), { from: '2023-12-01', to: '2024-02-29', measures: ['bedDaysPer1000', 'emergencyAdmissionsPer1000'] });
    const beds = rows.filter((r) => r.measure === 'bedDaysPer1000');
    expect(beds.map((r) => r.provisional ?? '')).toEqual([
      '', '1 emergency admission(s) not discharged by the extract date 2024-03-15: bed days incomplete',
      '1 emergency admission(s) not discharged by the extract date 2024-03-15: bed days incomplete',
    ]);
    expect(rows.filter((r) => r.measure === 'emergencyAdmissionsPer1000').every((r) => r.provisional === undefined)).toBe(true);
    // A complete month has no provisional key at all (the rows serialise as before).
    expect(Object.keys(beds[0]!)).not.toContain('provisional');
  });
  it("refuses a part-month by default; partialMonths: 'provisional' keeps it, marked", () => {
    expect(() => buildMonthlySeries(pop(), { from: '2023-12-01', to: '2024-03-31' })).toThrow(/runs past the extract date 2024-03-15/);
    const rows = buildMonthlySeries(pop(), { from: '2023-12-01', to: '2024-03-31', measures: ['emergencyAdmissionsPer1000'], partialMonths: 'provisional' });
    expect(rows.map((r) => r.provisional ?? '')).toEqual(['', '', '', 'part-month: the extract ends on 2024-03-15']);
    // and monitor leaves it out, even with the window check on
    const spc = monitor(rows, { window: rows.dataWindow });
    expect(spc.points[3]!.provisional).toBe(true);
    expect(spc.segments[0]!.centre).toBeCloseTo(1000 / 3, 9); // Dec, Jan, Feb: one admission of 3 people each
  });
});

// Done when: the demo's bed-days chart flags only what an XmR chart of the same series flags by
// hand, and its last, partial month is provisional. The demo generates 50,000 people over 3
// years with seed 1 and monitors April 2021 to March 2024 (extract date 2024-04-01). Its bed days
// per month (internal, exact) are committed here; the demo round-trips the population through an
// extract, where a stay not yet discharged has no discharge date and no bed days, so its March
// numerator is 939 rather than the generator's 1,513 (stays cut at the extract date); every
// other month is the same, and March is provisional either way.
const DEMO_BEDS = [1999, 1924, 1672, 1620, 1768, 1990, 1848, 1997, 2409, 2275, 1692, 1929, 1877, 1793, 2330, 1700, 2044, 1743, 2037, 1838, 1685, 2054, 1825, 2215, 1805, 2134, 1793, 2045, 2470, 1538, 1932, 1783, 1851, 2098, 1530];
const DEMO_REGISTERED = [42953, 42926, 42930, 42960, 42964, 42954, 42991, 43013, 43040, 43070, 43116, 43117, 43116, 43137, 43170, 43201, 43220, 43250, 43316, 43318, 43343, 43368, 43375, 43356, 43339, 43324, 43329, 43332, 43347, 43410, 43409, 43421, 43462, 43507, 43529, 43577];
// By hand (Python, from the numbers above, April 2021 to February 2024; March is provisional):
//   x_i = 1000 num_i / den_i; mean = 44.456578926435355
//   35 points, 34 moving ranges; mean MR = 6.871549947314074; screening line 3.267 x 6.8715 = 22.45: none screened
//   UPL = 44.4566 + 2.66 x 6.8715 = 62.73490178629079; LPL = 26.178256066579916
//   two-thirds lines 56.642 and 32.271; highest point 56.982 (2023-08) alone beyond: no two of three
//   no point outside, no run of 7 on one side, no 7-point trend: nothing is flagged.
//   March 2024 (provisional): 21.5 in the demo's extract, below the LPL: it would be flagged if it counted.
//   On a plain u-chart 19 of the 36 months fall outside the Poisson limits.
describe("done when: the demo's bed days on the default chart", () => {
  it('flag nothing, as the XmR chart worked by hand; March 2024 (admissions not yet discharged) is provisional', () => {
    const s = generatePopulation({ size: 50_000, years: 3, seed: 1 });
    const rows = buildMonthlySeries(s.population, { from: s.truth.startDate, to: s.truth.endDate - 1, measures: ['bedDaysPer1000'] });
    expect(rows.slice(0, 35).map((r) => r.numerator)).toEqual(DEMO_BEDS);
    expect(rows.map((r) => r.denominator)).toEqual(DEMO_REGISTERED);
    expect(rows[35]!.month).toBe('2024-03');
    expect(rows[35]!.provisional).toMatch(/not discharged by the extract date 2024-04-01/);
    const spc = monitor(rows, { improvement: 'down', window: rows.dataWindow });
    expect(spc.chart).toBe('xmr');
    expect(spc.segments[0]!.centre).toBeCloseTo(44.456578926435355, 9);
    expect(spc.segments[0]!.meanMovingRange).toBeCloseTo(6.871549947314074, 9);
    expect(spc.segments[0]!.screenedMovingRanges).toEqual([]);
    expect(spc.segments[0]!.upper).toBeCloseTo(62.73490178629079, 9);
    expect(spc.segments[0]!.lower).toBeCloseTo(26.178256066579916, 9);
    expect(spc.signals).toEqual([]);
    expect(spc.points[35]!.provisional).toBe(true);
    expect(spc.variation).toBe('common_cause');
    // With the demo's extract the provisional March is 939 per 43,577 = 21.55, below the LPL: still not flagged.
    const demoMarch = monitor(rows.map((r, i) => (i === 35 ? { ...r, numerator: 939, value: 939000 / 43577 } : r)), { improvement: 'down' });
    expect(demoMarch.points[35]!.value! < demoMarch.points[35]!.lower!).toBe(true);
    expect(demoMarch.signals).toEqual([]);
    // The published chart (from counts rounded to 5) flags nothing either, and keeps March provisional:
    // by hand from the demo's publish/monthly-series.csv: mean 44.4646, MR-bar 6.8628, limits 26.2096..62.7196.
    const published = publishSpc(publishMonthlySeries(rows).rows);
    expect(published.map((r) => r.signal)).toEqual([...Array(35).fill('common'), null]); // the provisional month is not judged
    expect(published[35]!.provisional).toMatch(/not discharged/);
    expect(published[0]!.upper).toBeCloseTo(62.7, 1);
    expect(published[0]!.lower).toBeCloseTo(26.2, 1);
    // The u-chart the demo used before flags most months: the reason for the change.
    const u = monitor(rows.map((r) => ({ numerator: r.numerator, denominator: r.denominator })), { chart: 'u', multiplier: 1000, laney: 'never' });
    expect(new Set(u.signals.filter((x) => x.rule === 'outside').flatMap((x) => x.indices)).size).toBe(19);
  });
});

describe('monitor: invariants of provisional points and Laney', () => {
  const value = fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true });
  ptest.prop([fc.array(value, { minLength: 3, maxLength: 40 }), fc.array(value, { minLength: 1, maxLength: 4 })], { seed: 18, numRuns: 200 })(
    'provisional points appended change nothing about the other points: centre, limits, signals, icon',
    (xs, extra) => {
      const a = monitor(xs, { improvement: 'down' });
      const b = monitor([...xs.map((v) => ({ value: v })), ...extra.map((v) => ({ value: v, provisional: true }))], { improvement: 'down' });
      expect(b.segments[0]!.centre).toBe(a.segments[0]!.centre);
      expect(b.segments[0]!.upper).toBe(a.segments[0]!.upper);
      expect(b.signals).toEqual(a.signals);
      expect(b.variation).toBe(a.variation);
      expect(b.points.slice(xs.length).every((p) => p.provisional && p.signals.length === 0)).toBe(true);
    },
  );
  ptest.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 600, max: 5000 })), { minLength: 3, maxLength: 30 })], { seed: 18, numRuns: 200 })(
    "Laney's limits are the plain u-chart's widened by sigma_Z about the same centre, whenever applied",
    (pairs) => {
      const pts = pairs.map(([numerator, denominator]) => ({ numerator, denominator }));
      const plain = monitor(pts, { chart: 'u', laney: 'never' });
      const prime = monitor(pts, { chart: 'u', laney: 'always' });
      const sz = prime.overdispersionRatio;
      if (sz === null) return;
      prime.points.forEach((p, i) => {
        const q = plain.points[i]!;
        expect(p.centre).toBe(q.centre);
        expect(p.upper! - p.centre!).toBeCloseTo((q.upper! - q.centre!) * sz, 9);
      });
    },
  );
});
