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
 * Each iteration is one pass over the rows in blocks of 64 rows: the block of every
 * column is standardised into a small buffer that stays in L1 cache, then eta, the IRLS weights
 * and working response are computed, and the upper triangle of X'WX and X'Wz is accumulated
 * with unrolled dot products. Cost per iteration O(n p^2 / 2), memory O(p^2 + 64 p).
 *
 * @module
 */
import type { FeatureColumn } from '../core/feature-matrix.js';
import { choleskySolve, choleskyUpper } from './cholesky.js';
import { FIT_KERNEL_BLOCK, fitKernelModule, makeKernelRangePass } from './irls-kernel.js';

/** Rows per block (inside {@link makeRangePass}): 64 rows x (p+1) columns x 8 bytes x 2 buffers stays in L1 for p <= 30. */
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
      /**
       * Columns (1-based; 0 = intercept) whose standardised coefficient still moved by more
       * than 1e-3 in the last step, and by more than half its previous step: linear, not
       * quadratic, convergence, the signature of a coefficient running off to infinity.
       */
      readonly diverging: readonly number[];
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

/** What the IRLS driver asks for: one pass over all rows at `beta` (null = R's start). */
export interface PassRequest {
  readonly beta: Float64Array | null;
  readonly withHessian: boolean;
}
/** The summed result of a pass. */
export interface PassReply {
  readonly deviance: number;
  readonly extreme: number;
  readonly h: Float64Array;
  readonly g: Float64Array;
}

/** Runs IRLS to convergence, single-threaded. */
export function irls(input: IrlsInput): IrlsResult {
  return irlsWith(input, fastRangePass(input));
}

/** Runs IRLS to convergence, single-threaded, on the given pass. */
export function irlsWith(input: IrlsInput, rangePass: RangePass): IrlsResult {
  const m = input.columns.length + 1;
  const h = new Float64Array(m * m);
  const g = new Float64Array(m);
  const steps = irlsSteps(input);
  let next = steps.next();
  while (!next.done) {
    h.fill(0);
    g.fill(0);
    const [deviance, extreme] = rangePass(next.value.beta, next.value.withHessian, 0, input.n, h, g);
    next = steps.next({ deviance, extreme, h, g });
  }
  return next.value;
}

/**
 * The pass on the WebAssembly kernel where it compiles and reads every column (see
 * src/model/irls-kernel.ts), else the JavaScript one. Internal.
 */
export function fastRangePass(input: Pick<IrlsInput, 'columns' | 'means' | 'scales' | 'y' | 'weights'>): RangePass {
  const module = fitKernelModule();
  const kernel = module === null ? null : makeKernelRangePass(module, FIT_KERNEL_BLOCK, input.columns, input.means, input.scales, input.y, input.weights);
  return kernel ?? makeRangePass(input.columns, input.means, input.scales, input.y, input.weights);
}

/**
 * The IRLS driver as a generator: it yields the passes it needs and receives their sums, so the
 * same logic runs single-threaded ({@link irls}) or with passes split across worker threads.
 */
