/**
 * Observed/expected ratios with Byar's 95% interval, shared by the fairness check and the
 * calibration-drift series. Internal (not exported from the package).
 *
 * @module
 */
import { Z_975 } from '../core/normal.js';

/** An observed/expected ratio with its 95% interval. */
export interface ObservedExpected {
  /** Observed count (people with the event). */
  readonly observed: number;
  /** Expected count: the sum of predicted risks. */
  readonly expected: number;
  /** observed / expected; null when expected is 0. */
  readonly ratio: number | null;
  /** Byar's approximation to the exact Poisson 95% interval of `observed`, divided by `expected`; null with `ratio`. */
  readonly ci: readonly [number, number] | null;
}

/**
 * O/E with Byar's interval (as NHS Digital's SHMI and PHE's indicator tools use):
 * lower = O (1 - 1/(9O) - z/(3 sqrt O))^3 / E (0 when O = 0),
 * upper = (O+1) (1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3 / E, z = 1.959964.
 * Observed is treated as Poisson and the expected count as fixed. O(1).
 */
export function observedExpected(observed: number, expected: number): ObservedExpected {
  if (!(expected > 0)) return { observed, expected, ratio: null, ci: null };
  const o = observed;
  const lower = o > 0 ? o * (1 - 1 / (9 * o) - Z_975 / (3 * Math.sqrt(o))) ** 3 : 0;
  const o1 = o + 1;
  const upper = o1 * (1 - 1 / (9 * o1) + Z_975 / (3 * Math.sqrt(o1))) ** 3;
  return { observed, expected, ratio: o / expected, ci: [Math.max(0, lower) / expected, upper / expected] };
}
