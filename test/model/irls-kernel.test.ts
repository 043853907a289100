// The WebAssembly IRLS pass (src/model/irls-kernel.ts) against the JavaScript pass it replaces:
// the same deviance, extreme count, X'WX and X'Wz on every column type, odd lengths, row
// ranges, prior weights (zeros included) and linear predictors outside R's clamp; and whole
// fits driven by either pass agree, with R's glm on the NMES fixture as the reference.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { FeatureColumn } from '../../src/core/feature-matrix.js';
import { prepareFit, finishFit, fitRiskModel } from '../../src/model/fit-risk-model.js';
import { irlsWith, makeRangePass } from '../../src/model/irls.js';
import { FIT_KERNEL_BLOCK, fitKernelModule, makeKernelRangePass } from '../../src/model/irls-kernel.js';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { nmes, reference } from './fixtures.js';

const TYPES = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array] as const;
const module = fitKernelModule()!;

interface Case {
  columns: FeatureColumn[];
  y: Uint8Array;
  weights: Float64Array | null;
  means: Float64Array;
  scales: Float64Array;
}

function moments(columns: readonly FeatureColumn[]): { means: Float64Array; scales: Float64Array } {
  const means = new Float64Array(columns.length);
  const scales = new Float64Array(columns.length);
  columns.forEach((c, j) => {
    let s = 0;
    for (let i = 0; i < c.length; i++) s += c[i]!;
    const m = s / c.length;
    let ss = 0;
    for (let i = 0; i < c.length; i++) ss += (c[i]! - m) ** 2;
    means[j] = m;
    scales[j] = Math.sqrt(ss / c.length) || 1;
  });
  return { means, scales };
}

/** Runs both passes over [from, to); returns the largest differences, each scaled to its size. */
function compare(c: Case, beta: Float64Array | null, from: number, to: number): { dev: number; extreme: [number, number]; h: number; g: number } {
  const m = c.columns.length + 1;
  const js = makeRangePass(c.columns, c.means, c.scales, c.y, c.weights);
  const wasm = makeKernelRangePass(module, FIT_KERNEL_BLOCK, c.columns, c.means, c.scales, c.y, c.weights)!;
  const h1 = new Float64Array(m * m);
  const g1 = new Float64Array(m);
  const h2 = new Float64Array(m * m);
  const g2 = new Float64Array(m);
  const [d1, e1] = js(beta, true, from, to, h1, g1);
  const [d2, e2] = wasm(beta, true, from, to, h2, g2);
  let h = 0;
  let g = 0;
  for (let j = 0; j < m; j++) {
    for (let k = j; k < m; k++) h = Math.max(h, Math.abs(h1[j * m + k]! - h2[j * m + k]!) / (Math.sqrt(h1[j * m + j]! * h1[k * m + k]!) + 1e-300));
    let scale = 0;
    for (let k = 0; k < m; k++) scale = Math.max(scale, Math.abs(g1[k]!));
    g = Math.max(g, Math.abs(g1[j]! - g2[j]!) / (scale + 1e-300));
  }
  // The deviance-only pass gives the same deviance as the full one.
  const [d3] = wasm(beta, false, from, to, new Float64Array(m * m), new Float64Array(m));
  expect(d3).toBe(d2);
  return { dev: Math.abs(d1 - d2) / (Math.abs(d1) + 1e-300), extreme: [e1, e2], h, g };
}

/** A case with one column of each type (or those picked), n rows, from a simple generator. */
function makeCase(n: number, seed: number, types: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7], weighted = false): Case {
  let s = seed >>> 0 || 1;
  const u = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const columns = types.map((t, j): FeatureColumn => {
    const T = TYPES[t]!;
    const col = new T(n);
    for (let i = 0; i < n; i++) {
      const r = u();
      col[i] = t === 0 ? r * 6 - 3 : t === 1 ? Math.fround(r * 2) : t >= 6 ? (t === 7 ? (r < 0.2 + 0.05 * j ? 1 : 0) : Math.floor(r * 9) - 4) : Math.floor(r * 300) - (t % 2 === 0 ? 150 : 0);
    }
    return col;
  });
  const y = Uint8Array.from({ length: n }, () => (u() < 0.3 ? 1 : 0));
  const weights = weighted ? Float64Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0 : u() * 4)) : null;
  return { columns, y, weights, ...moments(columns) };
}

