import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { niceNumber } from '../../src/report/nice-number.js';
import { isRiskStratifyError } from '../../src/core/errors.js';

// Hand-worked from Heckbert, "Nice numbers for graph labels", Graphics Gems (1990):
// x = f * 10^e with 1 <= f < 10; rounded: f < 1.5 -> 1, < 3 -> 2, < 7 -> 5, else 10;
// ceiling: f <= 1 -> 1, <= 2 -> 2, <= 5 -> 5, else 10.
describe('niceNumber', () => {
  it('niceNumber(x, false) is the nice ceiling: 438 -> 500, 1 -> 1, 1.01 -> 2, 2.5 -> 5, 5.01 -> 10, 0.0034 -> 0.005', () => {
    expect(niceNumber(438, false)).toBe(500);
    expect(niceNumber(1, false)).toBe(1);
    expect(niceNumber(1.01, false)).toBe(2);
    expect(niceNumber(2.5, false)).toBe(5);
    expect(niceNumber(5.01, false)).toBe(10);
    expect(niceNumber(0.0034, false)).toBe(0.005);
  });
  it('niceNumber(x, true) rounds to the nearest nice number at the 1.5 / 3 / 7 boundaries', () => {
    expect(niceNumber(125, true)).toBe(100);
    expect(niceNumber(1.49, true)).toBe(1);
    expect(niceNumber(1.5, true)).toBe(2);
    expect(niceNumber(2.99, true)).toBe(2);
    expect(niceNumber(3, true)).toBe(5);
    expect(niceNumber(6.99, true)).toBe(5);
    expect(niceNumber(7, true)).toBe(10);
    expect(niceNumber(0.25, true)).toBe(0.2); // exactly 0.2, not 0.20000000000000004
  });
  it('refuses zero, negatives and non-finite numbers with a RiskStratifyError naming x', () => {
    for (const bad of [0, -1, NaN, Infinity]) {
      try {
        niceNumber(bad, true);
        expect.unreachable();
      } catch (e) {
        expect(isRiskStratifyError(e) && e.code === 'invalid_argument' && e.path[0] === 'x').toBe(true);
      }
    }
  });
  test.prop([fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.boolean()])('the result is 1, 2, 5 or 10 times a power of ten; the ceiling is >= x, the nearest within [2/3, 5/3] of x', (x, round) => {
    const y = niceNumber(x, round);
    const f = y / 10 ** Math.floor(Math.log10(y) + 1e-12);
    expect([1, 2, 5, 10].some((k) => Math.abs(f - k) < 1e-9)).toBe(true);
    if (!round) expect(y).toBeGreaterThanOrEqual(x * (1 - 1e-12));
    else {
      // nearest: at worst 3 -> 5 (x 5/3) or just under 1.5 -> 1 (x 2/3)
      expect(y / x).toBeLessThanOrEqual(5 / 3 + 1e-9);
      expect(y / x).toBeGreaterThanOrEqual(2 / 3 - 1e-9);
    }
  });
});
