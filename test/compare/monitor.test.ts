import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { monitor } from '../../src/compare/monitor.js';
import type { SpcResult, SpcRule } from '../../src/compare/monitor.js';

// A stable baseline, worked by hand following the Making Data Count XmR method:
//   x = 10 14 12 16 13 11 15 12 14 13; sum 130, mean = 13.
//   moving ranges = 4 2 4 3 2 4 3 2 1; sum 25, mean MR = 25/9 = 2.7778.
//   screening line 3.267 x 2.7778 = 9.075: nothing screened.
//   UPL = 13 + 2.66 x 25/9 = 13 + 7.3889 = 20.3889; LPL = 13 - 7.3889 = 5.6111.
//   two-thirds lines: 13 +/- (2/3)(7.3889) = 17.9259 and 8.0741.
const BASE = [10, 14, 12, 16, 13, 11, 15, 12, 14, 13];

function fired(r: SpcResult): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const s of r.signals) (out[s.rule] ??= []).push(...s.indices);
  return out;
}
const frozen = (xs: number[]): readonly number[] => Object.freeze([...xs]);

describe('monitor: XmR limits', () => {
  it('monitor(x, {chart: "xmr"}) gives mean 13, mean MR 25/9, limits 13 +/- 2.66 x 25/9 on the hand-worked series, with no signal', () => {
    const input = frozen(BASE);
    const r = monitor(input, { chart: 'xmr' });
    const seg = r.segments[0]!;
    expect(seg.centre).toBeCloseTo(13, 12);
    expect(seg.meanMovingRange).toBeCloseTo(25 / 9, 12);
    expect(seg.upper).toBeCloseTo(20.388888888888889, 10);
    expect(seg.lower).toBeCloseTo(5.611111111111111, 10);
    expect(r.points[0]!.upperTwoThirds).toBeCloseTo(17.925925925925924, 10);
    expect(r.points.map((p) => p.movingRange).slice(1)).toEqual([4, 2, 4, 3, 2, 4, 3, 2, 1]);
    expect(r.signals).toEqual([]);
    expect(r.variation).toBe('common_cause');
    expect(input).toEqual(BASE);
  });
  it('screens moving ranges above 3.267 x their mean once, then recomputes the mean moving range', () => {
    // x = 10 11 10 11 10 30 10 11 10 11: MRs 1 1 1 1 20 20 1 1 1, mean 47/9 = 5.222;
    // 3.267 x 5.222 = 17.06, so both 20s are screened; mean of the seven 1s = 1.
    // mean x = 124/10 = 12.4; UPL = 12.4 + 2.66 = 15.06; LPL = 9.74; point 5 (30) is outside.
    const r = monitor([10, 11, 10, 11, 10, 30, 10, 11, 10, 11]);
    const seg = r.segments[0]!;
    expect(seg.meanMovingRangeUnscreened).toBeCloseTo(47 / 9, 12);
    expect(seg.screenedMovingRanges).toEqual([5, 6]);
    expect(seg.meanMovingRange).toBe(1);
    expect(seg.upper).toBeCloseTo(15.06, 12);
    expect(seg.lower).toBeCloseTo(9.74, 12);
    expect(fired(r)['outside']).toEqual([5]);
    const unscreened = monitor([10, 11, 10, 11, 10, 30, 10, 11, 10, 11], { screenMovingRanges: false });
    expect(unscreened.segments[0]!.upper).toBeCloseTo(12.4 + 2.66 * (47 / 9), 12);
  });
});

