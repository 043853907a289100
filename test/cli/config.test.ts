import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/cli/config.js';
import { run, tempDir } from './helpers.js';

describe('--config (a site run in one JSON file)', () => {
  it('fills defaults (top 2% and 5% per practice, suppression 1-7 rounded to 5) and resolves paths against the file', () => {
    const dir = tempDir();
    const path = join(dir, 'site.json');
    writeFileSync(path, JSON.stringify({ inputs: { patients: 'data/patients.csv', columns: { patients: { id: 'pid' } } }, asOf: '2025-04-01' }));
    const cfg = loadConfig(path);
    expect(cfg.inputs.patients).toBe(join(dir, 'data/patients.csv'));
    expect(cfg.inputs.columns).toEqual({ patients: { id: 'pid' } });
    expect(cfg.variants.map((v) => v.topPercent)).toEqual([2, 5]);
    expect(cfg.suppression).toEqual({ threshold: 7, roundTo: 5 });
  });

  it('a wrong field is one line naming the file and the field', async () => {
    const dir = tempDir();
    const path = join(dir, 'site.json');
    writeFileSync(path, JSON.stringify({ variants: [{ name: 'x', topPercent: 200 }] }));
    const r = await run(['demo', '--config', path, '--size', '100']);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(path);
    expect(r.err).toContain('variants.0.topPercent');
  });

  it.each(['__proto__', 'constructor', 'toString'])('an exclusion list keyed %s is refused by name, not dropped so that nobody is excluded', (key) => {
    const dir = tempDir();
    const path = join(dir, 'site.json');
    writeFileSync(path, `{ "exclusions": { "endOfLife": "eol.txt", ${JSON.stringify(key)}: "x.txt" } }`);
    expect(() => loadConfig(path)).toThrow(new RegExp(`the key "${key}" cannot be used`));
  });

  it('an unknown key is refused (a typo must not be ignored silently)', async () => {
    const dir = tempDir();
    const path = join(dir, 'site.json');
    writeFileSync(path, JSON.stringify({ asof: '2025-04-01' }));
    const r = await run(['demo', '--config', path]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('asof');
  });

  it('invalid JSON and a missing file are one line each', async () => {
    const dir = tempDir();
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{ nope');
    const a = await run(['demo', '--config', path]);
    expect(a.err).toContain('not valid JSON');
    const b = await run(['demo', '--config', join(dir, 'missing.json')]);
    expect(b.code).toBe(1);
    expect(b.err).toContain('ENOENT');
  });

  it('the config as-of is used and a flag wins over it', async () => {
    const dir = tempDir();
    const path = join(dir, 'site.json');
    writeFileSync(path, JSON.stringify({ asOf: '2023-10-01' }));
    const a = await run(['demo', '--config', path, '--size', '300', '--evaluation-size', '3000', '--out', join(dir, 'a'), '--json']);
    expect(JSON.parse(a.out).asOf).toBe('2023-10-01');
    const b = await run(['demo', '--config', path, '--as-of', '2023-12-01', '--size', '300', '--evaluation-size', '3000', '--out', join(dir, 'b'), '--json']);
    expect(JSON.parse(b.out).asOf).toBe('2023-12-01');
  });
});
