import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
// @ts-expect-error: a plain .mjs script without types
import { BUNDLES, bundleSize } from '../../benchmarks/bundle-size.mjs';

// The embedding budgets (issue 16), in bytes of a minified browser bundle of the source (the
// same esbuild settings as `npm run bench`, which measures the built package), so a change that
// pulls zod or a module-level table into a small import fails here. Times are not asserted.
const root = join(import.meta.dirname, '../..');
type Bundle = { name: string; imports: string[]; budget: number };
const budget = (name: string) => (BUNDLES as Bundle[]).find((b) => b.name.startsWith(name))!;

describe('bundle sizes', () => {
  it('one constant (NO_DATE) bundles to under 1 KB', async () => {
    const b = budget('one constant');
    expect((await bundleSize(b.imports, './src/index.ts')).bytes).toBeLessThan(b.budget);
  });
  it('selectCohort + evaluateScores bundle to under 40 KB, with no zod', async () => {
    const b = budget('selectCohort');
    const r = await bundleSize(b.imports, './src/index.ts');
    expect(r.bytes).toBeLessThan(b.budget);
    expect(r.byPackage.zod ?? 0).toBe(0);
  });
  it('the whole core bundles to under 400 KB, zod (mini) under 40 KB of it, the kernels deflated', async () => {
    const b = budget('the whole core');
    const r = await bundleSize(b.imports, './src/index.ts');
    expect(r.bytes).toBeLessThan(b.budget);
    expect(r.byPackage.zod).toBeLessThan(40 * 1024);
  });
  it('the report and SQL subpaths bundle on their own (about 155 and 140 KB with zod), and each under 170 KB', async () => {
    for (const entry of ['./src/report.ts', './src/sql.ts']) expect((await bundleSize(['*'], entry)).bytes).toBeLessThan(170 * 1024);
  });
});

// The report's rendering and the SQL generators live in `risk-stratify/report` and
// `risk-stratify/sql`: nothing the core exports may pull them back in. The SQL dialect and
// definitions stay (buildFeatures and model.toSQL use them); nothing else of src/sql/ may appear.
describe('the core leaves the report and the SQL generators to their subpaths', () => {
  it('a bundle of the whole core holds no module of src/report/ and no SQL generator', async () => {
    const r = await build({
      stdin: { contents: "import * as rs from './src/index.ts'; globalThis.rs = rs;", resolveDir: root, loader: 'ts' },
      bundle: true, write: false, platform: 'browser', format: 'esm', metafile: true, logLevel: 'silent',
    });
    const ours = Object.keys(r.metafile.inputs).filter((p) => p.startsWith('src/'));
    expect(ours.length).toBeGreaterThan(100);
    expect(ours.filter((p) => p.startsWith('src/report/'))).toEqual([]);
    expect(ours.filter((p) => p.startsWith('src/sql/')).sort()).toEqual(['src/sql/definitions.ts', 'src/sql/dialect.ts']);
  });
  it('nor the Synthea adapter (risk-stratify/node) or the site dashboard and publishing helpers (risk-stratify/report)', async () => {
    const core = await import('../../src/index.js');
    for (const name of ['fromSyntheaTables', 'SYNTHEA_LTC_MAP', 'SYNTHEA_ICD10_MAP', 'buildSiteDashboard', 'publishSpc', 'publishMonthlySeries']) expect(name in core).toBe(false);
    const node = await import('../../src/node.js');
    const report = await import('../../src/report.js');
    for (const name of ['fromSyntheaTables', 'SYNTHEA_LTC_MAP', 'SYNTHEA_ICD10_MAP']) expect(name in node).toBe(true);
    for (const name of ['buildSiteDashboard', 'publishSpc', 'publishMonthlySeries']) expect(name in report).toBe(true);
  });
});

// `import { z } from 'zod/mini'` (or full `zod`) defeats tree-shaking: the namespace object `z`
// is one value holding all of zod, 265 KB minified, where `import * as z` keeps only what is used.
describe('zod imports', () => {
  it('every source file imports zod as `import * as z from \'zod/mini\'` (or a type-only form of it)', () => {
    const bad: string[] = [];
    for (const file of readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const text = readFileSync(join(root, 'src', file), 'utf8');
      for (const m of text.matchAll(/^import\s+(type\s+)?([^;]*?)\s+from\s+'(zod[^']*)'/gm)) {
        if (m[3] !== 'zod/mini' && m[3] !== 'zod/locales') bad.push(`${file}: from '${m[3]}'`);
        else if (m[3] === 'zod/mini' && m[2] !== '* as z') bad.push(`${file}: import ${m[1] ?? ''}${m[2]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
