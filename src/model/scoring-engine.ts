import { scoringKernel } from './score-kernel.js';

/**
 * Which kernel `model.score` runs in this JavaScript environment: `'wasm-simd'`, a small
 * WebAssembly module that works on two rows per instruction (Node 20, current browsers), or
 * `'javascript'`, the same arithmetic in plain JavaScript, where WebAssembly SIMD is missing
 * or a content security policy forbids compiling it. Both give the same bits; only the speed
 * differs: at 1M people x 20 features, the JavaScript kernel took about 2.3 times as long as
 * the WebAssembly one reading features in place (19-20 ms against 8.3-8.6 ms, one run).
 *
 * The kernel is compiled on the first score (or the first call of this function), not when
 * the package is imported.
 *
 * @example
 * scoringEngine(); // => 'wasm-simd' (on Node 20)
 */
export function scoringEngine(): 'wasm-simd' | 'javascript' {
  return scoringKernel().engine;
}
