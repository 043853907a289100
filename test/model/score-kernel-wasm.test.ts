import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { FeatureColumn } from '../../src/core/feature-matrix.js';
import { makeScoringKernel, scoreKernelBytes, scoringKernel, withSharedMemory } from '../../src/model/score-kernel.js';
// @ts-expect-error: a plain .mjs script without types
import { compileScoreKernel } from '../../scripts/compile-score-kernel.mjs';
import { ARENA, featureArena, toFeatureArena, type ColumnType } from '../../src/core/feature-arena.js';

const scoreInto = scoringKernel();

const javascript = makeScoringKernel();
const wasm = makeScoringKernel(scoreKernelBytes(), withSharedMemory);

/** Both kernels on the same input; the number of rows whose bits differ. */
function differing(cols: readonly FeatureColumn[], coef: readonly number[], b0: number, start: number, len: number, offset: number): number {
  const a = new Float64Array(offset + len).fill(7);
  const b = new Float64Array(offset + len).fill(7);
  javascript(cols, coef, b0, start, len, a, offset);
  wasm(cols, coef, b0, start, len, b, offset);
  let d = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) d++;
  return d;
}

const TYPES = [Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array] as const;

/** Values that make eta land everywhere, including the edges of the exp table and the -708 cut. */
const value = fc.oneof(
  fc.double({ min: -5, max: 5, noNaN: true }),
  fc.double({ min: -40, max: 40, noNaN: true }),
  fc.double({ noDefaultInfinity: false }),
  fc.constantFrom(0, -0, 1, -1, -708, -708.0000001, -707.9999999, -745.2, 709.8, Infinity, -Infinity, Number.NaN),
  fc.integer({ min: -300, max: 300 }),
);

