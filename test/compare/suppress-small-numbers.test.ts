import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { suppressSmallNumbers } from '../../src/compare/suppress-small-numbers.js';
import { isRiskStratifyError } from '../../src/core/errors.js';

describe('suppressSmallNumbers', () => {
  it('suppressSmallNumbers(rows) by default keeps 0, suppresses 1-7 as "*", rounds 8+ to the nearest 5 (halves up)', () => {
    const rows = Object.freeze([0, 1, 7, 8, 12, 13, 22, 23, 100].map((n, i) => Object.freeze({ unit: `u${i}`, n })));
    const { rows: out, note } = suppressSmallNumbers(rows);
    // Hand-worked: 0->0; 1,7->*; 8->10 (8/5=1.6); 12->10 (2.4); 13->15 (2.6); 22->20; 23->25; 100->100.
    expect(out.map((r) => r.n)).toEqual([0, '*', '*', 10, 10, 15, 20, 25, 100]);
    expect(out.map((r) => r.unit)).toEqual(rows.map((r) => r.unit));
    expect(note.countColumns).toEqual(['n']);
    expect(note.suppressedCells).toBe(2);
    expect(note.roundedCells).toBe(6);
    expect(note.text).toMatch(/1-7 are suppressed/);
    expect(rows[1]!.n).toBe(1); // input untouched
  });
  it('treats only all-integer non-negative columns as counts by default, so rates and labels pass through', () => {
    const { rows, note } = suppressSmallNumbers([{ year: 'x', count: 3, rate: 1.5 }, { year: 'y', count: 9, rate: 2.25 }]);
    expect(note.countColumns).toEqual(['count']);
    expect(rows).toEqual([{ year: 'x', count: '*', rate: 1.5 }, { year: 'y', count: 10, rate: 2.25 }]);
  });
  it('is configurable: threshold, rounding base, marker, zero suppression, named columns, derived columns', () => {
    const rows = [{ a: 0, b: 4, r: 0.4 }, { a: 6, b: 11, r: 1.1 }];
    const { rows: out, note } = suppressSmallNumbers(rows, { threshold: 5, roundTo: 1, marker: null, suppressZero: true, columns: ['a', 'b'], derived: { r: 'b' } });
    expect(out).toEqual([{ a: null, b: null, r: null }, { a: 6, b: 11, r: 1.1 }]);
    expect(note.suppressedCells).toBe(2);
    expect(note.derivedSuppressedCells).toBe(1);
  });
  it('secondary "column" also suppresses the smallest other positive cell when one cell alone is suppressed', () => {
    const { rows, note } = suppressSmallNumbers([{ n: 3 }, { n: 40 }, { n: 9 }, { n: 0 }], { secondary: 'column' });
    expect(rows.map((r) => r.n)).toEqual(['*', 40, '*', 0]);
    expect(note.secondarySuppressedCells).toBe(1);
  });
  it('reads arquero-like tables through objects()', () => {
    const table = { objects: () => [{ n: 5 }, { n: 50 }] };
    expect(suppressSmallNumbers(table).rows).toEqual([{ n: '*' }, { n: 50 }]);
  });
  it('refuses a non-count value in a named count column, naming the function, field and value', () => {
    try {
      suppressSmallNumbers([{ n: 2.5 }], { columns: ['n'] });
      expect.unreachable();
    } catch (e) {
      expect(isRiskStratifyError(e)).toBe(true);
      expect((e as Error).message).toMatch(/suppressSmallNumbers: .*table\.0\.n.*2\.5/);
    }
    expect(() => suppressSmallNumbers([{ n: 1 }], { threshold: -1 })).toThrow(/rule\.threshold/);
    expect(() => suppressSmallNumbers(42 as never)).toThrow(/suppressSmallNumbers/);
  });
  ptest.prop([fc.array(fc.nat({ max: 500 }), { minLength: 1, maxLength: 30 })])(
    'no published count is in 1..7, every published count is a multiple of 5, and rounding moves a count by at most 2',
    (ns) => {
      const out = suppressSmallNumbers(ns.map((n) => ({ n })), { columns: ['n'] }).rows;
      out.forEach((r, i) => {
        if (r.n === '*') expect(ns[i]! >= 1 && ns[i]! <= 7).toBe(true);
        else {
          expect(typeof r.n).toBe('number');
          expect((r.n as number) % 5).toBe(0);
          expect(Math.abs((r.n as number) - ns[i]!)).toBeLessThanOrEqual(2);
        }
      });
    },
  );
});
