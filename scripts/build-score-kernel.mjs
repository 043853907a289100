// Compiles scripts/score-kernel-wat.mjs into src/model/score-kernel-wasm.ts (the module's
// bytes deflated, in base64). Run after changing the text: `node scripts/build-score-kernel.mjs`.
// `--check` compiles and compares instead of writing (exit 1 on a difference).
import { compileScoreKernel } from './compile-score-kernel.mjs';
import { writeOrCheckKernelModule } from './kernel-module.mjs';

writeOrCheckKernelModule('src/model/score-kernel-wasm.ts', 'scripts/build-score-kernel.mjs', {
  from: 'scripts/build-score-kernel.mjs from scripts/score-kernel-wat.mjs', name: 'SCORE_KERNEL_WASM', bytes: await compileScoreKernel(false),
  doc: 'The scoring kernel as a WebAssembly module (SIMD), importing an ordinary memory (withSharedMemory in score-kernel.ts makes the shared-memory variant from it).',
});
