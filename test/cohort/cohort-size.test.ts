import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { cohortSize } from '../../src/cohort/cohort-size.js';

describe('cohortSize', () => {
  it('cohortSize(p, n) is ceil(p/100·n), at least 1 when anyone is eligible', () => {
    expect(cohortSize(2, 350)).toBe(7);
    expect(cohortSize(2, 351)).toBe(8);
    expect(cohortSize(5, 20)).toBe(1);
    expect(cohortSize(0.5, 10)).toBe(1);
    expect(cohortSize(100, 9)).toBe(9);
    expect(cohortSize(2, 0)).toBe(0);
    expect(cohortSize(7, 100)).toBe(7);
    expect(cohortSize(0.07 * 100, 100)).toBe(7); // 0.07·100 = 7.000000000000001: the guard keeps k = 7
    expect(cohortSize(99.91, 999_999)).toBe(999_100); // 999,099.0009 is not noise: a true fraction rounds up
  });

  test.prop([fc.integer({ min: 1, max: 10000 }), fc.integer({ min: 0, max: 1_000_000 })])(
    'equals the smallest whole k with 100·k >= p·n for whole percentages (exact integer arithmetic), at least 1', (p100, n) => {
      const p = p100 / 100; // percentages 0.01 .. 100 in steps of 0.01
      // 100·k >= p·n  <=>  10000·k >= p100·n, all integers.
      let k = Math.floor((p100 * n) / 10000);
      while (10000 * k < p100 * n) k++;
      expect(cohortSize(p, n)).toBe(n === 0 ? 0 : Math.max(1, k));
    });
});
