import { describe, expect, it } from 'vitest';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';

describe('toFeatureMatrix', () => {
  it('keeps typed-array columns as they are and converts plain arrays to Float64Array', () => {
    const age = new Float64Array([70, 80, 90]);
    const before = age.slice();
    const m = toFeatureMatrix({ age, copd: [1, 0, 1] }, { rowIds: ['a', 'b', 'c'] });
    expect(m.n).toBe(3);
    expect(m.names).toEqual(['age', 'copd']);
    expect(m.column('age')).toBe(age);
    expect(m.column('copd')).toBeInstanceOf(Float64Array);
    expect(m.column('nope')).toBeUndefined();
    expect(Array.from(m.rows)).toEqual([0, 1, 2]);
    expect(age).toEqual(before);
  });
  it('refuses ragged columns and non-finite values, naming the column and row', () => {
    expect(() => toFeatureMatrix({ a: [1, 2], b: [1] })).toThrow(/toFeatureMatrix: column has 1 values, expected 2 \(columns\.b\)/);
    expect(() => toFeatureMatrix({ a: [1, Number.NaN] })).toThrow(/columns\.a\.1\); got NaN/);
    expect(() => toFeatureMatrix({})).toThrow(/at least one column/);
  });
});
