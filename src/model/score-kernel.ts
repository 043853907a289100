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

/**
 * Writes the logistic of b0 + sum_j coef[j] * columns[j][start + i] to out[offset + i],
 * i in [0, len).
 */
/** The grouping of features used by {@link scoreInto} (and mirrored in SQL): groups of 4, then singles. */
export function featureGroups(p: number): number[][] {
  const groups: number[][] = [];
  let j = 0;
  for (; j + 3 < p; j += 4) groups.push([j, j + 1, j + 2, j + 3]);
  for (; j < p; j++) groups.push([j]);
  return groups;
}

export function scoreInto(columns: readonly FeatureColumn[], coef: Float64Array, b0: number, start: number, len: number, out: Float64Array, offset: number): void {
  const p = columns.length;
  for (let s = 0; s < len; s += CHUNK) {
    const l = Math.min(CHUNK, len - s);
    const o = offset + s;
    out.fill(b0, o, o + l);
    // Four Float64Array columns per sweep (one load and store of out per four features), then
    // single columns: eta = b0 + (c1 x1 + c2 x2 + c3 x3 + c4 x4) + (c5 x5 + ...) + ... The SQL
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
        out[i] = 1 / (1 + Math.exp(-e));
      } else {
        const t = Math.exp(e);
        out[i] = t / (1 + t);
      }
    }
  }
}

