// Fills the Benchmarks table of docs/performance-and-scale.md (between <!-- bench:start --> and <!-- bench:end -->)
// from benchmarks/results/latest.md, and the Scale figures (<!-- scale:start/end -->) from
// benchmarks/results/scale.md. Run by `npm run bench`; also `node benchmarks/update-readme.mjs`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = join(root, 'docs', 'performance-and-scale.md');
const latest = join(root, 'benchmarks', 'results', 'latest.md');
const scale = join(root, 'benchmarks', 'results', 'scale.md');
function fill(text, name, file) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a || !existsSync(file)) {
    process.stderr.write(`docs/performance-and-scale.md: no ${start} ... ${end} markers or no ${file}; not updated\n`);
    return text;
  }
  return `${text.slice(0, a + start.length)}\n${readFileSync(file, 'utf8').trim()}\n${text.slice(b)}`;
}
if (existsSync(readme)) {
  writeFileSync(readme, fill(fill(readFileSync(readme, 'utf8'), 'bench', latest), 'scale', scale));
  process.stderr.write('updated the Benchmarks and Scale figures in docs/performance-and-scale.md\n');
}
