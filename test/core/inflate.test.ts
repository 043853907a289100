// src/core/inflate.ts against Node's zlib (an independent implementation of RFC 1951): every
// block type zlib writes (stored, fixed Huffman, dynamic Huffman, Huffman-only, run-length),
// on random, repetitive and empty data, then the kernels the library ships deflated.
import { constants, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { inflateBase64, inflateRaw } from '../../src/core/inflate.js';
import { FIT_KERNEL_WASM, FIT_KERNEL_WASM_BYTES } from '../../src/model/fit-kernel-wasm.js';
import { SCORE_KERNEL_WASM, SCORE_KERNEL_WASM_BYTES } from '../../src/model/score-kernel-wasm.js';
// @ts-expect-error: a plain .mjs script without types
import { compileScoreKernel } from '../../scripts/compile-score-kernel.mjs';
// @ts-expect-error: a plain .mjs script without types
import { compileFitKernel } from '../../scripts/build-fit-kernel.mjs';

const SETTINGS = [
  { level: 0 }, // stored blocks only (each at most 65,535 bytes)
  { level: 1 },
  { level: 9 },
  { level: 9, strategy: constants.Z_FIXED }, // fixed Huffman blocks
  { level: 9, strategy: constants.Z_HUFFMAN_ONLY }, // no back-references
  { level: 9, strategy: constants.Z_RLE }, // distance 1 only
  { level: 9, windowBits: 9 }, // a small window
];

const roundTrip = (data: Uint8Array, options: object): boolean => {
  const deflated = deflateRawSync(data, options);
  return Buffer.from(inflateRaw(deflated, data.length)).equals(Buffer.from(data));
};

describe('inflateRaw', () => {
  it('inflates what zlib deflates, for every block type, on random, repetitive and empty data', () => {
    let seed = 12345;
    const random = Uint8Array.from({ length: 150_000 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    const inputs = [
      new Uint8Array(0),
      Uint8Array.of(42),
      random,
      new TextEncoder().encode('the quick brown fox jumps over the lazy dog '.repeat(3000)),
      new Uint8Array(70_000).fill(7), // longer than one stored block; the longest matches (258)
    ];
    for (const data of inputs) for (const options of SETTINGS) expect(roundTrip(data, options)).toBe(true);
  });

  test.prop([fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 0, max: SETTINGS.length - 1 }), fc.integer({ min: 1, max: 8 })])(
    'any bytes, drawn from a few symbols or not, come back unchanged',
    (bytes, setting, symbols) => {
      const few = bytes.map((b) => b % (symbols * 4)); // repetitive: long matches and short codes
      expect(roundTrip(bytes, SETTINGS[setting]!)).toBe(true);
      expect(roundTrip(few, SETTINGS[setting]!)).toBe(true);
    },
  );

  it('refuses data that end early, hold more or fewer bytes than said, or use the reserved block type', () => {
    const data = new TextEncoder().encode('abcabcabcabc'.repeat(200));
    const deflated = deflateRawSync(data, { level: 9 });
    expect(() => inflateRaw(deflated.subarray(0, deflated.length - 2), data.length)).toThrow(/inflateRaw: the data end early/);
    expect(() => inflateRaw(deflated, data.length - 1)).toThrow(/more bytes than expected/);
    expect(() => inflateRaw(deflated, data.length + 1)).toThrow(/hold 2400 bytes, not 2401/);
    expect(() => inflateRaw(Uint8Array.of(0b111), 0)).toThrow(/block type 3 is reserved/);
    expect(() => inflateRaw(Uint8Array.of(1, 5, 0, 0, 0), 5)).toThrow(/stored block has a bad length/);
  });
});

describe('the kernels ship deflated', () => {
  it('each inflates to the module its WebAssembly text compiles to, at a sixth of the base64', async () => {
    const score = inflateBase64(SCORE_KERNEL_WASM, SCORE_KERNEL_WASM_BYTES)!;
    const fit = inflateBase64(FIT_KERNEL_WASM, FIT_KERNEL_WASM_BYTES)!;
    expect(Buffer.from(score).equals(Buffer.from(new Uint8Array(await compileScoreKernel(false))))).toBe(true);
    expect(Buffer.from(fit).equals(Buffer.from(new Uint8Array(await compileFitKernel())))).toBe(true);
    expect(WebAssembly.validate(score) && WebAssembly.validate(fit)).toBe(true);
    // base64 of the raw module would be 4/3 of its bytes; deflated it is under a third of that
    expect(SCORE_KERNEL_WASM.length).toBeLessThan((SCORE_KERNEL_WASM_BYTES * 4) / 3 / 3);
    expect(FIT_KERNEL_WASM.length).toBeLessThan((FIT_KERNEL_WASM_BYTES * 4) / 3 / 2);
  });
});
