import { describe, expect, it } from 'vitest';
import { fitRiskModelParallel } from '../../src/node/fit-risk-model-parallel.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { reference, synthetic } from '../model/fixtures.js';

describe('fitRiskModelParallel', () => {
  it('with 2 threads gives R glm\'s answer on the weighted synthetic fixture (to 1e-9), like fitRiskModel', async () => {
    const { x, y, weight } = synthetic();
    const m = await fitRiskModelParallel(x, y, { weights: weight, threads: 2 });
    const ref = reference.syntheticWeighted;
    for (const k of Object.keys(ref.coefficients)) {
      expect(Math.abs(m.coefficients[k]! - ref.coefficients[k]!)).toBeLessThanOrEqual(1e-9 * Math.abs(ref.coefficients[k]!));
      expect(Math.abs(m.standardErrors[k]! - ref.standardErrors[k]!)).toBeLessThanOrEqual(1e-9 * ref.standardErrors[k]!);
    }
    expect(m.iterations).toBe(ref.iterations);
    const single = fitRiskModel(x, y, { weights: weight });
    expect(Math.abs(m.deviance - single.deviance)).toBeLessThan(1e-9);
  });
  it('uses 3 threads when asked and rejects with the same errors as fitRiskModel', async () => {
    const { x, y } = synthetic();
    const m = await fitRiskModelParallel(x, y, { threads: 3 });
    expect(m.iterations).toBe(reference.synthetic.iterations);
    await expect(fitRiskModelParallel(toFeatureMatrix({ a: [1, 2, 3] }), [0, 0, 0])).rejects.toThrow(/fitRiskModelParallel: the outcome has no events/);
  });
  it('carries the few-events-per-parameter warning as fitRiskModel does', async () => {
    const n = 3000;
    const a = Float64Array.from({ length: n }, (_, i) => (i * 37) % 23);
    const b = Float64Array.from({ length: n }, (_, i) => (i * 11) % 7);
    const y = Uint8Array.from({ length: n }, (_, i) => (i === 5 || i === 1600 || i === 2900 ? 1 : 0));
    const m = await fitRiskModelParallel(toFeatureMatrix({ a, b }), y, { threads: 2 });
    expect(m.warnings.map((w) => [w.code, w.count])).toEqual([['few_events_per_parameter', 3]]);
    expect(m.warnings).toEqual(fitRiskModel(toFeatureMatrix({ a, b }), y).warnings);
  });
});
