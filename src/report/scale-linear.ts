import { fail } from '../core/errors.js';

/** A linear map from a data domain to a pixel range, with its inverse. */
export interface LinearScale {
  /** Maps a data value to a pixel position. */
  (value: number): number;
  /** Maps a pixel position back to a data value. */
  invert(pixel: number): number;
  /** The data interval `[d0, d1]`. */
  readonly domain: readonly [number, number];
  /** The pixel interval `[r0, r1]` (may be descending, e.g. a y axis). */
  readonly range: readonly [number, number];
}

/**
 * A linear scale: `d0 -> r0`, `d1 -> r1`, straight line between (and beyond: no clamping).
 * A degenerate domain (`d0 === d1`) maps everything to the middle of the range. O(1).
 *
 * @param domain - data interval `[d0, d1]` (finite).
 * @param range - pixel interval `[r0, r1]` (finite).
 * @returns the scale function with `invert`, `domain` and `range`.
 * @throws RiskStratifyError `invalid_argument` when a bound is not finite.
 * @example
 * const x = scaleLinear([0, 10], [100, 300]);
 * x(5);          // => 200
 * x.invert(150); // => 2.5
 * scaleLinear([0, 1], [200, 0])(0.25); // => 150 (a y axis grows upwards)
 */
export function scaleLinear(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (![d0, d1, r0, r1].every(Number.isFinite)) {
    fail({ fn: 'scaleLinear', code: 'invalid_argument', path: ['domain'], value: [d0, d1, r0, r1], message: 'domain and range bounds must be finite' });
  }
  const span = d1 - d0;
  const scale = ((value: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0))) as LinearScale;
  const mutable = scale as { invert: (p: number) => number; domain: readonly [number, number]; range: readonly [number, number] };
  mutable.invert = (pixel: number) => (r1 === r0 ? d0 : d0 + ((pixel - r0) / (r1 - r0)) * span);
  mutable.domain = [d0, d1];
  mutable.range = [r0, r1];
  return scale;
}
