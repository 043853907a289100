// Fills the README's Benchmarks table (between <!-- bench:start --> and <!-- bench:end -->)
// from benchmarks/results/latest.md. Run by `npm run bench`; also `node benchmarks/update-readme.mjs`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = join(root, 'README.md');
const latest = join(root, 'benchmarks', 'results', 'latest.md');
if (existsSync(readme) && existsSync(latest)) {
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) {
    process.stderr.write('README.md has no <!-- bench:start --> ... <!-- bench:end --> markers; not updated\n');
  } else {
    const body = readFileSync(latest, 'utf8').trim();
    writeFileSync(readme, `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`);
    process.stderr.write('updated the Benchmarks table in README.md\n');
  }
}
