import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { fitRiskModel, safeFitRiskModel } from '../../src/model/fit-risk-model.js';
import { toFeatureMatrix, makeFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { isRiskStratifyError, type RiskStratifyError } from '../../src/core/errors.js';
import { parseDate } from '../../src/core/dates.js';
import { nmes, reference, synthetic, SYNTHETIC_FEATURES, type RefFit } from './fixtures.js';
import type { RiskModel } from '../../src/model/risk-model.js';
import { thrown } from '../helpers/thrown.js';

/** |a - b| <= rel * |b| + abs */
function close(a: number, b: number, rel: number, abs = 0): boolean {
  return Math.abs(a - b) <= rel * Math.abs(b) + abs;
}
function expectMatchesR(m: RiskModel, ref: RefFit): void {
  const keys = Object.keys(ref.coefficients);
  expect(Object.keys(m.coefficients)).toEqual(keys);
  for (const k of keys) {
    // The contract is 1e-6; we hold ourselves to 1e-9 relative (plus 1e-12 absolute).
    expect(close(m.coefficients[k]!, ref.coefficients[k]!, 1e-9, 1e-12), `coefficient ${k}: ${m.coefficients[k]} vs R ${ref.coefficients[k]}`).toBe(true);
    expect(close(m.standardErrors[k]!, ref.standardErrors[k]!, 1e-9), `SE ${k}`).toBe(true);
    expect(close(m.zValues[k]!, ref.zValues[k]!, 1e-9), `z ${k}`).toBe(true);
    expect(close(m.pValues[k]!, ref.pValues[k]!, 1e-8, 1e-300), `p ${k}: ${m.pValues[k]} vs ${ref.pValues[k]}`).toBe(true);
  }
  expect(close(m.deviance, ref.deviance, 1e-11)).toBe(true);
  expect(close(m.nullDeviance, ref.nullDeviance, 1e-11)).toBe(true);
  expect(close(m.aic, ref.aic, 1e-11)).toBe(true);
  expect(m.iterations).toBe(ref.iterations);
  expect(m.converged).toBe(ref.converged);
}
const catchError = thrown;

describe('fitRiskModel agrees with R glm(family = binomial)', () => {
  it('on NMES 1988 (AER; outcome hospital > 0, 10 features): coefficients, SEs, z, p, deviance, AIC and iterations', () => {
    const { x, y } = nmes();
    const m = fitRiskModel(x, y);
    expectMatchesR(m, reference.nmes);
    expect(m.training.rows).toBe(4406);
    expect(m.training.events).toBe(865); // the dataset README: 865 people have hospital > 0
  });
  it('on the seeded synthetic set (5,000 x 8, skewed counts and a large-scale cost column)', () => {
    const { x, y } = synthetic();
    expectMatchesR(fitRiskModel(x, y), reference.synthetic);
  });
  it('with integer prior weights (weights = 1..3)', () => {
    const { x, y, weight } = synthetic();
    const m = fitRiskModel(x, y, { weights: weight });
    expectMatchesR(m, reference.syntheticWeighted);
    let sum = 0;
    for (const w of weight) sum += w;
    expect(m.training.weightSum).toBe(sum);
  });
  it('odds ratios are exp(beta) with 95% Wald limits exp(beta +/- qnorm(0.975) SE)', () => {
    const { x, y } = nmes();
    const m = fitRiskModel(x, y);
    const r = reference.nmes;
    const or = m.oddsRatios['chronic']!;
    expect(close(or.oddsRatio, Math.exp(r.coefficients['chronic']!), 1e-9)).toBe(true);
    expect(close(or.lower, Math.exp(r.coefficients['chronic']! - 1.959963984540054 * r.standardErrors['chronic']!), 1e-9)).toBe(true);
    expect(close(or.upper, Math.exp(r.coefficients['chronic']! + 1.959963984540054 * r.standardErrors['chronic']!), 1e-9)).toBe(true);
  });
});

describe('fitRiskModel with an L2 penalty on standardised coefficients', () => {
  it('{ l2: 25 } equals an independent penalised Newton in R (checked by optim) to 1e-6', () => {
    const { x, y } = synthetic();
    const ref = reference.syntheticRidge;
    expect(ref.optimMaxAbsDiff).toBeLessThan(1e-5); // R's two solvers agree with each other
    const m = fitRiskModel(x, y, { l2: ref.l2, tolerance: 1e-14 });
    for (const k of Object.keys(ref.coefficients)) {
      expect(close(m.coefficients[k]!, ref.coefficients[k]!, 1e-6), `${k}: ${m.coefficients[k]} vs ${ref.coefficients[k]}`).toBe(true);
    }
    expect(close(m.deviance, ref.deviance, 1e-9)).toBe(true);
    expect(m.l2).toBe(25);
  });
  it('meets the stationarity condition X\'(y - mu) = l2 * s_j^2 * beta_j (intercept: 0), computed directly', () => {
    const { x, y } = synthetic();
    const l2 = 25;
    const m = fitRiskModel(x, y, { l2, tolerance: 1e-14 });
    const n = x.n;
    const mu = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let e = m.coefficients['intercept']!;
      for (const k of SYNTHETIC_FEATURES) e += m.coefficients[k]! * x.column(k)![i]!;
      mu[i] = 1 / (1 + Math.exp(-e));
    }
    let g0 = 0;
    for (let i = 0; i < n; i++) g0 += y[i]! - mu[i]!;
    expect(Math.abs(g0)).toBeLessThan(1e-8);
    for (const k of SYNTHETIC_FEATURES) {
      const c = x.column(k)!;
      let mean = 0;
      for (let i = 0; i < n; i++) mean += c[i]!;
      mean /= n;
      let ss = 0;
      let g = 0;
      for (let i = 0; i < n; i++) {
        ss += (c[i]! - mean) ** 2;
        g += c[i]! * (y[i]! - mu[i]!);
      }
      const rhs = l2 * (ss / n) * m.coefficients[k]!;
      expect(Math.abs(g - rhs), k).toBeLessThan(1e-7 * Math.max(1, Math.abs(rhs)) * Math.sqrt(ss / n));
    }
  });
  it('a penalty shrinks every standardised coefficient towards 0 compared with no penalty', () => {
    const { x, y } = synthetic();
    const m0 = fitRiskModel(x, y);
    const m1 = fitRiskModel(x, y, { l2: 200 });
    let norm0 = 0;
    let norm1 = 0;
    for (const k of SYNTHETIC_FEATURES) {
      const s = m0.toJSON().features.find((f) => f.name === k)!.scale;
      norm0 += (s * m0.coefficients[k]!) ** 2;
      norm1 += (s * m1.coefficients[k]!) ** 2;
    }
    expect(norm1).toBeLessThan(norm0);
  });
});

