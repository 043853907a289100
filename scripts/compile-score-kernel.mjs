// wabt (the WebAssembly binary toolkit, as a devDependency) turns the kernel's text into bytes.
import initWabt from 'wabt';
import { watFor } from './score-kernel-wat.mjs';

/** The kernel's module bytes; `shared` for the variant that imports a shared memory. */
export async function compileScoreKernel(shared = false) {
  const wabt = await initWabt();
  const mod = wabt.parseWat('score-kernel.wat', watFor(shared), { simd: true, saturating_float_to_int: true, sign_extension: true, threads: true });
  try {
    // wabt.js's validator ignores the threads feature ("memories may not be shared"), so the
    // shared variant, identical but for the import, is validated by WebAssembly.Module itself.
    if (!shared) mod.validate();
    return mod.toBinary({ log: false, write_debug_names: false }).buffer;
  } finally {
    mod.destroy();
  }
}
