import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The README's ten-line example is run as written (imports pointed at the source), so the
// front page can never drift from the API.
describe('README', () => {
  it('the "In ten lines" example runs and selects 2% of adults with a discriminating score', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const section = readme.split('## In ten lines')[1]!;
    const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    const logged: unknown[][] = [];
    const runnable = code
      .replace("from 'risk-stratify'", `from '${root}src/index.ts'`)
      .replace('console.log(', 'globalThis.__readmeLog(');
    (globalThis as unknown as { __readmeLog: (...a: unknown[]) => void }).__readmeLog = (...a) => logged.push(a);
    mkdirSync(`${root}test-output`, { recursive: true });
    const file = `${root}test-output/readme-example.ts`;
    writeFileSync(file, runnable);
    await import(/* @vite-ignore */ file);
    const [selected, auroc, ci, ppv] = logged[0]! as [number, number, [number, number], number];
    expect(selected).toBeGreaterThan(100);
    expect(selected).toBeLessThan(600);
    expect(auroc).toBeGreaterThan(0.65);
    expect(ci[0]).toBeLessThan(auroc);
    expect(ci[1]).toBeGreaterThan(auroc);
    expect(ppv).toBeGreaterThan(0.2);
  });
});
