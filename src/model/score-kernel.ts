/**
 * The scoring loop. Internal.
 *
 * eta is accumulated column by column into the output buffer, a chunk of rows at a time so the
 * chunk of `out` stays in cache while every column streams through once; then the logistic is
 * applied in place. Each feature value is read exactly once: 8 bytes per person per
 * Float64Array feature. O(n p) time, no allocation beyond `out`.
 *
 * @module
 */
import type { FeatureColumn } from '../core/feature-matrix.js';

const CHUNK = 4096;

function addF64(out: Float64Array, o: number, col: Float64Array, start: number, len: number, c: number): void {
  for (let i = 0; i < len; i++) out[o + i] = out[o + i]! + c * col[start + i]!;
}
function addAny(out: Float64Array, o: number, col: FeatureColumn, start: number, len: number, c: number): void {
  for (let i = 0; i < len; i++) out[o + i] = out[o + i]! + c * col[start + i]!;
}

/**
 * Writes the logistic of b0 + sum_j coef[j] * columns[j][start + i] to out[offset + i],
 * i in [0, len).
 */
export function scoreInto(columns: readonly FeatureColumn[], coef: Float64Array, b0: number, start: number, len: number, out: Float64Array, offset: number): void {
  const p = columns.length;
  for (let s = 0; s < len; s += CHUNK) {
    const l = Math.min(CHUNK, len - s);
    const o = offset + s;
    out.fill(b0, o, o + l);
    // One column per sweep keeps the summation order b0 + c1 x1 + c2 x2 + ... that the SQL
    // export writes, so the library and the warehouse round identically.
    for (let j = 0; j < p; j++) {
      const col = columns[j]!;
      if (col instanceof Float64Array) addF64(out, o, col, start + s, l, coef[j]!);
      else addAny(out, o, col, start + s, l, coef[j]!);
    }
    for (let i = o; i < o + l; i++) {
      const e = out[i]!;
      if (e >= 0) {
        out[i] = 1 / (1 + Math.exp(-e));
      } else {
        const t = Math.exp(e);
        out[i] = t / (1 + t);
      }
    }
  }
}

