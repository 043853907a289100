import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { test as ptest, fc } from '@fast-check/vitest';
import { funnelPlot } from '../../src/compare/funnel-plot.js';
import { binomialCdf, poissonCdf } from '../../src/compare/internal/special.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/compare/funnel.json', import.meta.url), 'utf8')) as {
  target: number; z: number[]; phi: number; limits: Array<{ level: number; n: number; lower: number; upper: number }>;
};
// Same data as test/fixtures/compare/funnel.py.
const NUM = [12, 30, 25, 8, 60, 41, 15, 22, 90, 5, 33, 18];
const DEN = [1000, 1500, 2000, 900, 3000, 2500, 1200, 1800, 4000, 700, 2100, 1100];
const UNITS = Object.freeze(NUM.map((numerator, i) => Object.freeze({ unit: `S${i}`, numerator, denominator: DEN[i]! })));

const special = JSON.parse(readFileSync(new URL('../fixtures/compare/special.json', import.meta.url), 'utf8')) as Array<Record<string, number | string>>;

describe('exact distributions (against R ppois / pbinom, test/fixtures/compare/special.R)', () => {
  it('poissonCdf and binomialCdf equal R to 1e-12', () => {
    for (const c of special) {
      if (c['kind'] === 'pois') expect(poissonCdf(c['r'] as number, c['lambda'] as number)).toBeCloseTo(c['cdf'] as number, 12);
      if (c['kind'] === 'binom') expect(binomialCdf(c['r'] as number, c['n'] as number, c['p'] as number)).toBeCloseTo(c['cdf'] as number, 12);
    }
  });
  it("funnelPlot(..., {limits: 'exact'}) gives R's interpolated Poisson and binomial limits (lower clamped at 0)", () => {
    for (const c of special.filter((x) => String(x['kind']).startsWith('limit-'))) {
      const type = c['kind'] === 'limit-pois' ? 'rate' : 'proportion';
      const n = c['n'] as number;
      const f = funnelPlot([{ unit: 'x', numerator: 0.02 * n, denominator: n }], { type, limits: 'exact', target: 0.02, levels: [c['level'] as number] });
      const l = f.points[0]!.limits[0]!;
      expect(l.lower).toBeCloseTo(Math.max(0, c['lower'] as number), 12);
      expect(l.upper).toBeCloseTo(c['upper'] as number, 12);
    }
  });
});