describe('the WebAssembly IRLS pass (internal)', () => {
  it('compiles on Node 20 and the committed bytes are what scripts/fit-kernel-wat.mjs compiles to', () => {
    expect(module).toBeInstanceOf(WebAssembly.Module);
    expect(() => execFileSync(process.execPath, ['scripts/build-fit-kernel.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('agrees with the JavaScript pass on every column type, at the start and at a fitted-like beta', () => {
    const c = makeCase(5003, 7);
    const m = c.columns.length + 1;
    for (const beta of [null, Float64Array.from({ length: m }, (_, j) => (j === 0 ? -0.8 : 0.4 / j))]) {
      const r = compare(c, beta, 0, 5003);
      expect(r.dev).toBeLessThan(1e-13);
      expect(r.extreme[1]).toBe(r.extreme[0]);
      expect(r.h).toBeLessThan(1e-13);
      expect(r.g).toBeLessThan(1e-13);
    }
  });

  it('agrees with prior weights (zeros included), odd lengths, row ranges and linear predictors beyond +-30', () => {
    const c = makeCase(4099, 11, [0, 7, 5, 3, 6], true);
    const m = c.columns.length + 1;
    const wild = Float64Array.from({ length: m }, (_, j) => (j === 0 ? -1 : 25 / j));
    for (const [from, to] of [[0, 4099], [1, 2048], [3, 4], [2047, 4099], [100, 101]] as const) {
      for (const beta of [null, wild]) {
        const r = compare(c, beta, from, to);
        expect(r.extreme[1]).toBe(r.extreme[0]);
        expect(r.dev).toBeLessThan(1e-12);
        expect(r.h).toBeLessThan(1e-13);
        expect(r.g).toBeLessThan(1e-12);
      }
    }
    expect(compare(c, wild, 0, 4099).extreme[0]).toBeGreaterThan(100); // the clamp was exercised
  });

  test.prop([fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 9 }), fc.boolean()], { numRuns: 40 })(
    'agrees on random shapes (any length, any mix of column types, weighted or not)',
    (n, seed, types, weighted) => {
      const c = makeCase(n, seed, types, weighted);
      const m = types.length + 1;
      const beta = Float64Array.from({ length: m }, (_, j) => (j === 0 ? -0.5 : ((seed % 13) - 6) / (3 * j)));
      const r = compare(c, beta, 0, n);
      expect(r.extreme[1]).toBe(r.extreme[0]);
      expect(r.dev).toBeLessThan(1e-12);
      expect(r.h).toBeLessThan(1e-12);
      expect(r.g).toBeLessThan(1e-11);
    },
  );

  it('is not used for columns the kernel cannot read (the JavaScript pass takes them)', () => {
    const cols = [[1, 2, 3] as unknown as FeatureColumn];
    expect(makeKernelRangePass(module, FIT_KERNEL_BLOCK, cols, new Float64Array([2]), new Float64Array([1]), new Uint8Array(3), null)).toBeNull();
  });

  it('drives the same fit as the JavaScript pass: R glm on NMES to 1e-9, same iterations', () => {
    const { x, y } = nmes();
    const prep = prepareFit(x, y, {});
    const viaJs = finishFit(prep, irlsWith(prep, makeRangePass(prep.columns, prep.means, prep.scales, prep.y, prep.weights)));
    const viaKernel = fitRiskModel(x, y);
    const ref = reference.nmes;
    expect(viaKernel.iterations).toBe(viaJs.iterations);
    expect(viaKernel.iterations).toBe(ref.iterations);
    for (const k of Object.keys(ref.coefficients)) {
      expect(Math.abs(viaKernel.coefficients[k]! - viaJs.coefficients[k]!)).toBeLessThan(1e-12 * Math.max(1, Math.abs(viaJs.coefficients[k]!)));
      expect(Math.abs(viaKernel.coefficients[k]! - ref.coefficients[k]!)).toBeLessThan(1e-9 * Math.abs(ref.coefficients[k]!) + 1e-12);
    }
    expect(Math.abs(viaKernel.deviance - ref.deviance)).toBeLessThan(1e-11 * ref.deviance);
  });

  it('reads buildFeatures-typed columns as their Float64 copies (same fit to 1e-12)', () => {
    const n = 3001;
    const age = Uint16Array.from({ length: n }, (_, i) => 18 + ((i * 37) % 80));
    const flag = Uint8Array.from({ length: n }, (_, i) => (i * 7) % 5 === 0 ? 1 : 0);
    const count = Uint32Array.from({ length: n }, (_, i) => (i * 13) % 4);
    const y = Uint8Array.from({ length: n }, (_, i) => ((i * 2654435761) >>> 0) % 100 < 5 + age[i]! / 8 + 10 * flag[i]! ? 1 : 0);
    const typed = fitRiskModel(toFeatureMatrix({ age, flag, count }), y);
    const wide = fitRiskModel(toFeatureMatrix({ age: Float64Array.from(age), flag: Float64Array.from(flag), count: Float64Array.from(count) }), y);
    for (const k of Object.keys(typed.coefficients)) expect(typed.coefficients[k]).toBe(wide.coefficients[k]);
    expect(typed.deviance).toBe(wide.deviance);
  });
});
