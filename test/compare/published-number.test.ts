import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { PUBLISHED_DECIMALS, publishedNumber } from '../../src/compare/published-number.js';

describe('publishedNumber', () => {
  it('rates and percentages to 1 decimal place, means and ratios to 2, probabilities to 3, money and counts whole', () => {
    expect(publishedNumber((100 * 3) / 7, 'percent')).toBe(42.9);
    expect(publishedNumber((1000 * 12) / 3456, 'rate')).toBe(3.5);
    expect(publishedNumber(2 / 3, 'mean')).toBe(0.67);
    expect(publishedNumber(0.123456, 'probability')).toBe(0.123);
    expect(publishedNumber(1234.5, 'money')).toBe(1235);
    expect(publishedNumber(-2.5, 'count')).toBe(-3); // halves away from zero
    expect(publishedNumber(-0.004, 'mean')).toBe(0); // never -0
    expect(Object.is(publishedNumber(-0.004, 'mean'), -0)).toBe(false);
    expect(publishedNumber(0 / 0, 'percent')).toBeNull();
    expect(publishedNumber(1 / 0, 'rate')).toBeNull();
  });
  ptest.prop([fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(...(Object.keys(PUBLISHED_DECIMALS) as Array<keyof typeof PUBLISHED_DECIMALS>))])(
    'prints with at most its kind\'s decimals and moves the value by at most half a unit of the last place',
    (x, kind) => {
      const d = PUBLISHED_DECIMALS[kind];
      const v = publishedNumber(x, kind)!;
      const text = String(v);
      expect(text.includes('e')).toBe(false);
      expect((text.split('.')[1] ?? '').length).toBeLessThanOrEqual(d);
      expect(Math.abs(v - x)).toBeLessThanOrEqual(0.5 / 10 ** d + 1e-9 * Math.max(1, Math.abs(x)));
    },
  );
});
