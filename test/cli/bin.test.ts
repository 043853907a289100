import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const bin = resolve(__dirname, '../../dist/cli.js');
const built = existsSync(bin);
if (!built) console.warn(`test/cli/bin.test.ts: skipped, ${bin} is missing (run 'npm run build' first)`);

describe.skipIf(!built)('the built risk-stratify binary (node dist/cli.js)', () => {
  it('demo runs end to end, exits 0 and writes its outputs', () => {
    const dir = tempDir();
    const r = spawnSync(process.execPath, [bin, 'demo', '--size', '2000', '--practices', '4', '--evaluation-size', '3000', '--out', dir], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('wrote');
    expect(readdirSync(dir).sort()).toEqual(['internal', 'publish']);
    expect(readdirSync(join(dir, 'publish'))).toContain('population-summary.csv');
    expect(readdirSync(join(dir, 'internal'))).toContain('report-data.json');
  });

  it('an error is one line on stderr, no stack trace, non-zero exit; --debug adds the stack', () => {
    const r = spawnSync(process.execPath, [bin, 'demo', '--config', '/nonexistent/site.json'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const d = spawnSync(process.execPath, [bin, 'demo', '--config', '/nonexistent/site.json', '--debug'], { encoding: 'utf8' });
    expect(d.status).toBe(1);
    expect(d.stderr).toMatch(/\n\s+at /);
  });
});
