/**
 * The cohort size for `percent`% of `eligible` people: k = ceil(p/100 · m), at least 1 when
 * anyone is eligible. A guard against floating-point noise: when p·m/100 is within 1e-12
 * (relative) of a whole number it is taken as that number (0.07·100 is 7.000000000000001 in
 * floating point, and 7% of 100 is still 7). The guard is far wider than rounding noise (a
 * few parts in 1e16) and far narrower than any true fraction for percentages with up to two
 * decimals and fewer than 100 million people (a fraction is then at least 1e-4 in 1e6 of k):
 * 99.91% of 999,999 is 999,099.0009 and gives 999,100. {@link selectCohort} and `evaluateScores` both
 * round this way. O(1).
 *
 * @param percent - In (0, 100].
 * @param eligible - Number of eligible people (a whole number >= 0).
 * @returns k.
 * @throws Never.
 * @example
 * cohortSize(2, 350); // => 7
 * cohortSize(2, 351); // => 8 (7.02 rounds up)
 * cohortSize(5, 10);  // => 1
 */
export function cohortSize(percent: number, eligible: number): number {
  if (eligible <= 0) return 0;
  const x = (percent * eligible) / 100;
  const r = Math.round(x);
  const k = Math.abs(x - r) <= 1e-12 * Math.max(1, x) ? r : Math.ceil(x);
  return Math.min(eligible, Math.max(k, 1));
}
