// Compiles scripts/fit-kernel-wat.mjs into src/model/fit-kernel-wasm.ts (the module's bytes
// deflated, in base64). Run after changing the text: `node scripts/build-fit-kernel.mjs`.
// `--check` compiles and compares instead of writing (exit 1 on a difference).
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';
import { fitWat } from './fit-kernel-wat.mjs';
import { writeOrCheckKernelModule } from './kernel-module.mjs';

/** The kernel's module bytes. */
export async function compileFitKernel() {
  const wabt = await initWabt();
  const mod = wabt.parseWat('fit-kernel.wat', fitWat(), { simd: true });
  try {
    mod.validate();
    return mod.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    mod.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeOrCheckKernelModule('src/model/fit-kernel-wasm.ts', 'scripts/build-fit-kernel.mjs', {
    from: 'scripts/build-fit-kernel.mjs from scripts/fit-kernel-wat.mjs', name: 'FIT_KERNEL_WASM', bytes: await compileFitKernel(),
    doc: 'The IRLS pass kernel as a WebAssembly module (SIMD), importing its memory.',
  });
}
