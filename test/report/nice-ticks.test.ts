import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { niceTicks } from '../../src/report/nice-ticks.js';

describe('niceTicks (Heckbert loose labelling)', () => {
  it('niceTicks(105, 543, 5): range 500, step nice(125) = 100 -> 100..600', () => {
    expect(niceTicks(105, 543, 5)).toEqual([100, 200, 300, 400, 500, 600]);
  });
  it('niceTicks(0, 1, 5): step nice(0.25) = 0.2, printed without float drift', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
  it('niceTicks(0, 0.37, 5): range nice(0.37) = 0.5, step nice(0.125) = 0.1 -> 0..0.4', () => {
    expect(niceTicks(0, 0.37, 5)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  });
  it('niceTicks(-3.2, 7.9, 5): range nice(11.1) = 20, step 5 -> -5..10', () => {
    expect(niceTicks(-3.2, 7.9, 5)).toEqual([-5, 0, 5, 10]);
  });
  it('a single value is widened to include zero: (5, 5) -> 0..5 and (0, 0) -> -1..1', () => {
    expect(niceTicks(5, 5, 5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(niceTicks(0, 0, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });
  it('refuses min > max, non-finite bounds and count < 2', () => {
    expect(() => niceTicks(2, 1)).toThrow(/niceTicks/);
    expect(() => niceTicks(0, Infinity)).toThrow(/finite/);
    expect(() => niceTicks(0, 1, 1)).toThrow(/count/);
  });
  test.prop([fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 2, max: 12 })])(
    'ticks enclose [min, max], are evenly spaced and strictly increasing, and number at most 3·count',
    (min, width, count) => {
      const max = min + width;
      const ticks = niceTicks(min, max, count);
      expect(ticks[0]!).toBeLessThanOrEqual(min);
      expect(ticks[ticks.length - 1]!).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(3 * count + 1);
      const step = ticks[1]! - ticks[0]!;
      ticks.forEach((t, i) => expect(Math.abs(t - (ticks[0]! + i * step))).toBeLessThanOrEqual(Math.abs(step) * 1e-9 + 1e-12 * Math.abs(t)));
    },
  );
});
