import { fail } from '../core/errors.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';
import { argsortAscending } from './argsort.js';
import { checkOutcome, checkScores } from './delong.js';
import { devianceTerm, lineSums, sigmoid } from '../core/logistic-line.js';

/** One calibration bin. */
export interface CalibrationBin {
  /** Smallest predicted risk in the bin. */
  readonly lower: number;
  /** Largest predicted risk in the bin. */
  readonly upper: number;
  readonly n: number;
  /** Mean predicted risk. */
  readonly expected: number;
  /** Observed event rate. */
  readonly observed: number;
  /** Number of events. */
  readonly events: number;
}

/** The result of {@link calibration}. */
export interface Calibration {
  readonly bins: readonly CalibrationBin[];
  /**
   * Calibration-in-the-large: `a` in logit P(y = 1) = a + logit(p) (logit(p) an offset);
   * 0 when the average risk is right. Null when it cannot be estimated (see `warnings`).
   */
  readonly intercept: number | null;
  /** `b` in logit P(y = 1) = a + b·logit(p); 1 when the spread of risks is right. Null when it cannot be estimated. */
  readonly slope: number | null;
  /**
   * Why a figure is null, and notes: `no_events` / `no_non_events` (path empty: intercept and
   * slope both null), `insufficient_data` at `['slope']` (every prediction the same, or the
   * predictions separate events from non-events: no finite slope), `not_converged` at
   * `['intercept']` or `['slope']`, and `clamped_predictions` when
   * predictions of exactly 0 or 1 were clamped for the logit.
   */
  readonly warnings: readonly ResultWarning[];
}

const CLAMP = 1e-15;


/** Stop when the step is negligible or, as R's glm does, the deviance has stopped changing. */
function converged(step: number, value: number, dev: number, devOld: number): boolean {
  return Math.abs(step) < 1e-13 * (1 + Math.abs(value)) || Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < 1e-15;
}

/** Why an estimate is null. */
type Why = 'no_events' | 'no_non_events' | 'not_converged' | 'one_prediction' | 'separated' | null;

/**
 * Newton-Raphson (IRLS) for the calibration intercept with offset, and for the logistic
 * recalibration line a + b·logit(p). Returns null values, with the reason, when an estimate
 * does not exist.
 * The arrays come in a canonical order (sorted by prediction, then outcome), so sums, and
 * hence results, do not depend on the input row order.
 */