describe('monitor: special-cause rules, each firing alone on a hand-made series (baseline frozen at 10 points)', () => {
  const opts = { chart: 'xmr' as const, baselinePoints: 10 };
  it('outside: 25 > UPL 20.389 at index 10, and nothing else fires', () => {
    const r = monitor([...BASE, 25], opts);
    expect(fired(r)).toEqual({ outside: [10] });
    expect(r.points[10]!.signals).toEqual([{ rule: 'outside', side: 'high' }]);
  });
  it('shift: seven points above 13 (not monotone, below 17.93) at 10..16; the preceding 13 sits on the mean and breaks the run', () => {
    const r = monitor([...BASE, 14, 15, 14, 16, 14, 15, 14], opts);
    expect(fired(r)).toEqual({ shift: [10, 11, 12, 13, 14, 15, 16] });
  });
  it('shift is configurable: six points above fire with shift 6 and not with the default 7', () => {
    const x = [...BASE, 14, 15, 14, 16, 14, 15, 12];
    expect(fired(monitor(x, opts))).toEqual({});
    expect(fired(monitor(x, { ...opts, rules: { shift: 6 } }))).toEqual({ shift: [10, 11, 12, 13, 14, 15] });
  });
  it('trend: 9 10 11 12 13.5 14 15 (7 points, 6 rises) crossing the mean fires trend at 10..16 only', () => {
    const r = monitor([...BASE, 9, 10, 11, 12, 13.5, 14, 15], opts);
    expect(fired(r)).toEqual({ trend: [10, 11, 12, 13, 14, 15, 16] });
  });
  it('trend counts points: 6 rising points (5 rises) fire with trend 6, not with the default 7; an equal value breaks a trend', () => {
    const x = [...BASE, 9, 10, 11, 12, 13.5, 14, 12];
    expect(fired(monitor(x, opts))).toEqual({});
    expect(fired(monitor(x, { ...opts, rules: { trend: 6 } }))).toEqual({ trend: [10, 11, 12, 13, 14, 15] });
    expect(fired(monitor([...BASE, 9, 10, 11, 11, 12, 13.5, 14, 15], { ...opts, rules: { trend: 6 } }))).toEqual({});
  });
  it('twoOfThree: 18 and 18.5 beyond the two-thirds line 17.93 within three points flag indices 10 and 12', () => {
    const r = monitor([...BASE, 18, 12, 18.5], opts);
    expect(fired(r)).toEqual({ twoOfThree: [10, 12] });
    expect(r.signals[0]!.side).toBe('high');
  });
  it('rules can be switched off', () => {
    expect(fired(monitor([...BASE, 25], { ...opts, rules: { outside: false } }))).toEqual({});
    expect(fired(monitor([...BASE, 18, 12, 18.5], { ...opts, rules: { twoOfThree: false } }))).toEqual({});
  });
});

describe('monitor: icons, baselines and rebasing', () => {
  it('variation icon reads the latest point against the improvement direction', () => {
    expect(monitor([...BASE, 25], { baselinePoints: 10, improvement: 'up' }).variation).toBe('special_cause_improvement');
    expect(monitor([...BASE, 25], { baselinePoints: 10, improvement: 'down' }).variation).toBe('special_cause_concern');
    expect(monitor([...BASE, 25], { baselinePoints: 10 }).variation).toBe('special_cause_neither');
    expect(monitor([...BASE, 25], { baselinePoints: 10, improvement: 'down' }).signals[0]!.meaning).toBe('concern');
  });
  it('assurance: a target outside the limits passes or fails by direction; inside is hit and miss', () => {
    // limits 5.61 .. 20.39
    expect(monitor(BASE, { improvement: 'up', target: 5 }).assurance).toBe('pass');
    expect(monitor(BASE, { improvement: 'up', target: 21 }).assurance).toBe('fail');
    expect(monitor(BASE, { improvement: 'down', target: 21 }).assurance).toBe('pass');
    expect(monitor(BASE, { improvement: 'down', target: 12 }).assurance).toBe('hit_and_miss');
    expect(monitor(BASE).assurance).toBe('no_target');
  });
  it('a frozen baseline keeps limits from the first points; later points do not move them', () => {
    const r = monitor([...BASE, 40, 41, 39], { baselinePoints: 10 });
    expect(r.segments[0]!.centre).toBe(13);
    expect(r.points[12]!.upper).toBeCloseTo(20.388888888888889, 10);
  });
  it('rebases only at declared points, by index or date, keeping the reason', () => {
    const dates = Array.from({ length: 14 }, (_, i) => `2024-${String((i % 12) + 1).padStart(2, '0')}-01`.replace(/^2024-(0[1-2])-01$/, (m) => (i >= 12 ? m.replace('2024', '2025') : m)));
    const series = [...BASE, 30, 31, 29, 30].map((value, i) => ({ value, date: dates[i]! }));
    const r = monitor(series, { rebase: [{ at: '2024-11-01', reason: 'MDT started' }] });
    expect(r.segments.map((s) => [s.start, s.end, s.reason])).toEqual([[0, 10, 'initial'], [10, 14, 'MDT started']]);
    expect(r.segments[1]!.centre).toBe(30);
    expect(monitor([...BASE, 30, 31, 29, 30], { rebase: [{ at: 10, reason: 'x' }] }).segments[1]!.start).toBe(10);
    expect(() => monitor(series, { rebase: [{ at: '2030-01-01', reason: 'no such point' }] })).toThrow(/monitor: .*options\.rebase\.0\.at/);
  });
});

