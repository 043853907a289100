import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { suppressCount } from '../../src/compare/suppress-count.js';
import { suppressSmallNumbers } from '../../src/compare/suppress-small-numbers.js';
import { applySuppression } from '../../src/report/apply-suppression.js';

const NHS = { threshold: 7, roundTo: 5, suppressZero: false };

describe('suppressCount', () => {
  it('the NHS hospital statistics rule: 1-7 suppressed, the rest to the nearest 5 (halves up), zero kept', () => {
    expect([0, 1, 7, 8, 12, 12.5, 13, 22, 23].map((n) => suppressCount(n, NHS))).toEqual([0, null, null, 10, 10, 15, 15, 20, 25]);
  });
  it('never publishes a non-zero count as zero, whatever the threshold', () => {
    expect(suppressCount(1, { threshold: 0, roundTo: 5, suppressZero: false })).toBe(5);
    expect(suppressCount(2, { threshold: 0, roundTo: 1, suppressZero: false })).toBe(2);
    expect(suppressCount(0, { threshold: 7, roundTo: 5, suppressZero: true })).toBeNull();
  });
  test.prop([fc.nat({ max: 100_000 }), fc.nat({ max: 20 }), fc.integer({ min: 1, max: 20 })])(
    'tables and the report publish every count the same way', (n, threshold, roundTo) => {
      const rule = { threshold, roundTo, suppressZero: false };
      const cell = suppressSmallNumbers([{ n }], { ...rule, columns: ['n'], marker: null }).rows[0]!['n'];
      expect(cell).toBe(suppressCount(n, rule));
      expect(applySuppression(n, rule)).toBe(suppressCount(n, rule));
    });
});
