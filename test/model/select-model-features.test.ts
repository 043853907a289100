import { describe, expect, it } from 'vitest';
import { selectModelFeatures, MODEL_FEATURES } from '../../src/model/select-model-features.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { buildFeatures, buildOutcomes } from '../../src/features/index.js';
import { generatePopulation } from '../../src/synth/generate-population.js';

describe('selectModelFeatures', () => {
  it('keeps the wanted features that exist and vary, in the order asked, and lists the rest with the reason', () => {
    const m = toFeatureMatrix({ age: [70, 80, 90], care_home: [0, 0, 0], efi: [0.1, 0.2, 0.1] }, { rowIds: ['a', 'b', 'c'], rows: [4, 5, 6] });
    const { matrix, dropped } = selectModelFeatures(m, ['efi', 'age', 'care_home', 'polypharmacy']);
    expect(matrix.names).toEqual(['efi', 'age']);
    expect(matrix.column('age')).toBe(m.column('age'));
    expect(Array.from(matrix.rows)).toEqual([4, 5, 6]);
    expect(matrix.rowIds).toEqual(['a', 'b', 'c']);
    expect(dropped).toEqual([{ name: 'care_home', reason: 'constant' }, { name: 'polypharmacy', reason: 'not built' }]);
  });
  it('refuses when nothing is left, naming the function', () => {
    expect(() => selectModelFeatures(toFeatureMatrix({ a: [1, 1] }), ['a', 'b'])).toThrow(/selectModelFeatures: none of the wanted features/);
  });
  it('the default set from buildFeatures fits without a constant or collinear column, where the full feature set cannot', () => {
    const { population } = generatePopulation({ size: 8000, seed: 3, gpContacts: false, outpatients: false });
    const f = buildFeatures(population, { asOf: '2022-04-01' });
    const y = buildOutcomes(population, { asOf: '2022-04-01', rows: f.rows }).emergencyAdmission;
    expect(() => fitRiskModel(f, y)).toThrow(/constant|collinear/);
    const { matrix } = selectModelFeatures(f);
    const model = fitRiskModel(matrix, y);
    expect(model.converged).toBe(true);
    expect(Object.keys(model.coefficients).filter((k) => k !== 'intercept')).toEqual(matrix.names);
    expect(matrix.names.every((n) => MODEL_FEATURES.includes(n))).toBe(true);
    // an older person with more emergency admissions last year is at higher risk
    expect(model.coefficients['emergency_admissions']!).toBeGreaterThan(0);
  });
});
