import { describe, expect, it } from 'vitest';
import { from } from 'arquero';
import { sampleStandardDeviation, mean } from 'simple-statistics';
import { summariseFeatures } from '../../src/features/summarise-features.js';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { AS_OF, handPopulation } from '../fixtures/features/hand-population.js';

describe('summariseFeatures', () => {
  it('mean, sample sd, min, max and non-zero count of each column (hand-made population ages 74, 93, 4, 43)', () => {
    const f = buildFeatures(handPopulation(), { asOf: AS_OF });
    const { rows } = summariseFeatures(f);
    const age = rows.find((r) => r.feature === 'age')!;
    expect(age).toMatchObject({ type: 'Uint16Array', n: 4, mean: 53.5, min: 4, max: 93, nonZero: 4, shareNonZero: 1 });
    // simple-statistics as the independent reference for the sample standard deviation
    expect(age.sd).toBeCloseTo(sampleStandardDeviation([74, 93, 4, 43]), 12);
    expect(rows.find((r) => r.feature === 'ltc_copd')).toMatchObject({ nonZero: 1, shareNonZero: 0.25, mean: 0.25 });
    expect(rows.map((r) => r.feature)).toEqual(f.names);
    // plain rows make an arquero table as they are (the library no longer imports arquero)
    expect(from(rows.map((r) => ({ ...r }))).numRows()).toBe(f.names.length);
  });

  it('agrees with simple-statistics on a column of awkward floats', () => {
    const x = [1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3, 1e9 - 0.7];
    const row = summariseFeatures(toFeatureMatrix({ x })).rows[0]!;
    expect(row.mean).toBeCloseTo(mean(x), 6);
    expect(row.sd).toBeCloseTo(sampleStandardDeviation(x), 6);
  });

  it('an empty matrix gives zeros, not NaN', () => {
    const row = summariseFeatures(toFeatureMatrix({ x: [] })).rows[0]!;
    expect(row).toMatchObject({ n: 0, mean: 0, sd: 0, min: 0, max: 0, shareNonZero: 0 });
  });
});
