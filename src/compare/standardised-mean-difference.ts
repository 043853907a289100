import { weightedMean, weightedVariance } from './internal/stats.js';

/**
 * Standardised mean difference (mean_a - mean_b) / sqrt((var_a + var_b) / 2), with optional
 * reliability weights (unit weights give the usual n - 1 variances). 0 when both variances
 * are 0 and the means agree; +/-Infinity when they differ. Used for the balance table of
 * `evaluateIntervention`; |SMD| > 0.1 is the usual flag of imbalance. O(n).
 *
 * @param a - values in the first group (e.g. treated).
 * @param b - values in the second group (e.g. matched controls).
 * @param wa - optional weights of `a` (default 1 each).
 * @param wb - optional weights of `b` (default 1 each).
 * @returns the SMD.
 * @throws never.
 * @example
 * standardisedMeanDifference([1, 2, 3], [2, 3, 4]); // => -1 (means 2 and 3, both variances 1)
 */
export function standardisedMeanDifference(a: ArrayLike<number>, b: ArrayLike<number>, wa?: ArrayLike<number>, wb?: ArrayLike<number>): number {
  const ones = (n: number): Float64Array => new Float64Array(n).fill(1);
  const wA = wa ?? ones(a.length);
  const wB = wb ?? ones(b.length);
  const ma = weightedMean(a, wA);
  const mb = weightedMean(b, wB);
  const va = weightedVariance(a, wA);
  const vb = weightedVariance(b, wB);
  const sd = Math.sqrt(((Number.isFinite(va) ? va : 0) + (Number.isFinite(vb) ? vb : 0)) / 2);
  if (sd === 0) return ma === mb ? 0 : (ma - mb) * Infinity;
  return (ma - mb) / sd;
}
