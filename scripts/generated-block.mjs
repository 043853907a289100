// Shared by the scripts that keep a generated block of a Markdown file in step with the code
// (scripts/alias-table.mjs, scripts/reason-codes.mjs): bundle a source file and call one of its
// exports, then print the text, or with `--write` put it between `<!-- NAME:start -->` and
// `<!-- NAME:end -->` in the file, or with `--check` exit 1 when the file differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** The value of export `name` of the TypeScript module `entry` (relative to the repository). */
export async function bundledExport(entry, name) {
  const bundled = await build({ entryPoints: [`${root}${entry}`], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'error' });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
  return mod[name];
}

/** Prints `text`, or writes / checks it as block `marker` of `file` (relative), per process.argv; `regenerate` is the command to name. */
export function generatedBlock(file, marker, text, regenerate) {
  const START = `<!-- ${marker}:start -->`;
  const END = `<!-- ${marker}:end -->`;
  const path = `${root}${file}`;
  if (!process.argv.includes('--write') && !process.argv.includes('--check')) {
    process.stdout.write(text);
    return;
  }
  const current = readFileSync(path, 'utf8');
  const a = current.indexOf(START);
  const b = current.indexOf(END);
  if (a < 0 || b < a) {
    process.stderr.write(`${file} has no ${START} ... ${END} block\n`);
    process.exit(1);
  }
  const next = `${current.slice(0, a + START.length)}\n${text}${current.slice(b)}`;
  if (process.argv.includes('--check')) {
    if (next !== current) process.stderr.write(`${file} ${marker} is out of date: run ${regenerate}\n`);
    process.exit(next === current ? 0 : 1);
  }
  writeFileSync(path, next);
}