describe('fitRiskModel invariants', () => {
  const base = synthetic();
  const small = { x: toFeatureMatrix(Object.fromEntries(SYNTHETIC_FEATURES.map((k) => [k, base.x.column(k)!.slice(0, 400)]))), y: base.y.slice(0, 400) };
  const fitted = fitRiskModel(small.x, small.y);
  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 15 })('permuting rows leaves the fit unchanged (to 1e-9)', (seed) => {
    const n = small.x.n;
    const perm = Array.from({ length: n }, (_, i) => i);
    let s = seed;
    for (let i = n - 1; i > 0; i--) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const j = s % (i + 1);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const x = toFeatureMatrix(Object.fromEntries(SYNTHETIC_FEATURES.map((k) => [k, Float64Array.from(perm, (i) => small.x.column(k)![i]!)])));
    const m = fitRiskModel(x, Uint8Array.from(perm, (i) => small.y[i]!));
    for (const k of Object.keys(fitted.coefficients)) expect(close(m.coefficients[k]!, fitted.coefficients[k]!, 1e-9, 1e-12)).toBe(true);
  });
  test.prop([fc.double({ min: 0.001, max: 1000, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true })], { numRuns: 15 })(
    'rescaling a feature x -> a*x + b divides its coefficient by a and changes no other slope',
    (a, b) => {
      const cols = Object.fromEntries(SYNTHETIC_FEATURES.map((k) => [k, small.x.column(k)!]));
      cols['age'] = Float64Array.from(small.x.column('age')!, (v) => a * v + b);
      const m = fitRiskModel(toFeatureMatrix(cols), small.y);
      expect(close(m.coefficients['age']! * a, fitted.coefficients['age']!, 1e-7)).toBe(true);
      expect(close(m.coefficients['copd']!, fitted.coefficients['copd']!, 1e-7)).toBe(true);
      expect(close(m.deviance, fitted.deviance, 1e-10)).toBe(true);
    },
  );
  it('never mutates its inputs', () => {
    const cols = Object.fromEntries(SYNTHETIC_FEATURES.map((k) => [k, small.x.column(k)!.slice()]));
    const before = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.slice()]));
    const y = Object.freeze(Array.from(small.y));
    const w = Object.freeze(Array.from({ length: 400 }, (_, i) => 1 + (i % 3)));
    fitRiskModel(toFeatureMatrix(cols), y, { weights: w, l2: 1 });
    for (const k of SYNTHETIC_FEATURES) expect(cols[k]).toEqual(before[k]);
  });
  it('records as-of date, the fittedAt it was given, definitions, and never reads the clock', () => {
    const asOf = parseDate('2026-04-01')!;
    const x = toFeatureMatrix({ age: small.x.column('age')!, copd: small.x.column('copd')! }, { asOf });
    const m = fitRiskModel(x, small.y, { fittedAt: '2026-05-01T09:00:00Z', definitions: { copd: 'COPD on the QOF register' } });
    expect(m.training.asOf).toBe('2026-04-01');
    expect(m.training.fittedAt).toBe('2026-05-01T09:00:00Z');
    expect(m.definitions).toEqual({ copd: 'COPD on the QOF register' });
    expect('fittedAt' in fitRiskModel(x, small.y).training).toBe(false);
  });
  it('an intercept-only model reproduces the event rate', () => {
    const m = fitRiskModel(makeFeatureMatrix([], [], new Array(4).fill(''), Uint32Array.from([0, 1, 2, 3]), undefined), [0, 1, 0, 0], { tolerance: 1e-15 });
    expect(close(m.coefficients['intercept']!, Math.log(1 / 3), 1e-12)).toBe(true);
    expect(close(m.standardErrors['intercept']!, Math.sqrt(1 / (4 * 0.25 * 0.75)), 1e-9)).toBe(true);
  });
  it('reports progress and stops at maxIterations with converged = false and a warning', () => {
    const calls: number[] = [];
    const m = fitRiskModel(small.x, small.y, { maxIterations: 2, onProgress: (d) => calls.push(d) });
    expect(m.converged).toBe(false);
    expect(m.iterations).toBe(2);
    expect(m.warnings.find((w) => w.code === 'not_converged')!.message).toMatch(/did not converge in 2 iterations/);
    expect(calls).toEqual([1, 2]);
  });
});