describe('monitor: u, p and run charts', () => {
  it('u-chart: u-bar = 19/4500 and per-point limits u-bar +/- 3 sqrt(u-bar/n), lower clamped at 0', () => {
    // u-bar = (5 + 8 + 6) / (1000 + 2000 + 1500) = 0.0042222
    // n = 1000: 0.0042222 + 3 sqrt(0.0042222/1000) = 0.0042222 + 0.0061644 = 0.0103866; lower < 0 -> 0
    const r = monitor([{ numerator: 5, denominator: 1000 }, { numerator: 8, denominator: 2000 }, { numerator: 6, denominator: 1500 }], { chart: 'u' });
    expect(r.segments[0]!.centre).toBeCloseTo(19 / 4500, 14);
    expect(r.points[0]!.upper).toBeCloseTo(0.010386636225191198, 12);
    expect(r.points[1]!.upper).toBeCloseTo(0.008581121165762895, 12);
    expect(r.points.map((p) => p.lower)).toEqual([0, 0, 0]);
    const per1000 = monitor([{ numerator: 5, denominator: 1000 }, { numerator: 8, denominator: 2000 }], { chart: 'u', multiplier: 1000 });
    expect(per1000.points[0]!.value).toBeCloseTo(5, 12);
    expect(per1000.segments[0]!.centre).toBeCloseTo(13 / 3, 12);
  });
  it('p-chart: p-bar = 45/450 = 0.1; n = 100 gives 0.1 +/- 3 x 0.03 = [0.01, 0.19]; n = 200 gives 0.1 +/- 0.0636', () => {
    const r = monitor([{ numerator: 10, denominator: 100 }, { numerator: 20, denominator: 200 }, { numerator: 15, denominator: 150 }], { chart: 'p' });
    expect(r.segments[0]!.centre).toBeCloseTo(0.1, 14);
    expect(r.points[0]!.upper).toBeCloseTo(0.19, 12);
    expect(r.points[0]!.lower).toBeCloseTo(0.01, 12);
    expect(r.points[1]!.upper).toBeCloseTo(0.1 + 3 * Math.sqrt(0.09 / 200), 12);
    expect(() => monitor([{ numerator: 3, denominator: 2 }, { numerator: 1, denominator: 2 }], { chart: 'p' })).toThrow(/cannot exceed/);
  });
  it('run chart: centre is the median, no limits, and only shift and trend apply', () => {
    // median of 1 9 2 8 3 7 4 6 5 10 = (5 + 6)/2 = 5.5; then seven points above it
    const r = monitor([1, 9, 2, 8, 3, 7, 4, 6, 5, 10, 7, 8, 7, 9, 8, 7, 9], { chart: 'run', baselinePoints: 10 });
    expect(r.segments[0]!.centre).toBe(5.5);
    expect([r.points[0]!.upper, r.points[0]!.lower, r.points[0]!.upperTwoThirds, r.points[0]!.movingRange, r.segments[0]!.upper]).toEqual([null, null, null, null, null]);
    expect(r.warnings).toEqual([]); // a run chart has no limits by design: nothing to warn of
    const rules = new Set<SpcRule>(r.signals.map((s) => s.rule));
    expect([...rules]).toEqual(['shift']);
    expect(fired(r)['shift']).toEqual([9, 10, 11, 12, 13, 14, 15, 16]);
  });
  it('refuses bad input naming the point and field', () => {
    expect(() => monitor([1])).toThrow(/monitor: needs at least two points/);
    expect(() => monitor([1, Number.NaN])).toThrow(/series\.1/);
    expect(() => monitor([{ numerator: 1, denominator: -1 }, { numerator: 1, denominator: 1 }], { chart: 'u' })).toThrow(/series\.0\.denominator/);
    expect(() => monitor([1, 2], { chart: 'bar' as never })).toThrow(/options\.chart/);
  });
});

