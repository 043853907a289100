import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from './helpers.js';

const nhs = resolve(__dirname, '../fixtures/extract/nhs-style');
const files = ['--patients', join(nhs, 'patients.csv'), '--activity', join(nhs, 'activity.csv'), '--conditions', join(nhs, 'conditions.csv'), '--extract-date', '2025-03-31'];

describe('every command loads an extract the same way (loadInput)', () => {
  it("a command other than validate prints the load's warnings on stderr, and still writes its output", async () => {
    const dir = tempDir();
    const r = await run(['features', ...files, '--as-of', '2025-03-31', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: patients: 1 column(s) the loader does not recognise and did not read: usual_gp_name');
    expect(r.err).toContain('warning: conditions:');
    const people = JSON.parse(readFileSync(join(nhs, 'opted-out.json'), 'utf8')) as { optedOut: string[] };
    const csv = readFileSync(join(dir, 'internal', 'features.csv'), 'utf8');
    for (const id of people.optedOut) expect(csv).not.toContain(id);
  });
  it('a command refuses a patients file without an opt-out column, unless --opt-outs removed-upstream', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.csv'), 'id,practiceId,birthDate\na,P1,1950-01-01\n');
    const a = await run(['features', '--patients', join(dir, 'p.csv'), '--extract-date', '2025-03-31', '--as-of', '2025-03-31', '--out', dir]);
    expect(a.code).toBe(1);
    expect(a.err).toContain('--opt-outs removed-upstream');
    const b = await run(['features', '--patients', join(dir, 'p.csv'), '--extract-date', '2025-03-31', '--as-of', '2025-03-31', '--out', dir, '--opt-outs', 'removed-upstream']);
    expect(b.code).toBe(0);
    expect(b.err).toContain('warning: patients has no opt-out column');
  });
});
