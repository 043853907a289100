// Bundle sizes and import time, for a dashboard that embeds the core: esbuild bundles a
// one-line entry importing a few names from the built package (`dist/`, run `npm run build`
// first) for the browser, minified, dependencies included (zod, arquero: a user ships them
// too), and reports the bytes and which packages they come from. Import time is the median of
// fresh Node processes doing `import('risk-stratify')` (and `require`, and both for
// `risk-stratify/node`), inside the process and as whole-process time over a bare `node -e ""`.
//
// Usage: node benchmarks/bundle-size.mjs [--json]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * What a user imports (from the core unless `entry` names a subpath), and the budget the design
 * sets for it (bytes minified; the subpaths have none: they are measured, not budgeted).
 */
export const BUNDLES = [
  { name: 'one constant (NO_DATE)', imports: ['NO_DATE'], budget: 1024 },
  { name: 'selectCohort + evaluateScores', imports: ['selectCohort', 'evaluateScores'], budget: 40 * 1024 },
  { name: 'the whole core', imports: ['*'], budget: 400 * 1024 },
  { name: 'risk-stratify/report (whole)', imports: ['*'], entry: 'report', budget: null },
  { name: 'risk-stratify/sql (whole)', imports: ['*'], entry: 'sql', budget: null },
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

/** `bundleSize` of one row of BUNDLES, from the built package (its subpath when it names one). */
export const measureBundle = (b) => bundleSize(b.imports, b.entry ? `risk-stratify/${b.entry}` : undefined);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** What is imported in Node: each entry both ways (`import` reads `dist/bundle/`, `require` `dist/*.cjs`). */
export const IMPORTS = [
  { name: "import('risk-stratify')", kind: 'esm', spec: 'risk-stratify' },
  { name: "require('risk-stratify')", kind: 'cjs', spec: 'risk-stratify' },
  { name: "import('risk-stratify/node')", kind: 'esm', spec: 'risk-stratify/node' },
  { name: "require('risk-stratify/node')", kind: 'cjs', spec: 'risk-stratify/node' },
];

function run(args) {
  const t = performance.now();
  const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  return { wall: performance.now() - t, out };
}

/**
 * Import cost in fresh Node processes, median of `runs`: `ms` timed inside the process around
 * the `import`/`require` alone (`cpuMs` its CPU time, user + system: less swayed by a busy
 * machine than wall time), `processMs` the whole process's wall time minus that of a bare
 * `node -e ""` (startup included, so it is what a command pays), `mb` the RSS growth.
 */
export function importCost({ kind, spec }, runs = 9) {
  const load = kind === 'esm' ? `await import('${spec}')` : `require('${spec}')`;
  const code = `const m0=process.memoryUsage().rss;const c0=process.cpuUsage();const t=performance.now();${load};const c=process.cpuUsage(c0);console.log(JSON.stringify({ms:performance.now()-t,cpuMs:(c.user+c.system)/1000,mb:(process.memoryUsage().rss-m0)/2**20}))`;
  const args = kind === 'esm' ? ['--input-type=module', '-e', code] : ['-e', code];
  const xs = [];
  const bare = [];
  for (let i = 0; i < runs; i++) {
    bare.push(run(['-e', '']).wall);
    const r = run(args);
    xs.push({ ...JSON.parse(r.out), wall: r.wall });
  }
  return { ms: median(xs.map((x) => x.ms)), cpuMs: median(xs.map((x) => x.cpuMs)), processMs: Math.max(0, median(xs.map((x) => x.wall)) - median(bare)), bareMs: median(bare), mb: median(xs.map((x) => x.mb)), runs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { loadavg } = await import('node:os');
  const rows = [];
  for (const b of BUNDLES) rows.push({ ...b, ...(await measureBundle(b)) });
  const imports = IMPORTS.map((i) => ({ ...i, ...importCost(i) }));
  const load = loadavg().map((v) => v.toFixed(2)).join(', ');
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ bundles: rows, imports, loadAverage: load }, null, 2));
  } else {
    for (const r of rows) {
      const parts = Object.entries(r.byPackage).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${(v / 1024).toFixed(1)} KB`).join(', ');
      const budget = r.budget === null ? 'no budget' : `budget ${(r.budget / 1024).toFixed(0)} KB${r.bytes <= r.budget ? '' : ', OVER'}`;
      console.log(`${r.name.padEnd(32)} ${(r.bytes / 1024).toFixed(1).padStart(7)} KB (${budget}): ${parts}`);
    }
    for (const i of imports) console.log(`${i.name.padEnd(32)} median ${i.ms.toFixed(0).padStart(4)} ms in the process (CPU ${i.cpuMs.toFixed(0)} ms), ${i.processMs.toFixed(0).padStart(4)} ms over a bare node (${i.bareMs.toFixed(0)} ms), +${i.mb.toFixed(0)} MB RSS, ${i.runs} fresh processes (budget 100 ms)`);
    console.log(`load average ${load}`);
  }
}
