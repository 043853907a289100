/**
 * The scoring loop. Internal.
 *
 * eta is accumulated column by column into the output buffer, a chunk of rows at a time so the
 * chunk of `out` stays in cache while every column streams through once; then the logistic is
 * applied in place. Each feature value is read exactly once: 8 bytes per person per
 * Float64Array feature. O(n p) time, no allocation beyond `out`.
 *
 * The kernel is built by {@link makeScoringKernel}, a function that refers to nothing outside
 * its own body, so the worker threads of `createScoringPool` (risk-stratify/node) run the very
 * same code from its source text: one kernel, the same bits on every thread.
 *
 * @module
 */
import type { FeatureColumn } from '../core/feature-matrix.js';

/**
 * `scoreInto(columns, coef, b0, start, len, out, offset)` writes the logistic of
 * `b0 + sum_j coef[j] * columns[j][start + i]` to `out[offset + i]`, i in [0, len).
 */
export type ScoreInto = (columns: readonly FeatureColumn[], coef: ArrayLike<number>, b0: number, start: number, len: number, out: Float64Array, offset: number) => void;

/**
 * Builds the scoring kernel. Self-contained on purpose (no reference to any import or module
 * constant): `createScoringPool` evaluates `makeScoringKernel.toString()` inside its workers.
 *
 * **The logistic.** `1 / (1 + exp(-e))` for e >= 0 and `t / (1 + t)`, t = exp(e), for e < 0,
 * so exp only ever sees -|e| <= 0 and never overflows. exp is computed here rather than by
 * `Math.exp` (a call into C for each person, about three quarters of the scoring time on 20
 * features): Tang's table method (ACM TOMS 15(2), 1989). With x = (32 m + j) ln2/32 + r,
 * |r| <= ln2/64, exp(x) = 2^m · 2^(j/32) · exp(r); ln2/32 is split into a head with trailing
 * zero bits and a tail (the fdlibm constants) so the reduction is exact for |x| < 2^15, and
 * exp(r) - 1 is its Taylor series to degree 6 (truncation below 4e-18). Measured against
 * `Math.exp` over 2 million points in [-708, 0]: at most 1 unit in the last place apart
 * (the model tests hold it). Below -708 (a probability under 1e-307) `Math.exp` is used.
 */
export function makeScoringKernel(): ScoreInto {
  const CHUNK = 4096;
  const TABLE = 32;
  const INV_STEP = TABLE / Math.LN2;
  const STEP_HI = 6.93147180369123816490e-1 / TABLE; // fdlibm ln2_hi: trailing zero bits
  const STEP_LO = 1.90821492927058770002e-10 / TABLE; // fdlibm ln2_lo
  const ROUND = 6755399441055744; // 1.5 · 2^52: (x + ROUND) - ROUND rounds x to a whole number
  const POW_BIAS = 1099;
  const twoToJ = new Float64Array(TABLE);
  for (let j = 0; j < TABLE; j++) twoToJ[j] = Math.pow(2, j / TABLE);
  const twoToM = new Float64Array(POW_BIAS + 1); // twoToM[m + POW_BIAS] = 2^m, m in [-1099, 0]
  for (let m = 0; m <= POW_BIAS; m++) twoToM[m] = Math.pow(2, m - POW_BIAS);

  /** exp(x) for x <= 0 (NaN gives NaN). */
  function expNonPositive(x: number): number {
    if (x < -708) return Math.exp(x);
    const kd = x * INV_STEP + ROUND - ROUND;
    const k = kd | 0;
    const r = x - kd * STEP_HI - kd * STEP_LO;
    const p = r + r * r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720)))));
    const t = twoToJ[k & (TABLE - 1)]!;
    return (t + t * p) * twoToM[(k >> 5) + POW_BIAS]!;
  }
  function addF64(out: Float64Array, o: number, col: Float64Array, start: number, len: number, c: number): void {
    for (let i = 0; i < len; i++) out[o + i] = out[o + i]! + c * col[start + i]!;
  }
  function add4(out: Float64Array, o: number, a: Float64Array, b: Float64Array, c: Float64Array, d: Float64Array, start: number, len: number, ca: number, cb: number, cc: number, cd: number): void {
    for (let i = 0; i < len; i++) {
      const k = start + i;
      out[o + i] = out[o + i]! + (ca * a[k]! + cb * b[k]! + cc * c[k]! + cd * d[k]!);
    }
  }
  function add4Any(out: Float64Array, o: number, a: FeatureColumn, b: FeatureColumn, c: FeatureColumn, d: FeatureColumn, start: number, len: number, ca: number, cb: number, cc: number, cd: number): void {
    for (let i = 0; i < len; i++) {
      const k = start + i;
      out[o + i] = out[o + i]! + (ca * a[k]! + cb * b[k]! + cc * c[k]! + cd * d[k]!);
    }
  }
  function addAny(out: Float64Array, o: number, col: FeatureColumn, start: number, len: number, c: number): void {
    for (let i = 0; i < len; i++) out[o + i] = out[o + i]! + c * col[start + i]!;
  }

  return function scoreInto(columns, coef, b0, start, len, out, offset) {
    const p = columns.length;
    for (let s = 0; s < len; s += CHUNK) {
      const l = Math.min(CHUNK, len - s);
      const o = offset + s;
      out.fill(b0, o, o + l);
      // Four columns per sweep (one load and store of out per four features), then single
      // columns: eta = b0 + (c1 x1 + c2 x2 + c3 x3 + c4 x4) + (c5 x5 + ...) + ... The SQL
      // export writes the same grouping, so the library and the warehouse round identically.
      let j = 0;
      while (j < p) {
        const a = columns[j]!;
        if (j + 3 < p) {
          const b = columns[j + 1]!;
          const c = columns[j + 2]!;
          const d = columns[j + 3]!;
          if (a instanceof Float64Array && b instanceof Float64Array && c instanceof Float64Array && d instanceof Float64Array) {
            add4(out, o, a, b, c, d, start + s, l, coef[j]!, coef[j + 1]!, coef[j + 2]!, coef[j + 3]!);
          } else {
            add4Any(out, o, a, b, c, d, start + s, l, coef[j]!, coef[j + 1]!, coef[j + 2]!, coef[j + 3]!);
          }
          j += 4;
        } else {
          if (a instanceof Float64Array) addF64(out, o, a, start + s, l, coef[j]!);
          else addAny(out, o, a, start + s, l, coef[j]!);
          j++;
        }
      }
      for (let i = o; i < o + l; i++) {
        const e = out[i]!;
        if (e >= 0) {
          out[i] = 1 / (1 + expNonPositive(-e));
        } else {
          const t = expNonPositive(e);
          out[i] = t / (1 + t);
        }
      }
    }
  };
}

/** The grouping of features used by the kernel (and mirrored in SQL): groups of 4, then singles. */
export function featureGroups(p: number): number[][] {
  const groups: number[][] = [];
  let j = 0;
  for (; j + 3 < p; j += 4) groups.push([j, j + 1, j + 2, j + 3]);
  for (; j < p; j++) groups.push([j]);
  return groups;
}

/** The kernel of this thread (see {@link makeScoringKernel}). */
export const scoreInto: ScoreInto = makeScoringKernel();
