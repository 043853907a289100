import { defineConfig } from 'tsup';

// The package's two entries: the browser-safe core (`risk-stratify`) and the Node-only part
// (`risk-stratify/node`: file paths, streams, worker threads), plus the command.
//
// - ESM is one module per source file (`bundle: false`), so a bundler keeps only the files a
//   user imports (`sideEffects: false`), and `risk-stratify/node` imports the core's own
//   modules: one error class across both entries.
// - Node's own `import` gets the same two entries bundled over a shared chunk (`dist/bundle/`,
//   the `node` export condition): loading some 200 small modules was most of the core's import
//   time in Node, which cannot tree-shake anyway. Bundlers read the `module` condition first and
//   get the per-file build. zod stays an external dependency in every build.
// - CJS is two entries over shared chunks (tsup's code splitting), for the same reason.
// - Types are one bundled declaration file per entry and format.
// - The command is one bundled file: it is an application, not imported by anyone.
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
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
    format: ['esm'],
    outDir: 'dist/bundle',
    splitting: true,
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
  {
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
    format: ['cjs'],
    splitting: true,
    dts: { entry: { index: 'src/index.ts', node: 'src/node.ts' } },
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
  {
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
    format: ['esm'],
    dts: { only: true, entry: { index: 'src/index.ts', node: 'src/node.ts' } },
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
