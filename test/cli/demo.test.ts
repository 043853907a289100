import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from './helpers.js';

describe('risk-stratify demo', () => {
  it('writes the population summary (JSON + CSV) and validation results, and lists them on stderr', async () => {
    const dir = tempDir();
    const r = await run(['demo', '--size', '2000', '--practices', '4', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    for (const f of ['population-summary.json', 'population-summary.csv', 'validation.json']) {
      expect(existsSync(join(dir, f))).toBe(true);
      expect(r.err).toContain(f);
    }
    const summary = JSON.parse(readFileSync(join(dir, 'population-summary.json'), 'utf8'));
    expect(summary.people).toBe(2000);
    expect(summary.practices).toBe(4);
    const validation = JSON.parse(readFileSync(join(dir, 'validation.json'), 'utf8'));
    expect(validation.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
  });

  it('--json prints one JSON document on stdout naming every file written', async () => {
    const dir = tempDir();
    const r = await run(['demo', '--size', '1000', '--practices', '3', '--out', dir, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    const written = doc.files.map((f: { path: string }) => f.path.split(/[\\/]/).pop()).sort();
    expect(written).toEqual(readdirSync(dir).sort());
  });

  it('is deterministic: the same seed writes the same bytes', async () => {
    const a = tempDir();
    const b = tempDir();
    await run(['demo', '--size', '1000', '--seed', '3', '--out', a]);
    await run(['demo', '--size', '1000', '--seed', '3', '--out', b]);
    for (const f of readdirSync(a)) expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
  });

  it('CSV outputs suppress small counts (no cell from 1 to 7) ', async () => {
    const dir = tempDir();
    await run(['demo', '--size', '1000', '--practices', '10', '--out', dir]);
    const lines = readFileSync(join(dir, 'population-summary.csv'), 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const [, , people, adm] = line.split(',');
      for (const v of [people, adm]) {
        if (v === '*') continue;
        const n = Number(v);
        expect(n === 0 || (n > 7 && n % 5 === 0)).toBe(true);
      }
    }
  });

  it('refuses a size that is too small with exit code 2', async () => {
    const r = await run(['demo', '--size', '10']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--size');
  });
});
