import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { isRiskStratifyError } from '../../src/core/errors.js';
import { erfc, twoSidedP as twoSidedNormalP } from '../../src/core/normal.js';
import { nmes, synthetic, SYNTHETIC_FEATURES } from './fixtures.js';

const { x, y } = synthetic();
const model = fitRiskModel(x, y);

/** Independent reference: a row loop with the textbook logistic. */
function naiveScore(cols: Record<string, ArrayLike<number>>, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let eta = model.coefficients['intercept']!;
    for (const k of SYNTHETIC_FEATURES) eta += model.coefficients[k]! * cols[k]![i]!;
    out.push(1 / (1 + Math.exp(-eta)));
  }
  return out;
}

describe('RiskModel.score', () => {
  it('score(features) equals plogis(b0 + sum b_j x_j) computed row by row (to 1e-14 relative)', () => {
    const ref = naiveScore(Object.fromEntries(SYNTHETIC_FEATURES.map((k) => [k, x.column(k)!])), x.n);
    const s = model.score(x);
    expect(s).toBeInstanceOf(Float64Array);
    expect(s.length).toBe(x.n);
    for (let i = 0; i < x.n; i++) expect(Math.abs(s[i]! - ref[i]!)).toBeLessThanOrEqual(1e-14 * ref[i]!);
  });
  it('matches columns by name: the order of columns in the matrix does not matter (bit for bit)', () => {
    const reversed = toFeatureMatrix(Object.fromEntries([...SYNTHETIC_FEATURES].reverse().map((k) => [k, x.column(k)!])));
    const a = model.score(x);
    const b = model.score(reversed);
    for (let i = 0; i < x.n; i++) expect(Object.is(a[i], b[i])).toBe(true);
  });
  it('narrower typed columns (Uint8Array, Int32Array) score exactly as Float64Array ones', () => {
    const cols = Object.fromEntries(SYNTHETIC_FEATURES.map((k) => [k, x.column(k)!]));
    const typed = toFeatureMatrix({ ...cols, male: Uint8Array.from(cols['male']!), imd: Int32Array.from(cols['imd']!), copd: Uint8Array.from(cols['copd']!) });
    const a = model.score(x);
    const b = model.score(typed);
    for (let i = 0; i < x.n; i++) expect(Object.is(a[i], b[i])).toBe(true);
  });
  it('missing and extra columns are an error that lists them; ignoreExtra allows extras', () => {
    const cols = Object.fromEntries(SYNTHETIC_FEATURES.filter((k) => k !== 'copd' && k !== 'age').map((k) => [k, x.column(k)!]));
    let err: unknown;
    try {
      model.score(toFeatureMatrix({ ...cols, shoe_size: x.column('age')! }));
    } catch (e) {
      err = e;
    }
    expect(isRiskStratifyError(err)).toBe(true);
    if (isRiskStratifyError(err)) {
      expect(err.code).toBe('missing_column');
      expect(err.message).toMatch(/missing columns 'age', 'copd'; extra columns 'shoe_size'/);
      expect(err.details).toEqual({ missing: ['age', 'copd'], extra: ['shoe_size'] });
    }
    const withExtra = toFeatureMatrix({ ...Object.fromEntries(SYNTHETIC_FEATURES.map((k) => [k, x.column(k)!])), shoe_size: x.column('age')! });
    expect(() => model.score(withExtra)).toThrow(/extra columns 'shoe_size' \(pass \{ ignoreExtra: true \}/);
    expect(model.score(withExtra, { ignoreExtra: true })).toEqual(model.score(x));
  });
  it('scores a stream of chunks into one buffer with out/offset, identical to scoring at once', () => {
    const whole = model.score(x);
    const out = new Float64Array(x.n);
    for (let start = 0; start < x.n; start += 777) {
      const end = Math.min(x.n, start + 777);
      const chunk = toFeatureMatrix(Object.fromEntries(SYNTHETIC_FEATURES.map((k) => [k, x.column(k)!.subarray(start, end)])));
      expect(model.score(chunk, { out, offset: start })).toBe(out);
    }
    for (let i = 0; i < x.n; i++) expect(Object.is(out[i], whole[i])).toBe(true);
    expect(() => model.score(x, { out: new Float64Array(10) })).toThrow(/out has room for 10 rows/);
  });
  test.prop([fc.double({ min: -1e4, max: 1e4, noNaN: true })])('the logistic is safe for extreme eta: always in [0, 1], never NaN, and 1 - p(eta) = p(-eta)', (age) => {
    const m1 = fitRiskModel(toFeatureMatrix({ age: [1, 2, 3, 4, 5, 6] }), [0, 1, 0, 1, 1, 0]);
    const scale = Math.abs(m1.coefficients['age']!);
    const a = m1.score(toFeatureMatrix({ age: [age / scale] }))[0]!;
    expect(a >= 0 && a <= 1).toBe(true);
    const eta = m1.coefficients['intercept']! + m1.coefficients['age']! * (age / scale);
    const pos = eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
    // The kernel computes exp itself: within 2 units in the last place of the Math.exp form.
    if (pos < 1e-300) expect(a).toBeLessThan(1e-300);
    else expect(Math.abs(a - pos)).toBeLessThanOrEqual(2 ** -51 * pos);
  });
  test.prop([fc.integer({ min: 0, max: 4999 }), fc.double({ min: 0, max: 50, noNaN: true })])('a higher value of a feature with a positive coefficient never lowers the score', (i, bump) => {
    const row = Object.fromEntries(SYNTHETIC_FEATURES.map((k) => [k, [x.column(k)![i]!]]));
    const base = model.score(toFeatureMatrix(row))[0]!;
    const more = model.score(toFeatureMatrix({ ...row, prior: [row['prior']![0]! + bump] }))[0]!;
    expect(model.coefficients['prior']!).toBeGreaterThan(0);
    expect(more).toBeGreaterThanOrEqual(base);
  });
  it('does not mutate the feature matrix', () => {
    const before = x.column('age')!.slice();
    model.score(x);
    expect(x.column('age')).toEqual(before);
  });
});

describe('Wald p-values use an accurate normal tail', () => {
  it('erfc(x) equals R 2 * pnorm(-x * sqrt(2)) to 1e-13 relative, from 0.1 to 20', () => {
    // Rscript -e 'x <- c(0.1,0.5,1,2,2.9,3,3.5,5,8,20); cat(formatC(2*pnorm(-x*sqrt(2)), digits=17, format="g"))'
    const xs = [0.1, 0.5, 1, 2, 2.9, 3, 3.5, 5, 8, 20];
    const r = [0.88753708398171516, 0.47950012218695348, 0.15729920705028513, 0.0046777349810472636, 4.1097878099458858e-5, 2.2090496998585394e-5, 7.4309837234141288e-7, 1.5374597944280319e-12, 1.122429717298283e-29, 5.395865611607742e-176];
    xs.forEach((v, i) => expect(Math.abs(erfc(v) - r[i]!) / r[i]!, `erfc(${v})`).toBeLessThan(1e-13));
    expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028513, 15);
    expect(twoSidedNormalP(1.959963984540054)).toBeCloseTo(0.05, 15);
  });
});

describe('RiskModel on real data', () => {
  it('NMES: the mean fitted probability equals the event rate (a property of the logistic MLE with intercept)', () => {
    const d = nmes();
    const m = fitRiskModel(d.x, d.y, { tolerance: 1e-15 });
    const s = m.score(d.x);
    let sum = 0;
    for (const v of s) sum += v;
    expect(Math.abs(sum - 865)).toBeLessThan(1e-6);
  });
});