export function* irlsSteps(input: IrlsInput): Generator<PassRequest, IrlsResult, PassReply> {
  const { penalty, maxIterations, tolerance } = input;
  const m = input.columns.length + 1;
  let h = new Float64Array(m * m);
  let g = new Float64Array(m);
  function* pass(beta: Float64Array | null, withHessian: boolean): Generator<PassRequest, PassResult, PassReply> {
    const reply = yield { beta, withHessian };
    if (withHessian) {
      h = reply.h.slice();
      g = reply.g.slice();
    }
    return { deviance: reply.deviance, extreme: reply.extreme };
  }

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
  const first = yield* pass(null, true);
  let devold = first.deviance;
  let step = solveStep();
  if (!step.ok) return { ok: false, column: step.column, combination: step.combination, iteration: 1, extreme: first.extreme, beta: null };
  let beta = step.beta;
  let prev: Float64Array | null = null;
  let prev2: Float64Array | null = null;
  let factor = step.factor;
  let iterations = 1;
  let converged = false;
  let deviance = devold;
  let extreme = 0;
  let lastChange = Infinity;
  for (;;) {
    progress?.(iterations, maxIterations);
    // Near convergence (quadratic: the next change is about the square of this one), check the
    // deviance with a cheap pass first and build X'WX only if another iteration is needed.
    const speculate = !(lastChange < 1e-5);
    const cur = yield* pass(beta, speculate);
    deviance = cur.deviance;
    extreme = cur.extreme;
    const pdev = penalisedDev(deviance, beta);
    lastChange = Math.abs(pdev - devold) / (Math.abs(pdev) + 0.1);
    if (lastChange < tolerance) {
      converged = true;
      break;
    }
    if (iterations >= maxIterations) break;
    if (!speculate) yield* pass(beta, true);
    devold = pdev;
    step = solveStep();
    if (!step.ok) return { ok: false, column: step.column, combination: step.combination, iteration: iterations + 1, extreme, beta };
    prev2 = prev;
    prev = beta;
    beta = step.beta;
    factor = step.factor;
    iterations++;
  }
  const diverging: number[] = [];
  if (prev !== null && prev2 !== null) {
    for (let j = 1; j < m; j++) {
      const d1 = Math.abs(beta[j]! - prev[j]!);
      const d0 = Math.abs(prev[j]! - prev2[j]!);
      if (d1 > 1e-3 && d1 > 0.5 * d0) diverging.push(j);
    }
  }
  return { ok: true, beta, factor, deviance, iterations, converged, extreme, diverging };
}

/** A pass over rows [from, to): accumulates X'WX (upper triangle) and X'Wz into h and g; returns [deviance, extreme]. */
export type RangePass = (beta: Float64Array | null, withHessian: boolean, from: number, to: number, h: Float64Array, g: Float64Array) => [number, number];

/**
 * Builds the row-range pass of IRLS over standardised columns. Self-contained (it refers to no
 * module-level name), so the Node-only parallel fit can ship its source to worker threads.
 */