describe('fitRiskModel with too few events per parameter (Peduzzi et al. 1996)', () => {
  // 100 people, features spread so nothing separates; events at chosen rows.
  const n = 100;
  const a = Float64Array.from({ length: n }, (_, i) => (i * 37) % 23);
  const b = Float64Array.from({ length: n }, (_, i) => (i * 11) % 7);
  const c = Float64Array.from({ length: n }, (_, i) => (i * 53) % 13);
  const outcome = (events: readonly number[]) => Uint8Array.from({ length: n }, (_, i) => (events.includes(i) ? 1 : 0));

  it('a fit on 2 events may converge, but never looks clean: few_events_per_parameter, also in its JSON', () => {
    const m = fitRiskModel(toFeatureMatrix({ a, b, c }), outcome([5, 60]));
    expect(m.converged).toBe(true);
    // 2 events (the rarer outcome) for 3 features: 0.67 per parameter, below 10.
    expect(m.warnings.map((w) => [w.code, w.count, w.path])).toEqual([['few_events_per_parameter', 2, ['training', 'events']]]);
    expect(m.warnings[0]!.message).toMatch(/^2 events \(the rarer outcome\) for 3 parameter\(s\): 0\.67 per parameter, fewer than the 10 .* \(Peduzzi et al\. 1996\)/);
    expect(m.toJSON().warnings).toEqual([{ code: 'few_events_per_parameter', message: m.warnings[0]!.message, path: ['training', 'events'], count: 2 }]);
  });

  it('counts the rarer outcome, and 10 per parameter is enough', () => {
    const ten = Array.from({ length: 10 }, (_, k) => 3 + 9 * k); // 10 events, 1 feature: exactly 10 per parameter
    expect(fitRiskModel(toFeatureMatrix({ a }), outcome(ten)).warnings).toEqual([]);
    const nine = ten.slice(1);
    const m9 = fitRiskModel(toFeatureMatrix({ a }), outcome(nine));
    expect(m9.warnings.map((w) => [w.code, w.count])).toEqual([['few_events_per_parameter', 9]]);
    // 92 events and 8 non-events: the non-events are the rarer outcome.
    const many = Array.from({ length: n }, (_, i) => i).filter((i) => ![2, 13, 27, 38, 51, 66, 74, 90].includes(i));
    const m = fitRiskModel(toFeatureMatrix({ a }), outcome(many));
    expect(m.warnings.map((w) => [w.code, w.count])).toEqual([['few_events_per_parameter', 8]]);
    expect(m.warnings[0]!.message).toMatch(/^8 non-events \(the rarer outcome\) for 1 parameter/);
  });

  it('weights count as events; a ridge penalty is noted as no cure', () => {
    const ten = Array.from({ length: 10 }, (_, k) => 3 + 9 * k);
    const weights = Float64Array.from({ length: n }, (_, i) => (i === 3 ? 0.5 : 1)); // 9.5 weighted events
    const m = fitRiskModel(toFeatureMatrix({ a }), outcome(ten), { weights, l2: 1 });
    expect(m.warnings.map((w) => [w.code, w.count])).toEqual([['few_events_per_parameter', 9.5]]);
    expect(m.warnings[0]!.message).toMatch(/the ridge penalty shrinks the coefficients but does not make up for so few events/);
  });
});

