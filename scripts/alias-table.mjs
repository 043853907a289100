// Prints the loading guide's alias table (docs/loading-your-extract.md) (which header names each loader field is recognised by),
// generated from src/data/source-fields.ts so the guide cannot drift from the code.
// `node scripts/alias-table.mjs` prints it; `--write` puts it into docs/loading-your-extract.md between the
// `<!-- alias-table:start -->` and `<!-- alias-table:end -->` markers; `--check` exits 1 when
// the guide differs (test/data/source-fields.test.ts checks the same).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundled = await build({ entryPoints: [`${root}src/data/source-fields.ts`], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'error' });
const { aliasTableMarkdown } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
const table = aliasTableMarkdown();

const START = '<!-- alias-table:start -->';
const END = '<!-- alias-table:end -->';
const readme = `${root}docs/loading-your-extract.md`;
const text = readFileSync(readme, 'utf8');
const a = text.indexOf(START);
const b = text.indexOf(END);
if (process.argv.includes('--write') || process.argv.includes('--check')) {
  if (a < 0 || b < a) {
    process.stderr.write(`docs/loading-your-extract.md has no ${START} ... ${END} block\n`);
    process.exit(1);
  }
  const next = `${text.slice(0, a + START.length)}\n${table}${text.slice(b)}`;
  if (process.argv.includes('--check')) {
    if (next !== text) process.stderr.write('docs/loading-your-extract.md alias table is out of date: run node scripts/alias-table.mjs --write\n');
    process.exit(next === text ? 0 : 1);
  }
  writeFileSync(readme, next);
} else {
  process.stdout.write(table);
}
