/**
 * Kernels of the logistic line logit P = c0 + c1·x, shared by the calibration slope
 * (`calibration`) and model recalibration (`recalibrate`). Internal.
 *
 * @module
 */

/** The logistic function, without overflow for large |x|. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** −2 log-likelihood contribution of one person at linear predictor `eta`, stably. */
export function devianceTerm(eta: number, y: number): number {
  // −log σ(η) = log(1 + e^(−η)); −log(1 − σ(η)) = log(1 + e^(η)).
  const t = y === 1 ? -eta : eta;
  return 2 * (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));
}

/** Score (g0, g1), information (h00, h01, h11) and, when asked, deviance of the line. */
export interface LineSums {
  readonly g0: number;
  readonly g1: number;
  readonly h00: number;
  readonly h01: number;
  readonly h11: number;
  /** NaN unless asked for. */
  readonly dev: number;
}

/** The sums of the line c0 + c1·x over every person, in one pass. O(n). */
export function lineSums(x: Float64Array, y: Uint8Array, c0: number, c1: number, withDeviance: boolean): LineSums {
  let g0 = 0;
  let g1 = 0;
  let h00 = 0;
  let h01 = 0;
  let h11 = 0;
  let dev = withDeviance ? 0 : Number.NaN;
  for (let i = 0; i < y.length; i++) {
    const xi = x[i]!;
    const eta = c0 + c1 * xi;
    const mu = sigmoid(eta);
    const r = y[i]! - mu;
    const w = mu * (1 - mu);
    g0 += r;
    g1 += r * xi;
    h00 += w;
    h01 += w * xi;
    h11 += w * xi * xi;
    if (withDeviance) dev += devianceTerm(eta, y[i]!);
  }
  return { g0, g1, h00, h01, h11, dev };
}