function recalibrate(lg: Float64Array, y: Uint8Array): { intercept: number | null; slope: number | null; interceptWhy: Why; slopeWhy: Why } {
  const n = y.length;
  let events = 0;
  for (let i = 0; i < n; i++) events += y[i]!;
  if (events === 0) return { intercept: null, slope: null, interceptWhy: 'no_events', slopeWhy: 'no_events' };
  if (events === n) return { intercept: null, slope: null, interceptWhy: 'no_non_events', slopeWhy: 'no_non_events' };
  // 1 parameter: score = Σ(y − μ), information = Σ μ(1 − μ). With events and non-events the
  // score falls from +events to −non-events as a rises, so the root exists: Newton steps are
  // kept inside the bracket the signs of the score have shown (else bisection, or a doubling
  // step while one side is open), as Newton alone can overshoot into flat tails.
  let a = 0;
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  let intercept: number | null = null;
  let devOld = Number.POSITIVE_INFINITY;
  let near = false; // the deviance (logs) is only computed once the steps are small
  for (let it = 0; it < 200; it++) {
    let g = 0;
    let h = 0;
    let dev = Number.NaN;
    if (near) dev = 0;
    for (let i = 0; i < n; i++) {
      const eta = a + lg[i]!;
      const mu = sigmoid(eta);
      g += y[i]! - mu;
      h += mu * (1 - mu);
      if (near) dev += devianceTerm(eta, y[i]!);
    }
    if (converged(Number.POSITIVE_INFINITY, a, dev, devOld)) {
      intercept = a;
      break;
    }
    devOld = dev;
    if (g > 0) lo = a;
    else if (g < 0) hi = a;
    let next = h > 0 ? a + g / h : Number.NaN;
    if (!(next > lo && next < hi)) {
      next = Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : g > 0 ? a + Math.max(1, Math.abs(a)) : a - Math.max(1, Math.abs(a));
    }
    const step = next - a;
    a = next;
    if (!Number.isFinite(a)) break;
    near = it >= 20 || Math.abs(step) < 1e-6 * (1 + Math.abs(a));
    if (converged(step, a, dev, Number.POSITIVE_INFINITY)) {
      intercept = a;
      break;
    }
  }
  // 2 parameters (a, b) from (0, 1): solve the 2×2 Newton system each step.
  let c0 = 0;
  let c1 = 1;
  let slope: number | null = null;
  let slopeWhy: Why = 'not_converged';
  devOld = Number.POSITIVE_INFINITY;
  near = false;
  // The slope does not exist with a single distinct prediction, nor when the predictions
  // separate events from non-events (every event at or below every non-event, or above):
  // the likelihood then rises without bound as b runs off to infinity.
  let minE = Infinity;
  let maxE = -Infinity;
  let minN = Infinity;
  let maxN = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = lg[i]!;
    if (y[i] === 1) {
      if (x < minE) minE = x;
      if (x > maxE) maxE = x;
    } else {
      if (x < minN) minN = x;
      if (x > maxN) maxN = x;
    }
  }
  if (Math.min(minE, minN) === Math.max(maxE, maxN)) slopeWhy = 'one_prediction';
  else if (maxE <= minN || maxN <= minE) slopeWhy = 'separated';
  for (let it = 0; it < 200 && slopeWhy === 'not_converged'; it++) {
    const { d0, d1, dev, singular } = lineStep(lg, y, c0, c1, near);
    if (converged(Number.POSITIVE_INFINITY, c1, dev, devOld)) {
      slope = c1;
      break;
    }
    devOld = dev;
    if (singular) break; // numerically singular: not converged
    c0 += d0;
    c1 += d1;
    if (!Number.isFinite(c0) || !Number.isFinite(c1)) break;
    near = it >= 20 || (Math.abs(d0) < 1e-6 * (1 + Math.abs(c0)) && Math.abs(d1) < 1e-6 * (1 + Math.abs(c1)));
    if (converged(d0, c0, dev, Number.POSITIVE_INFINITY) && converged(d1, c1, dev, Number.POSITIVE_INFINITY)) {
      slope = c1;
      break;
    }
  }
  // Newton from (0, 1) can overshoot on small or extreme data, though the estimate exists
  // (the predictions overlap): then start again with step halving on the deviance, as glm does.
  if (slope === null && slopeWhy === 'not_converged') slope = dampedSlope(lg, y);
  return { intercept, slope, interceptWhy: intercept === null ? 'not_converged' : null, slopeWhy: slope === null ? slopeWhy : null };
}

/**
 * One Newton step for the line c0 + c1·x (score and information summed in one pass), and
 * the deviance at (c0, c1) when asked (NaN otherwise). `singular` when the information is
 * numerically singular (the step is then NaN). O(n).
 */
function lineStep(lg: Float64Array, y: Uint8Array, c0: number, c1: number, withDeviance: boolean): { d0: number; d1: number; dev: number; singular: boolean } {
  const { g0, g1, h00, h01, h11, dev } = lineSums(lg, y, c0, c1, withDeviance);
  const det = h00 * h11 - h01 * h01;
  if (!(Math.abs(det) > 1e-12 * Math.abs(h00 * h11))) return { d0: Number.NaN, d1: Number.NaN, dev, singular: true };
  return { d0: (h11 * g0 - h01 * g1) / det, d1: (h00 * g1 - h01 * g0) / det, dev, singular: false };
}