describe('monitor: what cannot be computed is null with a warning, never NaN', () => {
  const codes = (r: SpcResult) => r.warnings.map((w) => [w.code, w.path, w.count]);

  it('u-chart: a month with nobody registered has no value, is left out of the centre, and is named', () => {
    // u-bar from the months with a denominator: (5 + 8) / (1000 + 2000) = 13/3000.
    const r = monitor([{ numerator: 5, denominator: 1000, label: 'Jan' }, { numerator: 0, denominator: 0, label: 'Feb' }, { numerator: 8, denominator: 2000, label: 'Mar' }], { chart: 'u' });
    expect(r.segments[0]!.centre).toBeCloseTo(13 / 3000, 15);
    expect([r.points[1]!.value, r.points[1]!.upper, r.points[1]!.lower, r.points[1]!.upperTwoThirds]).toEqual([null, null, null, null]);
    expect(r.points[0]!.upper).toBeCloseTo(13 / 3000 + 3 * Math.sqrt(13 / 3000 / 1000), 14);
    expect(codes(r)).toEqual([['zero_denominator', ['points'], 1]]);
    expect(r.warnings[0]!.examples).toEqual(['Feb']);
  });

  it('every month without a denominator: no centre, no limits, no variation icon', () => {
    const r = monitor([{ numerator: 0, denominator: 0 }, { numerator: 0, denominator: 0 }], { chart: 'u', target: 1, improvement: 'down' });
    expect([r.segments[0]!.centre, r.points[0]!.centre, r.variation, r.assurance]).toEqual([null, null, null, null]);
    expect(codes(r)).toEqual([
      ['zero_denominator', ['points'], 2],
      ['insufficient_data', ['segments', 0], 0],
      ['insufficient_data', ['variation'], undefined],
      ['insufficient_data', ['assurance'], undefined],
    ]);
  });

  it('XmR: a one-point segment has a centre but no limits; moving ranges skip a point without a value', () => {
    const r = monitor([1, 3, 2, 4], { rebase: [{ at: 3, reason: 'new service' }] });
    expect([r.segments[1]!.centre, r.segments[1]!.upper, r.segments[1]!.meanMovingRange, r.points[3]!.lower]).toEqual([4, null, null, null]);
    expect(codes(r)).toEqual([['insufficient_data', ['segments', 1], 1]]);
    // Values 1, -, 3, 5: the one moving range is |5 - 3| = 2; centre 3; limits 3 +/- 2.66 x 2.
    const gap = monitor([{ value: 1 }, { value: null }, { value: 3 }, { value: 5 }]);
    expect([gap.segments[0]!.centre, gap.segments[0]!.meanMovingRange, gap.points[2]!.movingRange, gap.points[3]!.movingRange]).toEqual([3, 2, null, 2]);
    expect(gap.segments[0]!.upper).toBeCloseTo(3 + 2.66 * 2, 12);
    expect(codes(gap)).toEqual([['insufficient_data', ['points'], 1]]);
  });

  ptest.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 3 })), { minLength: 2, maxLength: 30 }), fc.constantFrom('u' as const, 'p' as const, 'xmr' as const, 'run' as const), fc.option(fc.integer({ min: 2, max: 10 }), { nil: undefined })])(
    'no figure is ever NaN, whatever months have no denominator', (rows, chart, baselinePoints) => {
      const series = rows.map(([x, d]) => (chart === 'xmr' || chart === 'run' ? { value: d === 0 ? null : x } : { numerator: d === 0 ? 0 : Math.min(x, d * 10), denominator: d * 10 }));
      const r = monitor(series, { chart, ...(baselinePoints !== undefined ? { baselinePoints } : {}) });
      const bad: string[] = [];
      const walk = (v: unknown, path: string): void => {
        if (typeof v === 'number' && !Number.isFinite(v)) bad.push(path);
        else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
      };
      walk({ points: r.points, segments: r.segments }, 'r');
      expect(bad).toEqual([]);
      // u and p limits depend on the point's denominator; XmR limits are the segment's.
      if (chart === 'u' || chart === 'p') for (const p of r.points) if (p.value === null) expect(p.upper).toBeNull();
    });
});

describe('monitor: invariants', () => {
  ptest.prop([fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 40 })])(
    'XmR limits are symmetric about the mean and every flagged point lies in a run or beyond a line that justifies it',
    (xs) => {
      const r = monitor(xs);
      const seg = r.segments[0]!;
      expect(seg.upper! - seg.centre!).toBeCloseTo(seg.centre! - seg.lower!, 9);
      for (const p of r.points) for (const s of p.signals) if (s.rule === 'outside') expect(p.value! > p.upper! || p.value! < p.lower!).toBe(true);
      for (const s of r.signals) if (s.rule === 'shift') expect(s.indices.length).toBeGreaterThanOrEqual(7);
    },
  );
  ptest.prop([fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 3, maxLength: 30 }), fc.constantFrom(2, 4, 8, 0.5)])(
    'signals are unchanged by rescaling the data by a power of two (exact in floating point)',
    (xs, a) => {
      const r1 = monitor(xs);
      const r2 = monitor(xs.map((x) => a * x));
      const key = (r: SpcResult) => r.signals.map((s) => `${s.rule}:${s.side}:${s.indices.join(',')}`);
      expect(key(r2)).toEqual(key(r1));
    },
  );
});
