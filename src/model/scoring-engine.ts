import { scoreInto } from './score-kernel.js';

/**
 * Which kernel `model.score` runs in this JavaScript environment: `'wasm-simd'`, a small
 * WebAssembly module that works on two rows per instruction (Node 20, current browsers), or
 * `'javascript'`, the same arithmetic in plain JavaScript, where WebAssembly SIMD is missing
 * or a content security policy forbids compiling it. Both give the same bits; only the speed
 * differs: at 1M people x 20 features, the JavaScript kernel took about 2.3 times as long as
 * the WebAssembly one reading features in place (19-20 ms against 8.3-8.6 ms, one run).
 *
 * @example
 * scoringEngine; // => 'wasm-simd' (on Node 20)
 */
export const scoringEngine: 'wasm-simd' | 'javascript' = scoreInto.engine;
