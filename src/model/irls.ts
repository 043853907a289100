/**
 * The numeric core of {@link fitRiskModel}: Newton/IRLS for logistic regression on
 * column-major typed arrays, with internal centring and scaling. Internal.
 *
 * It follows R's `glm.fit` step by step so that results agree with `glm(family = binomial)`:
 * the same start (mu = (w*y + 0.5)/(w + 1)), the same link clamping (|eta| > 30), the same
 * convergence test |dev - devold| / (|dev| + 0.1) < tolerance, and standard errors from the
 * weighted cross-product of the last iteration's weights. Newton's method is affine-invariant,
 * so iterating on centred and scaled columns gives the same iterates as on the raw columns,
 * only better conditioned.
 *
 * Each iteration is one pass over the rows in blocks of {@link BLOCK} rows: the block of every
 * column is standardised into a small buffer that stays in L1 cache, then eta, the IRLS weights
 * and working response are computed, and the upper triangle of X'WX and X'Wz is accumulated
 * with unrolled dot products. Cost per iteration O(n p^2 / 2), memory O(p^2 + p * BLOCK).
 *
 * @module
 */
import type { FeatureColumn } from '../core/feature-matrix.js';
import { choleskySolve, choleskyUpper } from './cholesky.js';

/** Rows per block: 64 rows x (p+1) columns x 8 bytes x 2 buffers stays in L1 for p <= 30. */
export const BLOCK = 64;
const EPS = 2.220446049250313e-16;
const INVEPS = 1 / EPS;
/** R's threshold for "fitted probabilities numerically 0 or 1". */
const EXTREME = 10 * EPS;
/** Relative pivot below which a column counts as a linear combination of earlier ones. */
export const PIVOT_TOL = 1e-10;

/** What the IRLS core needs; every array is already validated. */
export interface IrlsInput {
  readonly n: number;
  readonly columns: readonly FeatureColumn[];
  readonly means: Float64Array;
  readonly scales: Float64Array;
  readonly y: Uint8Array;
  readonly weights: Float64Array | null;
  /** Ridge penalty per standardised coefficient (length p+1, intercept first, usually 0). */
  readonly penalty: Float64Array;
  readonly maxIterations: number;
  readonly tolerance: number;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Outcome of the IRLS core. */
export type IrlsResult =
  | {
      readonly ok: true;
      /** Coefficients on the standardised scale, intercept first. */
      readonly beta: Float64Array;
      /** Cholesky factor of the (penalised) X'WX used in the last solve. */
      readonly factor: Float64Array;
      readonly deviance: number;
      readonly iterations: number;
      readonly converged: boolean;
      /** Rows with a fitted probability within 10 machine epsilons of 0 or 1. */
      readonly extreme: number;
    }
  | {
      readonly ok: false;
      /** Column (0 = intercept) whose pivot vanished. */
      readonly column: number;
      /** Coefficients of that column on the earlier ones (standardised scale). */
      readonly combination: Float64Array;
      readonly iteration: number;
      readonly extreme: number;
      readonly beta: Float64Array | null;
    };

interface PassResult {
  deviance: number;
  extreme: number;
}

/** Runs IRLS to convergence. */
export function irls(input: IrlsInput): IrlsResult {
  const { n, columns, means, scales, y, weights, penalty, maxIterations, tolerance } = input;
  const p = columns.length;
  const m = p + 1;
  const invScales = new Float64Array(p);
  for (let j = 0; j < p; j++) invScales[j] = 1 / scales[j]!;
  const xb = new Float64Array(m * BLOCK);
  xb.fill(1, 0, BLOCK);
  const tmp = new Float64Array(BLOCK);
  const eta = new Float64Array(BLOCK);
  const wv = new Float64Array(BLOCK);
  const wz = new Float64Array(BLOCK);
  const h = new Float64Array(m * m);
  const g = new Float64Array(m);

  const pass = (beta: Float64Array | null): PassResult => {
    h.fill(0);
    g.fill(0);
    let deviance = 0;
    let extreme = 0;
    for (let r0 = 0; r0 < n; r0 += BLOCK) {
      const len = Math.min(BLOCK, n - r0);
      // 1. Standardise this block of every column into xb (column j at j*BLOCK).
      for (let j = 0; j < p; j++) {
        const src = columns[j]!;
        const mean = means[j]!;
        const inv = invScales[j]!;
        const off = (j + 1) * BLOCK;
        for (let r = 0; r < len; r++) xb[off + r] = (src[r0 + r]! - mean) * inv;
      }
      // 2. Linear predictor.
      if (beta === null) {
        for (let r = 0; r < len; r++) {
          const pw = weights === null ? 1 : weights[r0 + r]!;
          const mu0 = (pw * y[r0 + r]! + 0.5) / (pw + 1);
          eta[r] = Math.log(mu0 / (1 - mu0));
        }
      } else {
        const b0 = beta[0]!;
        for (let r = 0; r < len; r++) eta[r] = b0;
        for (let j = 1; j < m; j++) {
          const b = beta[j]!;
          const off = j * BLOCK;
          for (let r = 0; r < len; r++) eta[r] = eta[r]! + b * xb[off + r]!;
        }
      }
      // 3. IRLS weights, working response (times weight) and deviance, as R's binomial().
      for (let r = 0; r < len; r++) {
        const pw = weights === null ? 1 : weights[r0 + r]!;
        const e = eta[r]!;
        const yi = y[r0 + r]!;
        if (pw === 0) {
          wv[r] = 0;
          wz[r] = 0;
          continue;
        }
        const clamped = e < -30 || e > 30;
        const t = e < -30 ? EPS : e > 30 ? INVEPS : Math.exp(e);
        const mu = t / (1 + t);
        const me = clamped ? EPS : t / ((1 + t) * (1 + t));
        const v = mu * (1 - mu);
        const w = (pw * me * me) / v;
        wv[r] = w;
        wz[r] = w * e + (pw * me * (yi - mu)) / v;
        // deviance: 2 * pw * softplus(-e) for y = 1, 2 * pw * softplus(e) for y = 0 (stable).
        const s = yi === 1 ? -e : e;
        deviance += 2 * pw * (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s)));
        if (mu < EXTREME || mu > 1 - EXTREME) extreme++;
      }
      if (len < BLOCK) {
        for (let r = len; r < BLOCK; r++) {
          wv[r] = 0;
          wz[r] = 0;
          for (let j = 1; j < m; j++) xb[j * BLOCK + r] = 0;
        }
      }
      // 4. Accumulate the upper triangle of X'WX and X'Wz.
      accumulate(xb, wv, wz, tmp, h, g, m);
    }
    return { deviance, extreme };
  };

  const penalisedDev = (dev: number, beta: Float64Array): number => {
    let s = dev;
    for (let j = 0; j < m; j++) s += penalty[j]! * beta[j]! * beta[j]!;
    return s;
  };
  const solveStep = (): { ok: true; beta: Float64Array; factor: Float64Array } | { ok: false; column: number; combination: Float64Array } => {
    for (let j = 0; j < m; j++) h[j * m + j] = h[j * m + j]! + penalty[j]!;
    const { r, failedAt } = choleskyUpper(h, m, PIVOT_TOL);
    if (failedAt >= 0) {
      const rhs = new Float64Array(failedAt);
      for (let k = 0; k < failedAt; k++) rhs[k] = h[k * m + failedAt]!;
      const combination = failedAt > 0 ? choleskySolve(r, failedAt, rhs, m) : new Float64Array(0);
      return { ok: false, column: failedAt, combination };
    }
    return { ok: true, beta: choleskySolve(r, m, g), factor: r };
  };

  const progress = input.onProgress;
  const first = pass(null);
  let devold = first.deviance;
  let step = solveStep();
  if (!step.ok) return { ok: false, column: step.column, combination: step.combination, iteration: 1, extreme: first.extreme, beta: null };
  let beta = step.beta;
  let factor = step.factor;
  let iterations = 1;
  let converged = false;
  let deviance = devold;
  let extreme = 0;
  for (;;) {
    progress?.(iterations, maxIterations);
    const cur = pass(beta);
    deviance = cur.deviance;
    extreme = cur.extreme;
    const pdev = penalisedDev(deviance, beta);
    if (Math.abs(pdev - devold) / (Math.abs(pdev) + 0.1) < tolerance) {
      converged = true;
      break;
    }
    if (iterations >= maxIterations) break;
    devold = pdev;
    step = solveStep();
    if (!step.ok) return { ok: false, column: step.column, combination: step.combination, iteration: iterations + 1, extreme, beta };
    beta = step.beta;
    factor = step.factor;
    iterations++;
  }
  return { ok: true, beta, factor, deviance, iterations, converged, extreme };
}