/** Deviance of the line c0 + c1·x. */
function lineDeviance(lg: Float64Array, y: Uint8Array, c0: number, c1: number): number {
  let dev = 0;
  for (let i = 0; i < y.length; i++) dev += devianceTerm(c0 + c1 * lg[i]!, y[i]!);
  return dev;
}

/**
 * The calibration slope by Newton-Raphson with step halving (a step is halved until the
 * deviance does not rise, as R's glm.fit does), from (0, 1). The slow path, taken only when
 * the plain Newton iteration failed; null if this fails too.
 */
function dampedSlope(lg: Float64Array, y: Uint8Array): number | null {
  let c0 = 0;
  let c1 = 1;
  let dev = lineDeviance(lg, y, c0, c1);
  for (let it = 0; it < 500; it++) {
    const { d0, d1, singular } = lineStep(lg, y, c0, c1, false);
    if (singular) return null;
    let t = 1;
    let next = lineDeviance(lg, y, c0 + d0, c1 + d1);
    while (!(next <= dev) && t > 1e-12) {
      t /= 2;
      next = lineDeviance(lg, y, c0 + t * d0, c1 + t * d1);
    }
    if (!(next <= dev)) return null;
    c0 += t * d0;
    c1 += t * d1;
    const done = Math.abs(dev - next) / (Math.abs(next) + 0.1) < 1e-15 || (Math.abs(t * d0) < 1e-13 * (1 + Math.abs(c0)) && Math.abs(t * d1) < 1e-13 * (1 + Math.abs(c1)));
    dev = next;
    if (done) return Number.isFinite(c1) ? c1 : null;
  }
  return null;
}

/** The warnings for null calibration estimates and clamped predictions; paths relative to the calibration. */
function calibrationWarnings(r: ReturnType<typeof recalibrate>, clamped: number): ResultWarning[] {
  const out: ResultWarning[] = [];
  if (r.interceptWhy === 'no_events') out.push(resultWarning('no_events', 'no events: the calibration intercept and slope are null', { count: 0 }));
  else if (r.interceptWhy === 'no_non_events') out.push(resultWarning('no_non_events', 'no non-events (everyone had the outcome): the calibration intercept and slope are null', { count: 0 }));
  else {
    if (r.interceptWhy === 'not_converged') out.push(resultWarning('not_converged', 'the calibration intercept did not converge (Newton-Raphson, 200 steps): it is null', { path: ['intercept'] }));
    if (r.slopeWhy === 'one_prediction') out.push(resultWarning('insufficient_data', 'every prediction is the same: the calibration slope cannot be estimated and is null', { path: ['slope'] }));
    else if (r.slopeWhy === 'separated') out.push(resultWarning('insufficient_data', 'the predictions separate events from non-events (no overlap): the calibration slope is infinite, so it is null', { path: ['slope'] }));
    else if (r.slopeWhy === 'not_converged') out.push(resultWarning('not_converged', 'the calibration slope did not converge (Newton-Raphson, 200 steps): it is null', { path: ['slope'] }));
  }
  if (clamped > 0) out.push(resultWarning('clamped_predictions', `${clamped} prediction(s) of exactly 0 or 1 were clamped to [1e-15, 1 - 1e-15] for the calibration logit`, { count: clamped }));
  return out;
}

