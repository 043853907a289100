import { fail } from '../core/errors.js';
import { argsortAscending } from './argsort.js';
import { checkOutcome, checkScores } from './delong.js';

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
   * 0 when the average risk is right. Null when it cannot be estimated (no events or no non-events).
   */
  readonly intercept: number | null;
  /** `b` in logit P(y = 1) = a + b·logit(p); 1 when the spread of risks is right. */
  readonly slope: number | null;
  /** Notes, e.g. when predictions of exactly 0 or 1 were clamped. */
  readonly warnings: readonly string[];
}

const CLAMP = 1e-15;

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** −2 log-likelihood contribution of one person at linear predictor `eta`, stably. */
function devianceTerm(eta: number, y: number): number {
  // −log σ(η) = log(1 + e^(−η)); −log(1 − σ(η)) = log(1 + e^(η)).
  const t = y === 1 ? -eta : eta;
  return 2 * (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));
}

/** Stop when the step is negligible or, as R's glm does, the deviance has stopped changing. */
function converged(step: number, value: number, dev: number, devOld: number): boolean {
  return Math.abs(step) < 1e-13 * (1 + Math.abs(value)) || Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < 1e-15;
}

/**
 * Newton-Raphson (IRLS) for the calibration intercept with offset, and for the logistic
 * recalibration line a + b·logit(p). Returns null values when an estimate does not exist.
 * The arrays come in a canonical order (sorted by prediction, then outcome), so sums, and
 * hence results, do not depend on the input row order.
 */
function recalibrate(lg: Float64Array, y: Uint8Array): { intercept: number | null; slope: number | null } {
  const n = y.length;
  let events = 0;
  for (let i = 0; i < n; i++) events += y[i]!;
  if (events === 0 || events === n) return { intercept: null, slope: null };
  // 1 parameter: score = Σ(y − μ), information = Σ μ(1 − μ).
  let a = 0;
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
    if (!(h > 0)) break;
    const step = g / h;
    a += step;
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
  devOld = Number.POSITIVE_INFINITY;
  near = false;
  for (let it = 0; it < 200; it++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 0;
    let h01 = 0;
    let h11 = 0;
    let dev = Number.NaN;
    if (near) dev = 0;
    for (let i = 0; i < n; i++) {
      const x = lg[i]!;
      const eta = c0 + c1 * x;
      const mu = sigmoid(eta);
      const r = y[i]! - mu;
      const w = mu * (1 - mu);
      g0 += r;
      g1 += r * x;
      h00 += w;
      h01 += w * x;
      h11 += w * x * x;
      if (near) dev += devianceTerm(eta, y[i]!);
    }
    if (converged(Number.POSITIVE_INFINITY, c1, dev, devOld)) {
      slope = c1;
      break;
    }
    devOld = dev;
    const det = h00 * h11 - h01 * h01;
    if (!(Math.abs(det) > 1e-12 * Math.abs(h00 * h11))) break; // one distinct prediction: slope not identifiable
    const d0 = (h11 * g0 - h01 * g1) / det;
    const d1 = (h00 * g1 - h01 * g0) / det;
    c0 += d0;
    c1 += d1;
    if (!Number.isFinite(c0) || !Number.isFinite(c1)) break;
    near = it >= 20 || (Math.abs(d0) < 1e-6 * (1 + Math.abs(c0)) && Math.abs(d1) < 1e-6 * (1 + Math.abs(c1)));
    if (converged(d0, c0, dev, Number.POSITIVE_INFINITY) && converged(d1, c1, dev, Number.POSITIVE_INFINITY)) {
      slope = c1;
      break;
    }
  }
  return { intercept, slope };
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
 * to [1e-15, 1 − 1e-15] for the logit, with a warning.
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
  const warnings: string[] = [];
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
  if (clamped > 0) warnings.push(`${clamped} prediction(s) of exactly 0 or 1 were clamped to [1e-15, 1 - 1e-15] for the calibration logit`);

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
  return { bins, ...recalibrate(lg, ys), warnings };
}
