import { it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
it('docs blocks run', async () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const md = readFileSync(`${root}docs/fairness-and-drift.md`, 'utf8');
  const blocks = [...md.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  mkdirSync(`${root}test-output`, { recursive: true });
  let k = 0;
  for (const b of blocks) {
    const t0 = Date.now();
    const file = `${root}test-output/h14fair-doc-${k++}.ts`;
    writeFileSync(file, b.replace(/from 'risk-stratify'/g, `from '${root}src/index.ts'`));
    await import(/* @vite-ignore */ file);
    console.log('block', k, Date.now() - t0, 'ms');
  }
}, 120000);
