import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

// The core must run in browsers (dashboards score and select client-side). Bundle
// src/index.ts for the browser with every Node built-in marked external, then fail if the
// bundle imports any of them.
// The same for the report and SQL subpaths (`risk-stratify/report`, `risk-stratify/sql`).
describe('browser core', () => {
  it.each(['index', 'report', 'sql'])('src/%s.ts bundles for the browser without a single Node built-in', async (name) => {
    const entry = fileURLToPath(new URL(`../../src/${name}.ts`, import.meta.url));
    const builtins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
    const result = await build({
      entryPoints: [entry], bundle: true, write: false, platform: 'browser', format: 'esm',
      external: builtins, metafile: true, logLevel: 'silent',
    });
    const imported = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    const nodeImports = imported.filter((p) => builtins.includes(p));
    expect(nodeImports).toEqual([]);
    expect(result.outputFiles[0]!.text.length).toBeGreaterThan(1000);
  });
});
