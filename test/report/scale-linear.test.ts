import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { scaleLinear } from '../../src/report/scale-linear.js';

describe('scaleLinear', () => {
  it('scaleLinear([0, 10], [100, 300]) maps 5 -> 200, 0 -> 100, 10 -> 300 and extrapolates 12 -> 340', () => {
    const x = scaleLinear([0, 10], [100, 300]);
    expect([x(0), x(5), x(10), x(12)]).toEqual([100, 200, 300, 340]);
    expect(x.invert(150)).toBe(2.5);
    expect(x.domain).toEqual([0, 10]);
    expect(x.range).toEqual([100, 300]);
  });
  it('a descending range makes a y axis: [0, 1] -> [200, 0] maps 0.25 -> 150', () => {
    expect(scaleLinear([0, 1], [200, 0])(0.25)).toBe(150);
  });
  it('a degenerate domain maps to the middle of the range', () => {
    expect(scaleLinear([3, 3], [0, 100])(3)).toBe(50);
  });
  it('refuses non-finite bounds', () => {
    expect(() => scaleLinear([0, NaN], [0, 1])).toThrow(/scaleLinear/);
  });
  test.prop([fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })])(
    'invert(scale(v)) = v and scale is monotone', (d0, span, u) => {
      const s = scaleLinear([d0, d0 + span], [50, 600]);
      const v = d0 + u * span;
      expect(s.invert(s(v))).toBeCloseTo(v, 6 - Math.max(0, Math.log10(Math.abs(v) + 1)));
      expect(s(v)).toBeGreaterThanOrEqual(50 - 1e-6);
      expect(s(v)).toBeLessThanOrEqual(600 + 1e-6);
    },
  );
});
