import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, syntheaDir, tempDir } from './helpers.js';

const broken = resolve(__dirname, '../../examples/data/broken');
const files = ['--patients', join(broken, 'patients.csv'), '--activity', join(broken, 'activity.csv'), '--conditions', join(broken, 'conditions.csv'), '--extract-date', '2025-04-01'];

/** Every deliberate mistake in examples/data/broken (listed by hand in its README). */
const EXPECTED: Array<[string, number, string]> = [
  ['patients', 5, 'sex'], ['patients', 6, 'birthDate'], ['patients', 7, 'id'], ['patients', 8, 'birthDate'],
  ['patients', 9, 'imdDecile'], ['patients', 11, 'optedOut'], ['patients', 12, 'registeredTo'],
  ['activity', 3, 'dischargeDate'], ['activity', 4, 'bedDays'], ['activity', 6, 'patientId'], ['activity', 7, 'setting'],
  ['activity', 8, ''], ['activity', 9, ''],
  ['conditions', 4, 'resolvedDate'], ['conditions', 5, 'patientId'], ['conditions', 6, 'date'],
];

describe('risk-stratify validate', () => {
  it('reports every deliberate mistake in the broken extract by source, row and field, and exits 3', async () => {
    const r = await run(['validate', ...files, '--json']);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.out);
    const got = new Set(doc.rejected.map((x: { source: string; row: number; field: string }) => `${x.source}:${x.row}:${x.field}`));
    for (const [s, row, field] of EXPECTED) expect(got, `${s} row ${row} ${field}`).toContain(`${s}:${row}:${field}`);
    // rows in = accepted + rejected, per source; rejected rows are exactly those listed
    for (const s of ['patients', 'activity', 'conditions']) {
      const x = doc.summary[s];
      expect(x.rowsIn).toBe(x.rowsAccepted + x.rowsRejected);
      const rows = new Set(doc.rejected.filter((i: { source: string }) => i.source === s).map((i: { row: number }) => i.row));
      expect(rows.size).toBe(x.rowsRejected);
    }
  });

  it('text output: a per-source count line and one line per rejected row', async () => {
    const r = await run(['validate', ...files]);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/patients\s+12 rows in\s+5 accepted\s+7 rejected/);
    expect(r.out).toContain('activity,4,bedDays,"-4",negative_bed_days');
  });

  it('--out writes rejected.csv (spreadsheet-safe) and validation.json', async () => {
    const dir = tempDir();
    const r = await run(['validate', ...files, '--out', dir]);
    expect(r.code).toBe(3);
    const csv = readFileSync(join(dir, 'internal/rejected.csv'), 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('source,file,row,field,value,reason,message');
    expect(csv.some((l) => l.includes(`,"'-4",negative_bed_days,`))).toBe(true); // '-4' neutralised as text
    const doc = JSON.parse(readFileSync(join(dir, 'internal/validation.json'), 'utf8'));
    expect(doc.rejected.length).toBe(csv.length - 1);
  });

  it('a clean extract exits 0 and says every row was accepted', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.csv'), 'id,practiceId,sex,birthDate\na,P1,F,1950-01-01\nb,P1,M,01/02/1960\n');
    writeFileSync(join(dir, 'a.csv'), 'patientId,date,setting,emergency,dischargeDate\na,2024-01-01,inpatient,yes,2024-01-03\n');
    const r = await run(['validate', '--patients', join(dir, 'p.csv'), '--activity', join(dir, 'a.csv'), '--extract-date', '2025-01-01']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('every row accepted');
  });

  it('column names are mapped through the config file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.csv'), 'pid,gp,gender,dob\na,P1,F,1950-01-01\n');
    writeFileSync(join(dir, 'site.json'), JSON.stringify({ inputs: { patients: 'p.csv', extractDate: '2025-01-01', columns: { patients: { id: 'pid', practiceId: 'gp', sex: 'gender', birthDate: 'dob' } } } }));
    const r = await run(['validate', '--config', join(dir, 'site.json'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).summary.patients.rowsAccepted).toBe(1);
  });

  it('a missing file is one line naming it, exit 1; no input at all is a usage error, exit 2', async () => {
    const a = await run(['validate', '--patients', '/nonexistent/p.csv']);
    expect(a.code).toBe(1);
    expect(a.err.trim().split('\n')).toHaveLength(1);
    expect(a.err).toContain('/nonexistent/p.csv');
    const b = await run(['validate']);
    expect(b.code).toBe(2);
    expect(b.err).toContain('--patients');
  });

  const synthea = syntheaDir();
  it.skipIf(synthea === undefined)('reads a Synthea export with --synthea', async () => {
    const r = await run(['validate', '--synthea', synthea!, '--json']);
    expect([0, 3]).toContain(r.code);
    const doc = JSON.parse(r.out);
    expect(doc.summary.patients.rowsIn).toBe(111);
    expect(doc.summary.patients.rowsAccepted).toBeGreaterThan(100);
  });
});
