// Compiles scripts/score-kernel-wat.mjs into src/model/score-kernel-wasm.ts (the module's
// bytes deflated, in base64). Run after changing the text: `node scripts/build-score-kernel.mjs`.
// `--check` compiles and compares instead of writing (exit 1 on a difference).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileScoreKernel } from './compile-score-kernel.mjs';
import { kernelModuleHolds, kernelModuleSource } from './kernel-module.mjs';

const target = fileURLToPath(new URL('../src/model/score-kernel-wasm.ts', import.meta.url));
const bytes = await compileScoreKernel(false);
if (process.argv.includes('--check')) {
  const same = kernelModuleHolds(target, 'SCORE_KERNEL_WASM', bytes);
  if (!same) process.stderr.write('src/model/score-kernel-wasm.ts is out of date: run node scripts/build-score-kernel.mjs\n');
  process.exit(same ? 0 : 1);
}
writeFileSync(target, kernelModuleSource({
  from: 'scripts/build-score-kernel.mjs from scripts/score-kernel-wat.mjs', name: 'SCORE_KERNEL_WASM', bytes,
  doc: 'The scoring kernel as a WebAssembly module (SIMD), importing an ordinary memory (withSharedMemory in score-kernel.ts makes the shared-memory variant from it).',
}));
