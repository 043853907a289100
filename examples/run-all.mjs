// Runs every numbered example in order with a small population (RS_EXAMPLE_SIZE, default
// 3000) and stops at the first failure. `npm run examples` builds the package first, since
// the examples import the built package by its name ('risk-stratify').
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here).filter((f) => /^\d\d-.*\.mjs$/.test(f)).sort();
const env = { ...process.env, RS_EXAMPLE_SIZE: process.env.RS_EXAMPLE_SIZE ?? '3000' };
let failed = 0;
for (const f of files) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(here, f)], { env, encoding: 'utf8' });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status === 0) {
    console.log(`ok    ${f} (${secs} s)`);
  } else {
    failed++;
    console.log(`FAIL  ${f} (exit ${r.status})\n${r.stdout}${r.stderr}`);
  }
}
console.log(`${files.length - failed} of ${files.length} examples ran`);
process.exitCode = failed ? 1 : 0;