describe('the WebAssembly scoring kernel (internal)', () => {
  it('is the kernel model.score uses on Node 20 (WebAssembly SIMD is available)', () => {
    expect(scoreInto.engine).toBe('wasm-simd');
    expect(wasm.engine).toBe('wasm-simd');
    expect(javascript.engine).toBe('javascript');
  });

  it('its table holds 2^(j/32) correctly rounded, for j = 0..31 (checked in exact integer arithmetic)', () => {
    // t = m / 2^52 with m a 53-bit integer (t in [1, 2)); t is 2^(j/32) correctly rounded iff
    // (m - 1/2)/2^52 <= 2^(j/32) <= (m + 1/2)/2^52, i.e. (2m - 1)^32 <= 2^(j + 53·32) <= (2m + 1)^32.
    const bits = new BigUint64Array(wasm.twoToJ.buffer, wasm.twoToJ.byteOffset, 32);
    for (let j = 0; j < 32; j++) {
      expect(bits[j]! >> 52n).toBe(1023n); // in [1, 2)
      const m = (bits[j]! & ((1n << 52n) - 1n)) | (1n << 52n);
      const target = 1n << BigInt(j + 53 * 32);
      expect((2n * m - 1n) ** 32n <= target && target <= (2n * m + 1n) ** 32n).toBe(true);
    }
    expect(javascript.twoToJ).toEqual(wasm.twoToJ);
  });

  it('the shared-memory variant made from the shipped bytes is, byte for byte, what wabt compiles from the shared text', async () => {
    const ordinary = scoreKernelBytes()!;
    const shared = new Uint8Array(await compileScoreKernel(true));
    expect(shared.length).toBeGreaterThan(ordinary.length); // the limits gained a maximum
    expect(Buffer.from(withSharedMemory(ordinary)).equals(Buffer.from(shared))).toBe(true);
    expect(Buffer.from(ordinary).equals(Buffer.from(new Uint8Array(await compileScoreKernel(false))))).toBe(true);
    expect(() => withSharedMemory(Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0]))).toThrow('imports no memory');
  });

  it('the committed module is what scripts/score-kernel-wat.mjs compiles to', () => {
    // Throws (exit 1) when src/model/score-kernel-wasm.ts is stale.
    expect(() => execFileSync(process.execPath, ['scripts/build-score-kernel.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  test.prop([
    fc.integer({ min: 0, max: 11 }).chain((p) =>
      fc.record({
        n: fc.integer({ min: 0, max: 300 }),
        types: fc.array(fc.integer({ min: 0, max: TYPES.length - 1 }), { minLength: p, maxLength: p }),
        coef: fc.array(fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.constantFrom(0, -0, 1e300, -1e-300)), { minLength: p, maxLength: p }),
        b0: fc.oneof(fc.double({ min: -20, max: 20, noNaN: true }), fc.constantFrom(-800, 800)),
        seedValues: fc.array(value, { minLength: 1, maxLength: 97 }),
        start: fc.integer({ min: 0, max: 5 }),
        offset: fc.integer({ min: 0, max: 3 }),
      })),
  ])('gives the same bits as the JavaScript kernel for any columns, types, lengths and offsets', ({ n, types, coef, b0, seedValues, start, offset }) => {
    const cols = types.map((t, j) => {
      const col = new TYPES[t]!(start + n);
      for (let i = 0; i < col.length; i++) col[i] = seedValues[(i * 7 + j * 3) % seedValues.length]!;
      return col as FeatureColumn;
    });
    expect(differing(cols, coef, b0, start, n, offset)).toBe(0);
  });

  it('gives the same bits across its block boundaries (3 blocks and a ragged end), copied or in an arena', () => {
    const n = 2 * 16384 + 4099;
    const cols: FeatureColumn[] = Array.from({ length: 20 }, (_, j) => {
      const c = j % 5 === 1 ? new Uint8Array(n + 11) : new Float64Array(n + 11);
      for (let i = 0; i < c.length; i++) c[i] = j % 5 === 1 ? (i * (j + 1)) % 3 : Math.sin(i * 0.37 + j) * (1 + (j % 4));
      return c;
    });
    const coef = Array.from({ length: 20 }, (_, j) => Math.cos(j) * 0.9);
    expect(differing(cols, coef, -2.75, 11, n, 0)).toBe(0);
    expect(differing(cols.slice(0, 7), coef, 0.5, 0, n, 9)).toBe(0);
    // The same read in place from a feature arena (blocks of 16,384 rows there too), and with
    // one to three columns (one to three passes to spread each block's logistic over).
    const inArena = toFeatureArena(cols, n + 11);
    expect(differing(inArena, coef, -2.75, 11, n, 0)).toBe(0);
    for (const p of [1, 2, 3, 5]) expect(differing(inArena.slice(0, p), coef, 1.25, 3, n, 1)).toBe(0);
  });

  it('falls back to the JavaScript kernel when the bytes cannot be compiled, and scores the same', () => {
    const broken = makeScoringKernel('AGFzbQEAAAA=' + 'AAAA');
    expect(broken.engine).toBe('javascript');
    const cols = [Float64Array.from([0, 1, 2, -3]), Uint8Array.from([1, 0, 1, 1])];
    const a = new Float64Array(4);
    const b = new Float64Array(4);
    broken(cols, [0.5, -1], 0.25, 0, 4, a, 0);
    wasm(cols, [0.5, -1], 0.25, 0, 4, b, 0);
    expect([...a]).toEqual([...b]);
    // Hand-worked: row 0 has eta = 0.25 - 1 = -0.75, so logistic = 1 / (1 + e^0.75).
    expect(a[0]).toBeCloseTo(1 / (1 + Math.exp(0.75)), 15);
  });

  test.prop([
    fc.integer({ min: 1, max: 9 }).chain((p) =>
      fc.record({
        n: fc.integer({ min: 1, max: 400 }),
        types: fc.array(fc.integer({ min: 0, max: TYPES.length - 1 }), { minLength: p, maxLength: p }),
        coef: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: p, maxLength: p }),
        seedValues: fc.array(value, { minLength: 1, maxLength: 61 }),
        start: fc.integer({ min: 0, max: 5 }),
      })),
  ])('reads columns in a feature arena in place, to the same bits, whatever their types', ({ n, types, coef, seedValues, start }) => {
    const cols = toFeatureArena(types.map((t, j) => {
      const col = new TYPES[t]!(start + n);
      for (let i = 0; i < col.length; i++) col[i] = seedValues[(i * 5 + j) % seedValues.length]!;
      return col as FeatureColumn;
    }), start + n);
    expect(differing(cols, coef, -1.5, start, n, 2)).toBe(0);
  });

  test.prop([
    fc.integer({ min: 1, max: 9 }).chain((p) =>
      fc.record({
        n: fc.integer({ min: 1, max: 400 }),
        types: fc.array(fc.integer({ min: 0, max: TYPES.length - 1 }), { minLength: p, maxLength: p }),
        ordinary: fc.array(fc.boolean(), { minLength: p, maxLength: p }),
        coef: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: p, maxLength: p }),
        seedValues: fc.array(value, { minLength: 1, maxLength: 61 }),
        start: fc.integer({ min: 0, max: 5 }),
      })),
  ])('reads columns built in an unshared arena (as buildFeatures builds them) in place, narrow ones read in their own types, mixed with ordinary columns, to the same bits', ({ n, types, ordinary, coef, seedValues, start }) => {
    const arena = featureArena(start + n, (start + n) * 8 * types.length, types.length, false)!;
    const cols = types.map((t, j) => {
      const col: FeatureColumn = ordinary[j] ? new TYPES[t]!(start + n) : arena.column(TYPES[t]! as ColumnType)!;
      for (let i = 0; i < col.length; i++) col[i] = seedValues[(i * 5 + j) % seedValues.length]!;
      return col as FeatureColumn;
    });
    expect(differing(cols, coef, 0.75, start, n, 1)).toBe(0);
  });

  it('reads narrow arena columns in their own types in the module (no JavaScript copy of them), across blocks', () => {
    const n = 16384 + 1029;
    const arena = featureArena(n, n * 15, 4, false)!;
    const cols = [arena.column(Uint8Array)!, arena.column(Int16Array)!, arena.column(Uint32Array)!, arena.column(Float32Array)!];
    cols.forEach((c, j) => { for (let i = 0; i < n; i++) c[i] = ((i * (j + 3)) % 23) - (j === 0 || j === 2 ? 0 : 11) + (j === 3 ? 0.125 : 0); });
    (cols[2] as Uint32Array)[5] = 4294967295; // above 2^31: the unsigned conversion
    const set = Float64Array.prototype.set;
    let copies = 0;
    Float64Array.prototype.set = function (this: Float64Array, ...args: Parameters<Float64Array['set']>) {
      if (!(args[0] instanceof Float64Array)) copies++; // a narrow column staged by JavaScript
      return set.apply(this, args);
    };
    const b = new Float64Array(n);
    try {
      wasm(cols, [0.3, -0.2, 1e-9, 0.05], -1, 0, n, b, 0);
    } finally {
      Float64Array.prototype.set = set;
    }
    expect(copies).toBe(0);
    const a = new Float64Array(n);
    javascript(cols, [0.3, -0.2, 1e-9, 0.05], -1, 0, n, a, 0);
    expect(a.every((v, i) => Object.is(v, b[i]))).toBe(true);
  });

  it('scores an arena in the arena: its first scratch slot holds the block, and the slot is released', () => {
    const n = 1000;
    const cols = toFeatureArena([Float64Array.from({ length: n }, (_, i) => Math.sin(i)), Float64Array.from({ length: n }, (_, i) => (i % 7) - 3)], n);
    const out = new Float64Array(n);
    wasm(cols, [0.7, -0.2], 0.1, 0, n, out, 0);
    const header = new Int32Array(cols[0]!.buffer, 0, 8);
    const block = new Float64Array(cols[0]!.buffer, ARENA.HEADER_BYTES, n);
    expect([...block]).toEqual([...out]); // the logistic was computed in slot 0, then copied out
    expect([...header.subarray(4, 4 + ARENA.SLOTS)]).toEqual(new Array(ARENA.SLOTS).fill(0));
  });

  it('when every slot of an arena is taken (other threads scoring), it copies instead, to the same bits', () => {
    const n = 777;
    const cols = toFeatureArena([Float64Array.from({ length: n }, (_, i) => Math.cos(i) * 4), Uint8Array.from({ length: n }, (_, i) => i % 2)], n);
    const header = new Int32Array(cols[0]!.buffer, 0, 8);
    header.fill(1, 4, 4 + ARENA.SLOTS);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    wasm(cols, [1.1, 0.4], -0.3, 0, n, a, 0);
    javascript(cols, [1.1, 0.4], -0.3, 0, n, b, 0);
    expect([...a]).toEqual([...b]);
    expect(new Float64Array(cols[0]!.buffer, ARENA.HEADER_BYTES, 4).every((v) => v === 0)).toBe(true); // no slot was used
    expect([...header.subarray(4, 4 + ARENA.SLOTS)]).toEqual(new Array(ARENA.SLOTS).fill(1)); // nor released
  });

  it('writes only rows [offset, offset + len) of out', () => {
    const out = new Float64Array(12).fill(-1);
    wasm([Float64Array.from({ length: 9 }, (_, i) => i)], [1], 0, 2, 5, out, 3);
    expect([...out.subarray(0, 3)]).toEqual([-1, -1, -1]);
    expect([...out.subarray(8)]).toEqual([-1, -1, -1, -1]);
    expect(out[3]).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
  });
});
