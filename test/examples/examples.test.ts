// Runs each numbered example against the BUILT package (the examples import
// 'risk-stratify', which resolves to ./dist) with a small population, and checks it exits 0
// and prints its key line. Skipped, with a message, when dist/ is missing (run `npm run build`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const dir = join(root, 'examples');
const built = existsSync(join(root, 'dist/index.js')) && existsSync(join(root, 'dist/node.js'));
if (!built) console.warn('test/examples: skipped, dist/ is missing (run `npm run build` first; `npm test` builds before the package checks)');

/** The line each example must print (a regular expression), by number. */
const KEY_LINES: Record<string, RegExp> = {
  '01': /^emergency admissions per 1,000 a year: \d+$/m,
  '02': /^patients {4}12 rows in = 5 accepted \+ 7 rejected$/m,
  '03': /^every registered person is in exactly one segment: true$/m,
  '04': /^saved and reloaded model scores identically: true$/m,
  '05': /^ {2}every top-2% person is in the top 5%: true$/m,
  '06': /^top 5% selects more people than top 2%: true$/m,
  '07': /^monitored 36 months$/m,
  '08': /^the naive before\/after overstates the fall: true$/m,
  '09': /^DuckDB and selectCohort select the same people: true$/m,
  '10': /^(Synthea export flowed through features and segments: true|skipped: no Synthea export)/m,
  '11': /^(The SQL path gives the library's cohorts and churn: true|skipped: no Synthea export)$/m,
};

const files = readdirSync(dir).filter((f) => /^\d\d-.*\.mjs$/.test(f)).sort();

describe.skipIf(!built || files.length === 0)('examples/ (built package, RS_EXAMPLE_SIZE=2000)', () => {
  it('every numbered example has a key line to check', () => {
    expect(files.filter((f) => !(f.slice(0, 2) in KEY_LINES))).toEqual([]);
  });
  it.each(files)('%s exits 0 and prints its key line', (f) => {
    const r = spawnSync(process.execPath, [join(dir, f)], {
      cwd: root,
      env: { ...process.env, RS_EXAMPLE_SIZE: '2000' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr + r.stdout).not.toMatch(/\n\s+at .*\(/); // no stack trace
    expect(r.status).toBe(0);
    const key = KEY_LINES[f.slice(0, 2)];
    expect(key).toBeDefined();
    expect(r.stdout).toMatch(key!);
  });
});
