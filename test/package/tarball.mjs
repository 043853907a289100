// Installs the packed package as a user would: `npm pack`, then `npm install <tarball>` into a
// clean temporary project from the registry, with no overrides of its own. Then runs the
// README's "In ten lines" there as ESM and as CJS, and type-checks it under a strict consumer
// tsconfig without skipLibCheck. Run by `npm test` after the build (needs the npm registry).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(join(tmpdir(), 'rs-tarball-'));
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
try {
  const tgz = sh('npm', ['pack', '--silent', '--pack-destination', work], root).trim().split('\n').pop();
  const project = join(work, 'project');
  sh('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  sh('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', join(work, tgz)], project);

  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /## In ten lines\s+```ts\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README has an "In ten lines" ts block');
  const esm = block[1];
  const cjs = esm.replace(/^import \{([^}]*)\} from 'risk-stratify';/m, "const {$1} = require('risk-stratify');");
  writeFileSync(join(project, 'ten-lines.mjs'), esm);
  writeFileSync(join(project, 'ten-lines.cjs'), cjs);
  for (const f of ['ten-lines.mjs', 'ten-lines.cjs']) {
    const out = sh(process.execPath, [f], project).trim();
    const [selected, auroc] = out.split(/\s+/).map(Number);
    assert.ok(selected > 0 && auroc > 0.5, `${f} ran and printed a cohort size and an AUROC: ${out}`);
  }

  // The report and SQL subpaths, installed: each loads both ways, and its errors are the core's class.
  const subpaths = `import { RiskStratifyError } from 'risk-stratify';
import { renderReport } from 'risk-stratify/report';
import { jobToSQL } from 'risk-stratify/sql';
let n = 0;
for (const f of [() => renderReport({ title: 5 } as never), () => jobToSQL({} as never)]) {
  try { f(); } catch (e) { if (e instanceof RiskStratifyError) n++; }
}
console.log(n);
`;
  writeFileSync(join(project, 'subpaths.mjs'), subpaths.replace(/ as never/g, ''));
  writeFileSync(join(project, 'subpaths.cjs'), subpaths.replace(/ as never/g, '').replace(/^import \{([^}]*)\} from '([^']+)';/gm, "const {$1} = require('$2');"));
  for (const f of ['subpaths.mjs', 'subpaths.cjs']) assert.equal(sh(process.execPath, [f], project).trim(), '2', `${f}: both subpaths throw the core's RiskStratifyError`);
  writeFileSync(join(project, 'subpaths.mts'), subpaths);

  // Type-check the same lines as a strict TypeScript consumer would (no skipLibCheck).
  writeFileSync(join(project, 'ten-lines.mts'), esm);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, skipLibCheck: false, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022',
      lib: ['ES2022', 'DOM'], types: [], exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true,
    },
    files: ['ten-lines.mts', 'subpaths.mts'],
  }));
  sh(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], project);
  console.log('package tarball: installs into a clean project from the registry; the ten lines and the report and SQL subpaths run as ESM and CJS and type-check strictly');
} finally {
  rmSync(work, { recursive: true, force: true });
}
