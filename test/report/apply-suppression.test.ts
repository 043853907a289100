import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { applySuppression } from '../../src/report/apply-suppression.js';

describe('applySuppression (NHS rule: suppress 1-7, round to the nearest 5)', () => {
  it('0 stays 0; 1..7 are suppressed; 8 -> 10, 12 -> 10, 13 -> 15, 17.5 -> 20, 1234 -> 1235', () => {
    expect(applySuppression(0)).toBe(0);
    for (let n = 1; n <= 7; n++) expect(applySuppression(n)).toBeNull();
    expect(applySuppression(8)).toBe(10);
    expect(applySuppression(12)).toBe(10);
    expect(applySuppression(13)).toBe(15);
    expect(applySuppression(17.5)).toBe(20);
    expect(applySuppression(1234)).toBe(1235);
  });
  it('a custom rule { threshold: 10, roundTo: 10 } suppresses 1..10 and rounds to tens; { threshold: 0, roundTo: 1 } is off', () => {
    expect(applySuppression(10, { threshold: 10, roundTo: 10 })).toBeNull();
    expect(applySuppression(14, { threshold: 10, roundTo: 10 })).toBe(10);
    expect(applySuppression(15, { threshold: 10, roundTo: 10 })).toBe(20);
    expect(applySuppression(3, { threshold: 0, roundTo: 1 })).toBe(3);
  });
  it('suppressZero hides zeros too; a rule object with the compare stage\'s extra fields is accepted (extras ignored)', () => {
    expect(applySuppression(0, { suppressZero: true })).toBeNull();
    const tableRule = { threshold: 5, roundTo: 10, marker: '*', secondary: 'none', derived: {} };
    expect(applySuppression(5, tableRule)).toBeNull();
    expect(applySuppression(6, tableRule)).toBe(10);
    expect(applySuppression(26, tableRule)).toBe(30);
  });
  it('refuses negative and non-finite counts and bad rules, naming the field', () => {
    expect(() => applySuppression(-1)).toThrow(/applySuppression.*\(n\)/);
    expect(() => applySuppression(NaN)).toThrow(/applySuppression/);
    expect(() => applySuppression(5, { threshold: 7, roundTo: 0 })).toThrow(/rule\.roundTo/);
  });
  test.prop([fc.integer({ min: 0, max: 1_000_000 })])('null exactly for 1..7, otherwise a multiple of 5 within 2.5 of n (never 0 for n > 7)', (n) => {
    const r = applySuppression(n);
    if (n >= 1 && n <= 7) { expect(r).toBeNull(); return; }
    expect(r! % 5).toBe(0);
    expect(Math.abs(r! - n)).toBeLessThanOrEqual(2.5);
    if (n > 7) expect(r).toBeGreaterThan(0);
  });
});
