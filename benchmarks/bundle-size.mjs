// Bundle sizes and import time, for a dashboard that embeds the core: esbuild bundles a
// one-line entry importing a few names from the built package (`dist/`, run `npm run build`
// first) for the browser, minified, dependencies included (zod, arquero: a user ships them
// too), and reports the bytes and which packages they come from. Import time is the median of
// fresh Node processes doing `import('risk-stratify')` (and `require`).
//
// Usage: node benchmarks/bundle-size.mjs [--json]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** What a user imports, and the budget the design sets for it (bytes minified). */
export const BUNDLES = [
  { name: 'one constant (NO_DATE)', imports: ['NO_DATE'], budget: 1024 },
  { name: 'selectCohort + evaluateScores', imports: ['selectCohort', 'evaluateScores'], budget: 40 * 1024 },
  { name: 'the whole core', imports: ['*'], budget: 400 * 1024 },
];

function owner(path) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return m ? m[1] : 'risk-stratify';
}

/**
 * Minified browser bundle of `import { names } from 'risk-stratify'`: bytes in all and by package.
 * `from` is the built package by default; a test passes './src/index.ts' to measure the source.
 */
export async function bundleSize(imports, from = 'risk-stratify') {
  const line = imports[0] === '*' ? `import * as rs from '${from}'; globalThis.rs = rs;` : `import { ${imports.join(', ')} } from '${from}'; globalThis.x = [${imports.join(', ')}];`;
  const r = await build({
    stdin: { contents: line, resolveDir: root, loader: 'js' }, bundle: true, minify: true, write: false,
    platform: 'browser', format: 'esm', external: builtins, metafile: true, logLevel: 'silent',
  });
  const out = Object.values(r.metafile.outputs)[0];
  const byPackage = {};
  for (const [path, v] of Object.entries(out.inputs)) byPackage[owner(path)] = (byPackage[owner(path)] ?? 0) + v.bytesInOutput;
  return { bytes: r.outputFiles[0].contents.length, byPackage };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time (ms) and RSS growth (MB) of loading the core in a fresh Node process. */
export function importCost(kind, runs = 7) {
  const code = kind === 'esm'
    ? "const m0=process.memoryUsage().rss;const t=performance.now();await import('risk-stratify');console.log(JSON.stringify({ms:performance.now()-t,mb:(process.memoryUsage().rss-m0)/2**20}))"
    : "const m0=process.memoryUsage().rss;const t=performance.now();require('risk-stratify');console.log(JSON.stringify({ms:performance.now()-t,mb:(process.memoryUsage().rss-m0)/2**20}))";
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const args = kind === 'esm' ? ['--input-type=module', '-e', code] : ['-e', code];
    xs.push(JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' })));
  }
  return { ms: median(xs.map((x) => x.ms)), mb: median(xs.map((x) => x.mb)), runs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = [];
  for (const b of BUNDLES) rows.push({ ...b, ...(await bundleSize(b.imports)) });
  const esm = importCost('esm');
  const cjs = importCost('cjs');
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ bundles: rows, import: { esm, cjs } }, null, 2));
  } else {
    for (const r of rows) {
      const parts = Object.entries(r.byPackage).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / 1024).toFixed(1)} KB`).join(', ');
      console.log(`${r.name.padEnd(32)} ${(r.bytes / 1024).toFixed(1).padStart(7)} KB (budget ${(r.budget / 1024).toFixed(0)} KB${r.bytes <= r.budget ? '' : ', OVER'}): ${parts}`);
    }
    console.log(`import('risk-stratify')   median ${esm.ms.toFixed(0)} ms, +${esm.mb.toFixed(0)} MB RSS over ${esm.runs} fresh processes`);
    console.log(`require('risk-stratify')  median ${cjs.ms.toFixed(0)} ms, +${cjs.mb.toFixed(0)} MB RSS over ${cjs.runs} fresh processes`);
  }
}
