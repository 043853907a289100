import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { riskModelToPoints } from '../../src/model/risk-model-to-points.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { nmes } from './fixtures.js';

const small = { featureNames: ['age', 'copd'], coefficients: { intercept: -5, age: 0.05, copd: 0.7 } };

describe('riskModelToPoints (Sullivan et al. 2004)', () => {
  it('hand-worked: B = 10 years of age = 0.5 log-odds; COPD round(0.7 / 0.5) = 1 point; risk = logistic(-2.5 + 0.5 T)', () => {
    const s = riskModelToPoints(small, { values: { age: [50, 60, 70, 80] } });
    expect(s.pointValue).toBe(0.5);
    expect(s.baseline).toBeCloseTo(-2.5, 15);
    expect(s.features).toEqual([
      { name: 'age', values: [{ value: 50, points: 0 }, { value: 60, points: 1 }, { value: 70, points: 2 }, { value: 80, points: 3 }] },
      { name: 'copd', values: [{ value: 0, points: 0 }, { value: 1, points: 1 }] },
    ]);
    expect(s.table.map((r) => r.points)).toEqual([0, 1, 2, 3, 4]);
    // logistic(-2.5) = 0.07585818002124355, logistic(-0.5) = 0.3775406687981454
    expect(s.table[0]!.risk).toBeCloseTo(0.07585818002124355, 15);
    expect(s.table[4]!.risk).toBeCloseTo(0.3775406687981454, 15);
  });
  it('an explicit pointValue and negative coefficients give negative points', () => {
    const s = riskModelToPoints({ featureNames: ['married'], coefficients: { intercept: -1, married: -0.3 } }, { pointValue: 0.1 });
    expect(s.features[0]!.values).toEqual([{ value: 0, points: 0 }, { value: 1, points: -3 }]);
    expect(s.table.map((r) => r.points)).toEqual([-3, -2, -1, 0]);
  });
  it('refuses values for a feature the model lacks', () => {
    expect(() => riskModelToPoints(small, { values: { shoe: [1, 2] } })).toThrow(/'shoe' is not a feature/);
  });
  const { x, y } = nmes();
  const m = fitRiskModel(x, y);
  test.prop([fc.integer({ min: 0, max: 4405 })], { numRuns: 25 })('on NMES, the points risk stays close to the model risk (rounding only) and rises with points', (i) => {
    const s = m.toPoints({ values: { age: [6.6, 7, 7.5, 8, 8.5, 9, 10], chronic: [0, 1, 2, 3, 4, 5, 6, 7, 8], school: [0, 6, 12, 18], income: [0, 1, 2, 5, 10] } });
    for (let k = 1; k < s.table.length; k++) expect(s.table[k]!.risk).toBeGreaterThan(s.table[k - 1]!.risk);
    // person i, with each feature snapped to the nearest listed value
    let points = 0;
    let eta = m.coefficients['intercept']!;
    for (const f of s.features) {
      const v = x.column(f.name)![i]!;
      const near = f.values.reduce((a, b) => (Math.abs(b.value - v) < Math.abs(a.value - v) ? b : a));
      points += near.points;
      eta += m.coefficients[f.name]! * near.value;
    }
    const risk = s.table.find((r) => r.points === points)!.risk;
    const exact = 1 / (1 + Math.exp(-eta));
    // each feature's rounding is at most B/2 of log-odds
    expect(Math.abs(Math.log(risk / (1 - risk)) - Math.log(exact / (1 - exact)))).toBeLessThanOrEqual((s.features.length * s.pointValue) / 2 + 1e-9);
  });
});