describe('funnelPlot', () => {
  it('funnelPlot(units) puts Poisson normal-approximation limits around the pooled rate (hand-worked)', () => {
    // target = (10 + 30) / (100 + 100) = 0.2; n = 100: 0.2 +/- 1.959964 sqrt(0.2/100) = 0.2 +/- 0.087652
    const f = funnelPlot([{ unit: 'A', numerator: 10, denominator: 100 }, { unit: 'B', numerator: 30, denominator: 100 }]);
    expect(f.target).toBeCloseTo(0.2, 14);
    const l95 = f.points[0]!.limits.find((l) => l.level === 0.95)!;
    expect(l95.upper).toBeCloseTo(0.2 + 1.959963984540054 * Math.sqrt(0.002), 12);
    // A at 0.1 and B at 0.3 are both beyond 95% (0.112, 0.288) and within 99.8% (0.2 +/- 0.1382)
    expect(f.points.map((p) => p.flag)).toEqual([{ side: 'low', level: 0.95 }, { side: 'high', level: 0.95 }]);
  });
  it('binomial limits use theta(1 - theta)/n and clamp to [0, 1]', () => {
    // theta = 0.1, n = 100: 0.1 +/- 1.959964 x 0.03 = [0.0412, 0.1588]
    const f = funnelPlot([{ unit: 'A', numerator: 10, denominator: 100 }], { type: 'proportion', levels: [0.95] });
    expect(f.points[0]!.limits[0]!.lower).toBeCloseTo(0.1 - 1.959963984540054 * 0.03, 12);
    const tiny = funnelPlot([{ unit: 'A', numerator: 1, denominator: 2 }], { type: 'proportion', target: 0.95, levels: [0.998] });
    expect(tiny.points[0]!.limits[0]!.upper).toBe(1);
  });
  it('matches the numpy reference for z-scores, winsorised phi and inflated limits (Spiegelhalter 2005)', () => {
    const f = funnelPlot(UNITS, { overdispersion: true });
    expect(f.target).toBeCloseTo(fixture.target, 14);
    f.points.forEach((p, i) => expect(p.z).toBeCloseTo(fixture.z[i]!, 10));
    expect(f.phi).toBeCloseTo(fixture.phi, 10);
    expect(f.overdispersionApplied).toBe(true);
    for (const ref of fixture.limits) {
      const p = f.points.find((q) => q.denominator === ref.n)!;
      const l = p.limits.find((x) => x.level === ref.level)!;
      expect(l.upper).toBeCloseTo(ref.upper, 10);
      expect(l.lower).toBeCloseTo(ref.lower, 10);
    }
    expect(UNITS[0]!.numerator).toBe(12);
  });
  it('the largest site (z = 2.97) is flagged at 95% but not 99.8% (3.09); phi = 1.48 widens every half-width by sqrt(phi)', () => {
    const plain = funnelPlot(UNITS);
    const adjusted = funnelPlot(UNITS, { overdispersion: true });
    expect(plain.points[8]!.flag).toEqual({ side: 'high', level: 0.95 });
    expect(plain.overdispersionApplied).toBe(false);
    const half = (f: typeof plain) => f.points[3]!.limits[1]!.upper - f.target;
    expect(half(adjusted) / half(plain)).toBeCloseTo(Math.sqrt(fixture.phi), 10);
    // z / sqrt(phi) = 2.97 / 1.216 = 2.44: still beyond 1.96
    expect(adjusted.points[8]!.flag).toEqual({ side: 'high', level: 0.95 });
  });
  it('publishes a suppressed table: small numerators become "*" with their rates, rates and flags come from the published counts', () => {
    // A (5) is small; B (40), the next smallest, goes too, or the pooled total would give A back.
    const f = funnelPlot([{ unit: 'A', numerator: 5, denominator: 1000 }, { unit: 'B', numerator: 40, denominator: 1000 }, { unit: 'C', numerator: 92, denominator: 2002 }]);
    expect(f.table.map((r) => [r['unit'], r['numerator'], r['denominator'], r['per1000']])).toEqual([['A', '*', 1000, '*'], ['B', '*', 1000, '*'], ['C', 90, 2000, 45]]);
    expect(f.table[0]!['flag']).toBeNull();
    expect(f.table[2]!['flag']).toBe('within'); // alone on the funnel of the published counts: it is the target
    expect(funnelPlot([{ unit: 'A', numerator: 5, denominator: 1000 }], { suppression: false }).table[0]!['numerator']).toBe(5);
  });
  it('refuses bad units naming the field', () => {
    expect(() => funnelPlot([{ unit: 'A', numerator: 1, denominator: 0 }])).toThrow(/funnelPlot: .*units\.0\.denominator/);
    expect(() => funnelPlot([])).toThrow(/at least one unit/);
  });
  ptest.prop([fc.array(fc.record({ numerator: fc.nat({ max: 200 }), denominator: fc.integer({ min: 1, max: 5000 }) }), { minLength: 2, maxLength: 20 })])(
    'limits narrow as the denominator grows, and the wider level contains the narrower',
    (rows) => {
      const f = funnelPlot(rows.map((r, i) => ({ unit: String(i), ...r })));
      for (let k = 1; k < f.curve.length; k++) {
        expect(f.curve[k]!.limits[0]!.upper).toBeLessThanOrEqual(f.curve[k - 1]!.limits[0]!.upper + 1e-12);
      }
      for (const p of f.points) expect(p.limits[1]!.upper).toBeGreaterThanOrEqual(p.limits[0]!.upper);
    },
  );
});

describe("funnelPlot: additive overdispersion (Spiegelhalter 2005's random-effects tau^2)", () => {
  const add = JSON.parse(readFileSync(new URL('../fixtures/compare/funnel-additive.json', import.meta.url), 'utf8')) as {
    target: number; phi: number; tau2: number; limits: Array<{ level: number; n: number; lower: number; upper: number }>;
  };
  it('matches the numpy reference (test/fixtures/compare/funnel-additive.py): tau^2 and limits target +/- z sqrt(V/n + tau^2)', () => {
    const f = funnelPlot(UNITS, { overdispersion: 'additive' });
    expect(f.phi).toBeCloseTo(add.phi, 12);
    expect(f.tau2! / add.tau2).toBeCloseTo(1, 10);
    expect(f.overdispersionApplied).toBe(true);
    for (const l of add.limits) {
      const p = f.points[DEN.indexOf(l.n)]!.limits.find((x) => x.level === l.level)!;
      expect(p.lower).toBeCloseTo(l.lower, 12);
      expect(p.upper).toBeCloseTo(l.upper, 12);
    }
    expect(f.method).toContain('additive');
    // additive widens the large units' limits more than the small ones', relative to multiplicative
    const m = funnelPlot(UNITS, { overdispersion: 'multiplicative' });
    const half = (r: typeof f, i: number) => r.points[i]!.limits[0]!.upper - r.target;
    expect(half(f, 8) / half(m, 8)).toBeGreaterThan(half(f, 9) / half(m, 9)); // n = 4000 vs n = 700
    expect(m.tau2).toBeNull();
  });
  it('with phi <= 1 tau^2 is 0 and the limits are the plain ones', () => {
    const even = [{ unit: 'A', numerator: 20, denominator: 1000 }, { unit: 'B', numerator: 21, denominator: 1000 }, { unit: 'C', numerator: 19, denominator: 1000 }];
    const f = funnelPlot(even, { overdispersion: 'additive' });
    expect(f.tau2).toBe(0);
    expect(f.points[0]!.limits).toEqual(funnelPlot(even).points[0]!.limits);
  });
});
