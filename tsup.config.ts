import { defineConfig } from 'tsup';

// The package's entries: the browser-safe core (`risk-stratify`), the Node-only part
// (`risk-stratify/node`: file paths, streams, worker threads), the report's rendering
// (`risk-stratify/report`) and the SQL generators (`risk-stratify/sql`), plus the command.
//
// - ESM is one module per source file (`bundle: false`), so a bundler keeps only the files a
//   user imports (`sideEffects: false`), and the other entries import the core's own
//   modules: one error class across all entries.
// - Node's own `import` gets the same entries bundled over a shared chunk (`dist/bundle/`,
//   the `node` export condition): loading some 200 small modules was most of the core's import
//   time in Node, which cannot tree-shake anyway. Bundlers read the `module` condition first and
//   get the per-file build.
// - zod is inlined in the Node builds (`dist/bundle/` and CJS), trimmed to what the library
//   uses: `zod/mini` loads all of zod's locales at import (about 85 ms in Node, more than
//   the rest of the core). It stays an external dependency of the per-file build, so a
//   user's bundler shares one zod with the user's own code; the declaration files refer to it.
// - CJS is the same entries over shared chunks (tsup's code splitting), for the same reason.
// - Types are one bundled declaration file per entry and format.
// - The command is one bundled file: it is an application, not imported by anyone.
const entries = { index: 'src/index.ts', node: 'src/node.ts', report: 'src/report.ts', sql: 'src/sql.ts' };

export default defineConfig([
  {
    entry: ['src/**/*.ts', '!src/cli/**'],
    format: ['esm'],
    bundle: false,
    dts: false,
    sourcemap: true,
    clean: true,
    target: 'node20',
  },
  {
    entry: entries,
    format: ['esm'],
    outDir: 'dist/bundle',
    splitting: true,
    noExternal: ['zod'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
  {
    entry: entries,
    format: ['cjs'],
    splitting: true,
    noExternal: ['zod'],
    dts: { entry: entries },
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
  {
    entry: entries,
    format: ['esm'],
    dts: { only: true, entry: entries },
    clean: false,
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