/**
 * Calibration of predicted risks: observed against expected by equal-count bins of predicted
 * risk (tenths by default), and the calibration intercept and slope.
 *
 * **Bins.** People are sorted by predicted risk ascending; a person at 0-based position j
 * belongs to bin floor(j·B/n), except that tied predictions stay together: a block of equal
 * predictions goes wholly into the bin of its first member. So bins hold n/B people (±1)
 * unless ties make them larger; bins left empty by a large tie block are omitted.
 *
 * **Intercept and slope** (logistic recalibration; Cox 1958): slope b from the logistic
 * regression logit P(y = 1) = a + b·logit(p); intercept a from logit P(y = 1) = a + offset
 * logit(p) (calibration-in-the-large). Both fitted by Newton-Raphson (IRLS) to a relative
 * step of 1e-13; they agree with R `glm` to 1e-9. Predictions of exactly 0 or 1 are clamped
 * to [1e-15, 1 − 1e-15] for the logit, with a warning. With no events or no non-events
 * neither exists; with one distinct prediction, or predictions that separate events from
 * non-events, the slope does not: they are then `null` with a warning naming why, never NaN.
 * (The intercept always exists with both classes: its Newton steps are safeguarded by the
 * bracket the score's signs give, falling back to bisection.)
 *
 * Cost: one O(n) radix sort plus O(n) per Newton step (usually under 8 steps).
 *
 * @param predicted - Predicted risk per person, each in [0, 1].
 * @param outcome - 0/1 per person.
 * @param options - `bins`: number of bins (default 10).
 * @returns Bins, intercept, slope and warnings.
 * @throws RiskStratifyError `invalid_input` for a prediction outside [0, 1] (naming the row),
 *   plus the input errors of {@link auroc}.
 * @example
 * const c = calibration([0.1, 0.1, 0.8, 0.8], [0, 0, 1, 1], { bins: 2 });
 * c.bins.map((b) => [b.expected, b.observed]); // => [[0.1, 0], [0.8, 1]]
 * calibration([0.1, 0.2], [0, 0]).slope; // => null (warnings[0].code 'no_events')
 */
export function calibration(predicted: ArrayLike<number>, outcome: ArrayLike<number | boolean>, options: { bins?: number } = {}): Calibration {
  const fn = 'calibration';
  checkScores(fn, 'predicted', predicted);
  const y = checkOutcome(fn, outcome, predicted.length);
  const nBins = options.bins ?? 10;
  if (!Number.isInteger(nBins) || nBins < 1) {
    fail({ fn, code: 'invalid_options', path: ['options', 'bins'], value: nBins, message: 'bins must be a whole number >= 1' });
  }
  const n = y.length;
  for (let i = 0; i < n; i++) {
    const p = predicted[i]!;
    if (!(p >= 0 && p <= 1)) {
      fail({ fn, code: 'invalid_input', path: ['predicted', i], value: p, message: `predicted risk at row ${i} is not in [0, 1]` });
    }
  }
  // Ascending by prediction, then outcome (a canonical order: results do not depend on row order).
  // Stable radix sort by prediction of rows already ordered by outcome (0s first).
  const byOutcome = new Uint32Array(n);
  let zeros = 0;
  for (let i = 0; i < n; i++) if (y[i] === 0) byOutcome[zeros++] = i;
  for (let i = 0; i < n; i++) if (y[i] === 1) byOutcome[zeros++] = i;
  const order = argsortAscending(predicted, byOutcome);
  let clamped = 0;
  const lg = new Float64Array(n);
  const ys = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const p = predicted[order[j]!]!;
    const q = Math.min(1 - CLAMP, Math.max(CLAMP, p));
    if (q !== p) clamped++;
    lg[j] = Math.log(q / (1 - q));
    ys[j] = y[order[j]!]!;
  }

  // Tie blocks stay in the bin of their first member.
  const acc = Array.from({ length: nBins }, () => ({ n: 0, sum: 0, events: 0, lower: Infinity, upper: -Infinity }));
  let bin = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    const p = predicted[i]!;
    if (j === 0 || p !== predicted[order[j - 1]!]) bin = Math.floor((j * nBins) / n);
    const a = acc[bin]!;
    a.n++;
    a.sum += p;
    a.events += y[i]!;
    if (p < a.lower) a.lower = p;
    if (p > a.upper) a.upper = p;
  }
  const bins: CalibrationBin[] = acc
    .filter((a) => a.n > 0)
    .map((a) => ({ lower: a.lower, upper: a.upper, n: a.n, expected: a.sum / a.n, observed: a.events / a.n, events: a.events }));
  const r = recalibrate(lg, ys);
  return { bins, intercept: r.intercept, slope: r.slope, warnings: calibrationWarnings(r, clamped) };
}
