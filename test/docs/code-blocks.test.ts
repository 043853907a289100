import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Every code block fenced exactly ```ts in README.md and docs/*.md is run as written, imports of
// 'risk-stratify', 'risk-stratify/node', 'risk-stratify/report' and 'risk-stratify/sql' pointed
// at the source, from the repository root (so
// a block reads files as `test/fixtures/...` or `../shared/data/...`), with console.log
// captured. A block must not throw. Blocks that must not run are fenced ```ts no-run (or sh,
// text, json). The guides can then never drift from the API.
const root = fileURLToPath(new URL('../..', import.meta.url));
const out = `${root}test-output/docs-blocks`;

/** The ```ts blocks of a markdown file: the line each starts on and its code. */
export function tsBlocks(markdown: string): { line: number; code: string }[] {
  const lines = markdown.split('\n');
  const blocks: { line: number; code: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open;
    let j = i + 1;
    while (j < lines.length && !(lines[j]!.startsWith(`${indent}${fence}`) && lines[j]!.trim() === fence)) j++;
    if (info!.trim() === 'ts') blocks.push({ line: i + 1, code: lines.slice(i + 1, j).map((l) => l.slice(indent!.length)).join('\n') });
    i = j;
  }
  return blocks;
}

const files = ['README.md', ...readdirSync(`${root}docs`).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

describe('tsBlocks', () => {
  it('finds only blocks fenced exactly ```ts, with their first line', () => {
    const md = ['# t', '```ts', 'a()', '```', '```ts no-run', 'b()', '```', '```sh', 'c', '```', '  ```ts', '  d()', '  ```'].join('\n');
    expect(tsBlocks(md)).toEqual([{ line: 2, code: 'a()' }, { line: 11, code: 'd()' }]);
  });
});

for (const file of files) {
  const blocks = tsBlocks(readFileSync(`${root}${file}`, 'utf8'));
  if (blocks.length === 0) continue;
  describe(file, () => {
    for (const { line, code } of blocks) {
      it(`the block at line ${line} runs`, async () => {
        mkdirSync(out, { recursive: true });
        const name = `${file.replace(/[/.]/g, '_')}_${line}`;
        const logged: unknown[][] = [];
        (globalThis as unknown as Record<string, unknown>)[`__log_${name}`] = (...a: unknown[]) => logged.push(a);
        const runnable = [
          `const console = { ...globalThis.console, log: (...a: unknown[]) => (globalThis as any)['__log_${name}'](...a) };`,
          code.replace(/from 'risk-stratify\/(node|report|sql)'/g, `from '${root}src/$1.ts'`).replace(/from 'risk-stratify'/g, `from '${root}src/index.ts'`),
          'export {};',
        ].join('\n');
        const path = `${out}/${name}.ts`;
        writeFileSync(path, runnable);
        const cwd = process.cwd();
        process.chdir(root);
        try {
          await import(/* @vite-ignore */ path);
        } finally {
          process.chdir(cwd);
        }
        if (/console\.log\(/.test(code)) expect(logged.length, 'the block printed something').toBeGreaterThan(0);
      });
    }
  });
}
