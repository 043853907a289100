/**
 * The IRLS pass on WebAssembly SIMD (scripts/fit-kernel-wat.mjs): what {@link makeRangePass}
 * computes, two rows per instruction. Each chunk of rows is copied into the module's memory
 * column by column in the column's own type (a byte per row for a 0/1 flag, two for an age in
 * a Uint16Array), then every block of rows is read once per pass: standardised into a small
 * block of doubles, linear predictor, weights and deviance, X'WX and X'Wz. Internal.
 *
 * @module
 */
import type { FeatureColumn } from '../core/feature-matrix.js';
import { inflateBase64 } from '../core/inflate.js';
import { FIT_KERNEL_WASM, FIT_KERNEL_WASM_BYTES } from './fit-kernel-wasm.js';
import type { RangePass } from './irls.js';

/** Rows per block of the module (B in scripts/fit-kernel-wat.mjs). */
export const FIT_KERNEL_BLOCK = 128;

let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled kernel, or null where WebAssembly SIMD is missing or compiling it is not
 * allowed (a content security policy): the fit then runs the JavaScript pass. Compiled on the
 * first fit, not at import.
 */
export function fitKernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    compiled = null;
    if (typeof WebAssembly === 'object') {
      try {
        const bytes = inflateBase64(FIT_KERNEL_WASM, FIT_KERNEL_WASM_BYTES); // it ships deflated
        compiled = bytes === null ? null : new WebAssembly.Module(bytes);
      } catch {
        compiled = null;
      }
    }
  }
  return compiled;
}

/**
 * Builds the row-range pass on the kernel `module` (rows per block `block`), or returns null
 * when a column is not a typed array the kernel reads. Self-contained (it refers to no
 * module-level name), so the Node-only parallel fit can ship its source to worker threads.
 */
export function makeKernelRangePass(module: WebAssembly.Module, block: number, columns: readonly FeatureColumn[], means: Float64Array, scales: Float64Array, y: Uint8Array, weights: Float64Array | null): RangePass | null {
  const CHUNK = 16 * block; // rows staged per call
  const TYPES = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array] as const;
  const p = columns.length;
  const kinds = columns.map((c) => TYPES.findIndex((T) => c instanceof T));
  if (kinds.includes(-1)) return null;
  const mp = (p + 2) & ~1; // p + 1 coefficients, rounded up to a pair
  let at = 0;
  const take = (bytes: number): number => {
    const a = at;
    at += (bytes + 15) & ~15;
    return a;
  };
  const kindsAt = take(4 * p);
  const srcsAt = take(4 * p);
  const meansAt = take(8 * p);
  const invsAt = take(8 * p);
  const betaAt = take(8 * mp);
  const outAt = take(32);
  const gaccAt = take(16 * (mp + 2));
  const haccAt = take(16 * (mp + 2) * (mp + 2));
  const sumsEnd = at;
  const etaAt = take(8 * block);
  const wvAt = take(8 * block);
  const wzAt = take(8 * block);
  const taAt = take(8 * block);
  const tbAt = take(8 * block);
  const xbAt = take(8 * block * (mp + 2));
  const pwsAt = take(8 * (CHUNK + 2));
  const ysAt = take(CHUNK + 16);
  const srcs = kinds.map((k) => take(TYPES[k]!.BYTES_PER_ELEMENT * (CHUNK + 8)));
  const memory = new WebAssembly.Memory({ initial: Math.ceil(at / 65536) });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const chunk = instance.exports['chunk'] as (...args: number[]) => void;
  const buf = memory.buffer;
  const f64 = new Float64Array(buf);
  new Int32Array(buf, kindsAt, p).set(kinds);
  new Int32Array(buf, srcsAt, p).set(srcs);
  f64.set(means, meansAt / 8);
  for (let j = 0; j < p; j++) f64[invsAt / 8 + j] = 1 / scales[j]!;
  f64.fill(1, xbAt / 8, xbAt / 8 + block); // column 0: the intercept; the padding columns stay 0
  const stages = columns.map((c, j) => new TYPES[kinds[j]!]!(buf, srcs[j]!, CHUNK + 8));
  const ys = new Uint8Array(buf, ysAt, CHUNK + 16);
  const pws = new Float64Array(buf, pwsAt, CHUNK + 2);
  if (weights === null) pws.fill(1);
  const m = p + 1;
  const stride = mp + 2;

  return (beta, withHessian, from, to, h, g) => {
    f64.fill(0, outAt / 8, sumsEnd / 8);
    if (beta !== null) f64.set(beta, betaAt / 8);
    for (let c0 = from; c0 < to; c0 += CHUNK) {
      const len = Math.min(CHUNK, to - c0);
      for (let j = 0; j < p; j++) (stages[j] as Float64Array).set((columns[j] as Float64Array).subarray(c0, c0 + len));
      ys.set(y.subarray(c0, c0 + len));
      if (weights !== null) pws.set(weights.subarray(c0, c0 + len));
      if (len & 1) {
        pws[len] = 0; // the odd lane of the last pair weighs nothing
        ys[len] = 0;
      }
      chunk(len, p, mp, beta === null ? 1 : 0, withHessian ? 1 : 0, weights === null ? 0 : 1, kindsAt, srcsAt, meansAt, invsAt, betaAt, ysAt, pwsAt, xbAt, etaAt, wvAt, wzAt, taAt, tbAt, haccAt, gaccAt, outAt);
      if (len & 1 && weights === null) pws[len] = 1;
    }
    const o = outAt / 8;
    if (withHessian) {
      const ga = gaccAt / 8;
      const ha = haccAt / 8;
      for (let j = 0; j < m; j++) {
        g[j] = g[j]! + (f64[ga + 2 * j]! + f64[ga + 2 * j + 1]!);
        for (let k = j; k < m; k++) {
          const q = ha + 2 * (j * stride + k);
          h[j * m + k] = h[j * m + k]! + (f64[q]! + f64[q + 1]!);
        }
      }
    }
    return [f64[o]! + f64[o + 1]!, f64[o + 2]! + f64[o + 3]!];
  };
}

/**
 * The kernel's column sums for prepareFit: `(column, c, square)` gives the sum of x - c (or
 * of (x - c)^2) over the column, or undefined for a column the kernel does not read; null
 * where the kernel is not available.
 */
export function kernelColumnMoment(): ((column: FeatureColumn, c: number, square: boolean) => number | undefined) | null {
  const module = fitKernelModule();
  if (module === null) return null;
  const CHUNK = 16384;
  const TYPES = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array] as const;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((CHUNK * 8) / 65536) });
  const moment = new WebAssembly.Instance(module, { env: { memory } }).exports['moment'] as (kind: number, src: number, n: number, c: number, square: number) => number;
  const views = TYPES.map((T) => new T(memory.buffer, 0, CHUNK));
  return (column, c, square) => {
    const kind = TYPES.findIndex((T) => column instanceof T);
    if (kind < 0) return undefined;
    const n = column.length;
    let s = 0;
    for (let a = 0; a < n; a += CHUNK) {
      const len = Math.min(CHUNK, n - a);
      (views[kind] as Float64Array).set((column as Float64Array).subarray(a, a + len));
      s += moment(kind, 0, len & ~1, c, square ? 1 : 0);
      if (len & 1) {
        const d = column[a + len - 1]! - c;
        s += square ? d * d : d;
      }
    }
    return s;
  };
}
