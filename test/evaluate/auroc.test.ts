import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { auroc } from '../../src/evaluate/auroc.js';
import { loadNmes, readFixture } from './nmes.js';

interface ProcFixture {
  n: number;
  events: number;
  auroc: Record<'chronic' | 'visits' | 'prob', { auc: number; lower: number; upper: number; variance: number }>;
}

// O(n1·n0) definition, for property tests: P(score_case > score_control) + ½ P(tie).
function pairwise(scores: number[], y: number[]): number {
  let s = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      s += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return s / pairs;
}

describe('auroc', () => {
  it('matches its documented examples; a tie between a case and a control counts one half', () => {
    // Pairs (case, control): (0.35, 0.1) win, (0.35, 0.4) loss, (0.8, 0.1) win, (0.8, 0.4) win: 3/4.
    expect(auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]).auroc).toBe(0.75);
    // Case 1 vs controls 1 (tie, ½) and 0 (win): 1.5/2.
    expect(auroc([1, 1, 0], [1, 0, 0]).auroc).toBe(0.75);
    expect(auroc([1, 2], [true, false]).auroc).toBe(0);
  });

  const fixture = readFixture<ProcFixture>('pROC-nmes1988.json');
  const nmes = loadNmes();
  it.each(['chronic', 'visits', 'prob'] as const)('equals pROC auc, var and ci.auc(method = "delong") to 1e-9 on NMES 1988 (score: %s)', (name) => {
    const r = auroc(nmes[name], nmes.y);
    const ref = fixture.auroc[name];
    expect(r.cases).toBe(fixture.events);
    expect(r.cases + r.controls).toBe(fixture.n);
    expect(Math.abs(r.auroc! - ref.auc)).toBeLessThan(1e-9);
    expect(Math.abs(r.variance! - ref.variance)).toBeLessThan(1e-12);
    expect(r.warnings).toEqual([]);
    expect(Math.abs(r.ci![0] - ref.lower)).toBeLessThan(1e-9);
    expect(Math.abs(r.ci![1] - ref.upper)).toBeLessThan(1e-9);
  });

  it('has no interval with fewer than two cases or controls, and no AUROC without both: null with a warning, never NaN', () => {
    // One case above both controls: AUROC 1 exists; its DeLong variance needs 2 of each.
    const one = auroc([0.3, 0.2, 0.1], [1, 0, 0]);
    expect([one.auroc, one.ci, one.variance]).toEqual([1, null, null]);
    expect(one.warnings.map((w) => [w.code, w.count])).toEqual([['insufficient_data', 1]]);
    const none = auroc([0.3, 0.2], [0, 0]);
    expect([none.auroc, none.ci, none.variance, none.cases, none.controls]).toEqual([null, null, null, 0, 2]);
    expect(none.warnings.map((w) => w.code)).toEqual(['no_events']);
    const all = auroc([0.3, 0.2], [1, 1]);
    expect([all.auroc, all.ci, all.variance]).toEqual([null, null, null]);
    expect(all.warnings.map((w) => w.code)).toEqual(['no_non_events']);
    const empty = auroc([], []);
    expect([empty.auroc, empty.ci, empty.warnings[0]!.code]).toEqual([null, null, 'no_events']);
  });

  it('clips the interval to [0, 1] as pROC does', () => {
    const r = auroc([1, 2, 3, 4, 5, 6], [0, 0, 0, 1, 1, 1]);
    expect(r.auroc).toBe(1);
    expect(r.ci![1]).toBe(1);
  });

  it('refuses NaN scores, non-binary outcomes and length mismatches, naming the row', () => {
    expect(() => auroc([0.1, Number.NaN], [0, 1])).toThrow(/auroc: score at row 1 is not a number \(scores\.1\); got NaN/);
    expect(() => auroc([0.1, 0.2], [0, 2])).toThrow(/outcome at row 1 is not 0 or 1/);
    expect(() => auroc([0.1, 0.2], [0])).toThrow(/length_mismatch|has 1 values but there are 2 scores/);
  });

  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 60 })])(
    'equals the pairwise definition (ties ½) and does not modify its inputs', (pairs) => {
      const scores = Float64Array.from(pairs, (p) => p[0] / 5);
      const y = pairs.map((p) => (p[1] ? 1 : 0));
      const before = scores.slice();
      const r = auroc(scores, y);
      const n1 = y.filter((v) => v === 1).length;
      if (n1 === 0 || n1 === y.length) {
        expect(r.auroc).toBeNull();
        expect(r.warnings.map((w) => w.code)).toEqual([n1 === 0 ? 'no_events' : 'no_non_events']);
      } else expect(r.auroc).toBeCloseTo(pairwise(Array.from(scores), y), 12);
      expect(scores).toEqual(before);
    });

  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), { minLength: 4, maxLength: 50 })])(
    'DeLong variance equals S10/n1 + S01/n0 from placements computed pair by pair', (pairs) => {
      const s = pairs.map((p) => p[0]);
      const y = pairs.map((p) => (p[1] ? 1 : 0));
      const cases = s.filter((_, i) => y[i] === 1);
      const controls = s.filter((_, i) => y[i] === 0);
      fc.pre(cases.length >= 2 && controls.length >= 2);
      const psi = (a: number, b: number) => (a > b ? 1 : a === b ? 0.5 : 0);
      const v10 = cases.map((x) => controls.reduce((t, c) => t + psi(x, c), 0) / controls.length);
      const v01 = controls.map((c) => cases.reduce((t, x) => t + psi(x, c), 0) / cases.length);
      const mean = (a: number[]) => a.reduce((t, v) => t + v, 0) / a.length;
      const theta = mean(v10);
      const svar = (a: number[]) => a.reduce((t, v) => t + (v - theta) ** 2, 0) / (a.length - 1);
      const r = auroc(s, y);
      expect(r.auroc).toBeCloseTo(theta, 12);
      expect(r.variance).toBeCloseTo(svar(v10) / cases.length + svar(v01) / controls.length, 12);
    });
});
