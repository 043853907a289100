import { describe, expect, it } from 'vitest';
import { normalQuantile, quantileR7, sampleVariance, weightedVariance } from '../../src/compare/internal/stats.js';

describe('compare internal statistics', () => {
  it('normalQuantile matches published standard normal quantiles (qnorm in R)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 12);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(normalQuantile(0.5)).toBe(0);
  });
  it('quantileR7 is R type 7: quantile(c(1,2,3,4,10), 0.9) = 7.6', () => {
    // h = (5-1)*0.9 = 3.6 -> 4 + 0.6*(10-4) = 7.6
    expect(quantileR7([10, 1, 3, 2, 4], 0.9)).toBeCloseTo(7.6, 12);
  });
  it('weightedVariance with unit weights is the n-1 sample variance', () => {
    // var(c(1,2,4)) = ((1-7/3)^2 + (2-7/3)^2 + (4-7/3)^2) / 2 = (16/9 + 1/9 + 25/9)/2 = 42/18 = 7/3
    expect(sampleVariance([1, 2, 4])).toBeCloseTo(7 / 3, 12);
    expect(weightedVariance([1, 2, 4], [1, 1, 1])).toBeCloseTo(7 / 3, 12);
  });
});
