import { fail } from '../core/errors.js';
import { niceNumber } from './nice-number.js';

/**
 * Tick values for an axis covering `[min, max]` by Heckbert's "loose labelling" (Graphics
 * Gems, 1990): the range is rounded up to a nice number, the step is the nice number
 * nearest to `range / (count - 1)`, and the ticks run from `floor(min / step) * step` to
 * `ceil(max / step) * step`, so the first and last ticks enclose the data.
 *
 * Each tick is computed as an integer multiple of the step and rounded to the step's
 * decimals, so there is no accumulated floating-point drift (0.6, never
 * 0.6000000000000001). When `min === max` (or the width is below 1e-9 of the magnitude,
 * too small to step through in doubles) the range is widened to include zero (`[-1, 1]`
 * around zero itself). O(number of ticks).
 *
 * @param min - smallest data value (finite).
 * @param max - largest data value (finite, `>= min`).
 * @param count - desired number of ticks (at least 2); the result has roughly this many.
 * @returns ascending tick values; the first is `<= min` and the last `>= max`.
 * @throws RiskStratifyError `invalid_argument` for non-finite bounds, `min > max` or `count < 2`.
 * @example
 * niceTicks(105, 543, 5); // => [100, 200, 300, 400, 500, 600]
 * niceTicks(0, 1, 5);     // => [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    fail({ fn: 'niceTicks', code: 'invalid_argument', path: ['min'], value: [min, max], message: 'min and max must be finite with min <= max' });
  }
  if (!Number.isInteger(count) || count < 2) {
    fail({ fn: 'niceTicks', code: 'invalid_argument', path: ['count'], value: count, message: 'count must be an integer of at least 2' });
  }
  let lo = min;
  let hi = max;
  // A width that is zero, or too small to step through in doubles, counts as one value;
  // one value is widened to include zero ([-1, 1] around zero itself).
  const tiny = 1e-90;
  if (hi - lo <= 1e-9 * Math.max(Math.abs(lo), Math.abs(hi)) || hi - lo < tiny) {
    const v = Math.abs(hi) >= Math.abs(lo) ? hi : lo;
    if (Math.abs(v) < tiny) { lo = -1; hi = 1; }
    else if (v > 0) { lo = 0; hi = v; }
    else { lo = v; hi = 0; }
  }
  const range = niceNumber(hi - lo, false);
  const step = niceNumber(range / (count - 1), true);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  // The 1e-9 slack stops float noise adding a tick (0.30000000000000004 / 0.1); the checks
  // after it keep the promise that the ticks enclose the data.
  const at = (k: number) => Number((k * step).toFixed(decimals));
  let first = Math.floor(lo / step + 1e-9);
  if (at(first) > lo) first--;
  let last = Math.ceil(hi / step - 1e-9);
  if (at(last) < hi) last++;
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) {
    const t = at(k);
    ticks.push(t === 0 ? 0 : t); // no -0
  }
  return ticks;
}

/** Decimals needed to print ticks spaced like `ticks` (internal). */
export function tickDecimals(ticks: readonly number[]): number {
  if (ticks.length < 2) return 0;
  const step = Math.abs(ticks[1]! - ticks[0]!);
  if (!(step > 0)) return 0;
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}
