import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { compareScores } from '../../src/evaluate/compare-scores.js';
import { normalCdf, twoSidedP, erfc } from '../../src/core/normal.js';
import { loadNmes, readFixture } from './nmes.js';

interface ProcFixture {
  rocTest: Record<string, { z: number; pValue: number; lower: number; upper: number; aucA: number; aucB: number }>;
  pnorm: { z: number[]; p: number[] };
}
const fixture = readFixture<ProcFixture>('pROC-nmes1988.json');
const nmes = loadNmes();

describe('compareScores', () => {
  it.each([['prob', 'chronic'], ['visits', 'chronic']] as const)(
    'equals pROC roc.test(method = "delong", paired = TRUE) on NMES 1988: %s vs %s', (a, b) => {
      const r = compareScores(nmes[a], nmes[b], nmes.y);
      const ref = fixture.rocTest[`${a}_vs_${b}`]!;
      expect(Math.abs(r.aurocA! - ref.aucA)).toBeLessThan(1e-9);
      expect(Math.abs(r.aurocB! - ref.aucB)).toBeLessThan(1e-9);
      expect(Math.abs(r.z! - ref.z)).toBeLessThan(1e-9 * Math.abs(ref.z));
      expect(Math.abs(r.pValue! - ref.pValue)).toBeLessThanOrEqual(1e-9 * ref.pValue);
      expect(Math.abs(r.ci![0] - ref.lower)).toBeLessThan(1e-9);
      expect(Math.abs(r.ci![1] - ref.upper)).toBeLessThan(1e-9);
      expect(r.warnings).toEqual([]);
      expect(r.difference).toBeCloseTo(ref.aucA - ref.aucB, 12);
    });

  it('gives z = 0 and p = 1 for the same score twice', () => {
    const r = compareScores(nmes.chronic, nmes.chronic, nmes.y);
    expect(r).toMatchObject({ difference: 0, z: 0, pValue: 1 });
  });

  it('has no test with fewer than two cases or controls: null figures with a warning, never NaN', () => {
    // One case: a ranks it top (AUROC 1), b bottom (AUROC 0); the difference exists, its variance does not.
    const one = compareScores([1, 2, 3], [3, 2, 1], [0, 0, 1]);
    expect([one.aurocA, one.aurocB, one.difference, one.ci, one.z, one.pValue]).toEqual([1, 0, 1, null, null, null]);
    expect(one.warnings.map((w) => w.code)).toEqual(['insufficient_data']);
    expect(one.warnings[0]!.message).toMatch(/at least 2 people with and 2 without the event \(has 1 and 2\)/);
    const none = compareScores([1, 2, 3], [3, 2, 1], [0, 0, 0]);
    expect([none.aurocA, none.aurocB, none.difference, none.ci, none.z, none.pValue]).toEqual([null, null, null, null, null, null]);
    expect(none.warnings.map((w) => w.code)).toEqual(['no_events']);
    expect(compareScores([1, 2], [2, 1], [1, 1]).warnings.map((w) => w.code)).toEqual(['no_non_events']);
  });

  it('refuses mismatched lengths', () => {
    expect(() => compareScores([1, 2, 3], [3, 2], [1, 0, 0])).toThrow(/compareScores: has 2 scores but a has 3 \(b\)/);
  });

  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.boolean()), { minLength: 8, maxLength: 60 })])(
    'is antisymmetric: swapping a and b negates the difference and z and keeps p', (rows) => {
      const y = rows.map((r) => (r[2] ? 1 : 0));
      const n1 = y.reduce((s: number, v) => s + v, 0);
      fc.pre(n1 >= 2 && y.length - n1 >= 2);
      const a = rows.map((r) => r[0]);
      const b = rows.map((r) => r[1]);
      const ab = compareScores(a, b, y);
      const ba = compareScores(b, a, y);
      expect(ba.difference).toBeCloseTo(-ab.difference!, 12);
      if (ab.z === null) expect([ba.z, ba.pValue, ab.pValue, ab.warnings[0]?.code]).toEqual([null, null, null, 'zero_denominator']);
      else {
        expect(ba.z).toBeCloseTo(-ab.z, 9);
        expect(ba.pValue).toBeCloseTo(ab.pValue!, 12);
      }
    });
});

describe('normal distribution (internal)', () => {
  it('normalCdf equals R pnorm to 1e-13 relative', () => {
    fixture.pnorm.z.forEach((z, i) => {
      const p = fixture.pnorm.p[i]!;
      expect(Math.abs(normalCdf(z) - p)).toBeLessThanOrEqual(1e-13 * p);
    });
  });
  it('twoSidedP is 2·(1 − Φ(|z|)) and keeps precision in the far tail', () => {
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(Math.abs(twoSidedP(-8) - 2 * 6.2209605742717849e-16)).toBeLessThan(1e-28);
    expect(erfc(0)).toBe(1);
    expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028513, 15);
  });
});