/**
 * H[j][k] += sum_r x_j[r] w[r] x_k[r] for k >= j, g[j] += sum_r x_j[r] wz[r], over one block.
 * Two output entries per sweep and four partial sums each, so the loop is bound by
 * multiply-add throughput rather than by the add latency chain.
 */
function accumulate(xb: Float64Array, wv: Float64Array, wz: Float64Array, tmp: Float64Array, h: Float64Array, g: Float64Array, m: number): void {
  for (let j = 0; j < m; j++) {
    const oj = j * BLOCK;
    let g0 = 0;
    let g1 = 0;
    for (let r = 0; r < BLOCK; r += 2) {
      const a = xb[oj + r]!;
      const b = xb[oj + r + 1]!;
      tmp[r] = a * wv[r]!;
      tmp[r + 1] = b * wv[r + 1]!;
      g0 += a * wz[r]!;
      g1 += b * wz[r + 1]!;
    }
    g[j] = g[j]! + g0 + g1;
    const row = j * m;
    let k = j;
    for (; k + 1 < m; k += 2) {
      const ok0 = k * BLOCK;
      const ok1 = ok0 + BLOCK;
      let a0 = 0;
      let a1 = 0;
      let c0 = 0;
      let c1 = 0;
      for (let r = 0; r < BLOCK; r += 2) {
        const t0 = tmp[r]!;
        const t1 = tmp[r + 1]!;
        a0 += t0 * xb[ok0 + r]!;
        a1 += t1 * xb[ok0 + r + 1]!;
        c0 += t0 * xb[ok1 + r]!;
        c1 += t1 * xb[ok1 + r + 1]!;
      }
      h[row + k] = h[row + k]! + a0 + a1;
      h[row + k + 1] = h[row + k + 1]! + c0 + c1;
    }
    if (k < m) {
      const ok0 = k * BLOCK;
      let a0 = 0;
      let a1 = 0;
      for (let r = 0; r < BLOCK; r += 2) {
        a0 += tmp[r]! * xb[ok0 + r]!;
        a1 += tmp[r + 1]! * xb[ok0 + r + 1]!;
      }
      h[row + k] = h[row + k]! + a0 + a1;
    }
  }
}
