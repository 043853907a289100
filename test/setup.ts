// Property tests: a fixed seed in CI (reproducible runs; override with FC_SEED), a random
// one locally (more exploration). fast-check prints the seed and path of any failure.
import { fc } from '@fast-check/vitest';

const fixed = process.env['FC_SEED'] ?? (process.env['CI'] ? '20261123' : undefined);
if (fixed !== undefined) fc.configureGlobal({ seed: Number(fixed) });
