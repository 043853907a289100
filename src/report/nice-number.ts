import { fail } from '../core/errors.js';

/**
 * Heckbert's "nice number" (Graphics Gems, 1990): a number of the form 1, 2, 5 or 10
 * times a power of ten that is close to `x`.
 *
 * With `round` true the nearest nice number is chosen (fraction < 1.5 -> 1, < 3 -> 2,
 * < 7 -> 5, else 10); with `round` false the smallest nice number that is at least `x`
 * (fraction <= 1 -> 1, <= 2 -> 2, <= 5 -> 5, else 10).
 *
 * @param x - a positive finite number.
 * @param round - nearest nice number (true) or the nice ceiling (false).
 * @returns the nice number.
 * @throws RiskStratifyError `invalid_argument` when `x` is not positive and finite.
 * @example
 * niceNumber(438, false); // => 500
 * niceNumber(125, true);  // => 100
 * niceNumber(0.25, true); // => 0.2
 */
export function niceNumber(x: number, round: boolean): number {
  if (!(x > 0) || !Number.isFinite(x)) {
    fail({ fn: 'niceNumber', code: 'invalid_argument', path: ['x'], value: x, message: 'x must be a positive finite number' });
  }
  const exponent = Math.floor(Math.log10(x));
  const power = 10 ** exponent;
  const fraction = x / power;
  let nice: number;
  if (round) nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  else nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  // Multiply by a power of ten, or divide by its inverse, so that 0.2 is exactly 0.2.
  return exponent >= 0 ? nice * power : nice / 10 ** -exponent;
}