export function makeRangePass(columns: readonly FeatureColumn[], means: Float64Array, scales: Float64Array, y: Uint8Array, weights: Float64Array | null): RangePass {
  const BLOCK = 64;
  const EPS = 2.220446049250313e-16;
  const INVEPS = 1 / EPS;
  const EXTREME = 10 * EPS;
  const p = columns.length;
  const m = p + 1;
  const invScales = new Float64Array(p);
  for (let j = 0; j < p; j++) invScales[j] = 1 / scales[j]!;
  const xb = new Float64Array(m * BLOCK);
  xb.fill(1, 0, BLOCK);
  const ta = new Float64Array(BLOCK);
  const tb = new Float64Array(BLOCK);
  const eta = new Float64Array(BLOCK);
  const wv = new Float64Array(BLOCK);
  const wz = new Float64Array(BLOCK);

  /**
   * H[j][k] += sum_r x_j[r] w[r] x_k[r] for k >= j, g[j] += sum_r x_j[r] wz[r], over one block.
   * Register-blocked 2 x 4: two rows j, j+1 of H against four columns k..k+3 per sweep, so each
   * load feeds more than one multiply-add. (H[j+1][j], below the diagonal, is written too and
   * never read.)
   */
  function accumulate(xb: Float64Array, wv: Float64Array, wz: Float64Array, ta: Float64Array, tb: Float64Array, h: Float64Array, g: Float64Array): void {
    const B = BLOCK;
    let j = 0;
    for (; j + 1 < m; j += 2) {
      const oj = j * B;
      const oj1 = oj + B;
      let g0 = 0;
      let g1 = 0;
      for (let r = 0; r < B; r++) {
        const w = wv[r]!;
        const z = wz[r]!;
        const u = xb[oj + r]!;
        const v = xb[oj1 + r]!;
        ta[r] = u * w;
        tb[r] = v * w;
        g0 += u * z;
        g1 += v * z;
      }
      g[j] = g[j]! + g0;
      g[j + 1] = g[j + 1]! + g1;
      const row = j * m;
      const row1 = row + m;
      let k = j;
      for (; k + 3 < m; k += 4) {
        const o0 = k * B;
        const o1 = o0 + B;
        const o2 = o1 + B;
        const o3 = o2 + B;
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        let b0 = 0;
        let b1 = 0;
        let b2 = 0;
        let b3 = 0;
        for (let r = 0; r < B; r++) {
          const s = ta[r]!;
          const t = tb[r]!;
          const x0 = xb[o0 + r]!;
          const x1 = xb[o1 + r]!;
          const x2 = xb[o2 + r]!;
          const x3 = xb[o3 + r]!;
          a0 += s * x0;
          a1 += s * x1;
          a2 += s * x2;
          a3 += s * x3;
          b0 += t * x0;
          b1 += t * x1;
          b2 += t * x2;
          b3 += t * x3;
        }
        h[row + k] = h[row + k]! + a0;
        h[row + k + 1] = h[row + k + 1]! + a1;
        h[row + k + 2] = h[row + k + 2]! + a2;
        h[row + k + 3] = h[row + k + 3]! + a3;
        h[row1 + k] = h[row1 + k]! + b0;
        h[row1 + k + 1] = h[row1 + k + 1]! + b1;
        h[row1 + k + 2] = h[row1 + k + 2]! + b2;
        h[row1 + k + 3] = h[row1 + k + 3]! + b3;
      }
      for (; k < m; k++) {
        const o0 = k * B;
        let a = 0;
        let b = 0;
        for (let r = 0; r < B; r++) {
          const x = xb[o0 + r]!;
          a += ta[r]! * x;
          b += tb[r]! * x;
        }
        h[row + k] = h[row + k]! + a;
        h[row1 + k] = h[row1 + k]! + b;
      }
    }
    if (j < m) {
      // last (odd) column: only its diagonal entry remains
      const oj = j * B;
      let a = 0;
      let gz = 0;
      for (let r = 0; r < B; r++) {
        const u = xb[oj + r]!;
        a += u * wv[r]! * u;
        gz += u * wz[r]!;
      }
      h[j * m + j] = h[j * m + j]! + a;
      g[j] = g[j]! + gz;
    }
  }

  return (beta: Float64Array | null, withHessian: boolean, from: number, to: number, h: Float64Array, g: Float64Array): [number, number] => {
    let deviance = 0;
    let extreme = 0;
    for (let r0 = from; r0 < to; r0 += BLOCK) {
      const len = Math.min(BLOCK, to - r0);
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
        // deviance: 2 * pw * softplus(-e) for y = 1, 2 * pw * softplus(e) for y = 0, where
        // softplus(e) = log(1 + exp(e)) = log1p(t) reuses t = exp(e) inside R's clamp.
        if (e < -30 || e > 30) {
          const t = e < -30 ? EPS : INVEPS;
          const mu = t / (1 + t);
          const v = mu * (1 - mu);
          const w = (pw * EPS * EPS) / v;
          wv[r] = w;
          wz[r] = w * e + (pw * EPS * (yi - mu)) / v;
          const s = yi === 1 ? -e : e;
          deviance += 2 * pw * (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s)));
          extreme++;
        } else {
          const t = Math.exp(e);
          const opt = 1 + t;
          const mu = t / opt;
          const me = t / (opt * opt);
          const v = mu * (1 - mu);
          const w = (pw * me * me) / v;
          wv[r] = w;
          wz[r] = w * e + (pw * me * (yi - mu)) / v;
          const sp = Math.log1p(t);
          deviance += 2 * pw * (yi === 1 ? sp - e : sp);
          if (mu < EXTREME || mu > 1 - EXTREME) extreme++;
        }
      }
      if (len < BLOCK) {
        for (let r = len; r < BLOCK; r++) {
          wv[r] = 0;
          wz[r] = 0;
          for (let j = 1; j < m; j++) xb[j * BLOCK + r] = 0;
        }
      }
      // 4. Accumulate the upper triangle of X'WX and X'Wz.
      if (withHessian) accumulate(xb, wv, wz, ta, tb, h, g);
    }
    return [deviance, extreme];
  };
}