describe('fitRiskModel refuses hard cases with a clear RiskStratifyError', () => {
  it('complete separation names the feature and suggests l2', () => {
    const x = toFeatureMatrix({ age: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], noise: [3, 1, 4, 1, 5, 9, 2, 6, 5, 3] });
    const e = catchError(() => fitRiskModel(x, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]));
    expect(e.code).toBe('separation');
    expect(e.message).toMatch(/'age' alone separates events from non-events/);
    expect(e.message).toMatch(/l2/);
    expect(e.details?.['features']).toContain('age');
  });
  it('quasi-complete separation (every person with the flag has the event) names the flag', () => {
    const n = 200;
    const flag = new Float64Array(n);
    const age = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      flag[i] = i % 10 === 0 ? 1 : 0;
      age[i] = 50 + ((i * 37) % 40);
      y[i] = flag[i] === 1 ? 1 : (i * 7919) % 5 === 0 ? 1 : 0;
    }
    const e = catchError(() => fitRiskModel(toFeatureMatrix({ age, flag }), y));
    expect(e.code).toBe('separation');
    expect(e.details?.['features']).toEqual(['flag']);
    // ... and with a penalty the same data fit without complaint
    const m = fitRiskModel(toFeatureMatrix({ age, flag }), y, { l2: 1 });
    expect(m.converged).toBe(true);
    expect(m.coefficients['flag']!).toBeGreaterThan(1);
  });
  it('collinear columns: names the column and what it is a combination of', () => {
    const { x } = synthetic();
    const age = x.column('age')!;
    const ltc = x.column('ltc')!;
    const both = Float64Array.from(age, (v, i) => v + 2 * ltc[i]!);
    const e = catchError(() => fitRiskModel(toFeatureMatrix({ age, ltc, copd: x.column('copd')!, both }), synthetic().y));
    expect(e.code).toBe('collinear');
    expect(e.message).toMatch(/feature 'both' is \(almost\) a linear combination of 'age', 'ltc'/);
    expect(e.details).toEqual({ column: 'both', combinationOf: ['age', 'ltc'] });
  });
  it('more coefficients than rows is reported as collinearity, saying so', () => {
    const e = catchError(() => fitRiskModel(toFeatureMatrix({ a: [1, 2, 3], b: [3, 1, 2], c: [5, 1, 7] }), [0, 1, 0]));
    expect(e.code).toBe('collinear');
    expect(e.message).toMatch(/only 3 rows for 4 coefficients/);
  });
  it('a legitimately slow fit stopped early is returned unconverged, not mistaken for separation', () => {
    const m = fitRiskModel(toFeatureMatrix({ a: [1, 2, 3, 4, 5, 6, 7, 8], b: [3, 1, 2, 5, 2, 8, 1, 3] }), [0, 1, 0, 1, 1, 0, 0, 1], { maxIterations: 3 });
    expect(m.converged).toBe(false);
    expect(m.warnings.filter((w) => w.code === 'not_converged')).toHaveLength(1);
  });
  it('constant columns are named', () => {
    const e = catchError(() => fitRiskModel(toFeatureMatrix({ a: [1, 2, 3, 4], k: [5, 5, 5, 5], j: [0, 0, 0, 0] }), [0, 1, 0, 1]));
    expect(e.code).toBe('constant_column');
    expect(e.details).toEqual({ columns: ['k', 'j'] });
    expect(e.message).toMatch(/constant columns 'k', 'j'/);
  });
  it('no events, or only events', () => {
    const x = toFeatureMatrix({ a: [1, 2, 3] });
    expect(catchError(() => fitRiskModel(x, [0, 0, 0])).code).toBe('no_events');
    const all = catchError(() => fitRiskModel(x, [1, 1, 1]));
    expect(all.code).toBe('no_events');
    expect(all.message).toMatch(/every row is an event/);
  });
  it('NaN or Infinity: names the column and row', () => {
    const cols = [Float64Array.from([1, 2, 3]), Float64Array.from([1, Infinity, 0])];
    const x = makeFeatureMatrix(['a', 'b'], cols, ['', '', ''], Uint32Array.from([0, 1, 2]), undefined);
    const e = catchError(() => fitRiskModel(x, [0, 1, 0]));
    expect(e.code).toBe('non_finite');
    expect(e.path).toEqual(['features', 'b', 1]);
    expect(catchError(() => fitRiskModel(toFeatureMatrix({ a: [1, 2, 3] }), [0, Number.NaN, 1])).path).toEqual(['outcome', 1]);
    expect(catchError(() => fitRiskModel(toFeatureMatrix({ a: [1, 2, 3] }), [0, 1, 1], { weights: [1, 1, Number.NaN] })).code).toBe('non_finite');
  });
  it('an outcome that is not 0/1 names the row and the value', () => {
    const e = catchError(() => fitRiskModel(toFeatureMatrix({ a: [1, 2, 3] }), [0, 1, 2]));
    expect(e.code).toBe('invalid_input');
    expect(e.path).toEqual(['outcome', 2]);
    expect(e.message).toMatch(/row 2.*got 2$/);
  });
  it('mismatched lengths, negative weights, a feature called intercept, bad options', () => {
    expect(catchError(() => fitRiskModel(toFeatureMatrix({ a: [1, 2, 3] }), [0, 1])).code).toBe('length_mismatch');
    expect(catchError(() => fitRiskModel(toFeatureMatrix({ a: [1, 2, 3] }), [0, 1, 1], { weights: [1, 1] })).code).toBe('length_mismatch');
    expect(catchError(() => fitRiskModel(toFeatureMatrix({ a: [1, 2, 3] }), [0, 1, 1], { weights: [1, -1, 1] })).path).toEqual(['options', 'weights', 1]);
    expect(catchError(() => fitRiskModel(toFeatureMatrix({ intercept: [1, 2, 3] }), [0, 1, 1])).message).toMatch(/reserved/);
    expect(catchError(() => fitRiskModel(toFeatureMatrix({ a: [1, 2, 3] }), [0, 1, 1], { l2: -1 })).code).toBe('invalid_options');
  });
  it('safeFitRiskModel returns the error instead of throwing', () => {
    const r = safeFitRiskModel(toFeatureMatrix({ a: [1, 2, 3] }), [0, 0, 0]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('no_events');
    const ok = safeFitRiskModel(toFeatureMatrix({ a: [1, 2, 3, 4] }), [0, 1, 0, 1]);
    expect(ok.ok).toBe(true);
  });
});
