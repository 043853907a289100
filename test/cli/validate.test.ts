import { fileURLToPath } from 'node:url';
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
    writeFileSync(join(dir, 'p.csv'), 'id,practiceId,sex,birthDate,optedOut\na,P1,F,1950-01-01,N\nb,P1,M,01/02/1960,N\n');
    writeFileSync(join(dir, 'a.csv'), 'patientId,date,setting,emergency,dischargeDate\na,2024-01-01,inpatient,yes,2024-01-03\n');
    const r = await run(['validate', '--patients', join(dir, 'p.csv'), '--activity', join(dir, 'a.csv'), '--extract-date', '2025-01-01']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('every row accepted');
  });

  it('column names are mapped through the config file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.csv'), 'pid,gp,gender,dob,objection\na,P1,F,1950-01-01,N\n');
    writeFileSync(join(dir, 'site.json'), JSON.stringify({ inputs: { patients: 'p.csv', extractDate: '2025-01-01', columns: { patients: { id: 'pid', practiceId: 'gp', sex: 'gender', birthDate: 'dob', optedOut: 'objection' } } } }));
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

describe('risk-stratify validate on an extract as it comes (test/fixtures/extract/nhs-style)', () => {
  const nhs = resolve(__dirname, '../fixtures/extract/nhs-style');
  const nhsFiles = ['--patients', join(nhs, 'patients.csv'), '--activity', join(nhs, 'activity.csv'), '--conditions', join(nhs, 'conditions.csv'), '--extract-date', '2025-03-31'];
  const people = JSON.parse(readFileSync(join(nhs, 'opted-out.json'), 'utf8')) as { optedOut: string[] };

  it('prints the column table (source, column, used as, rule), where opt-outs come from, and the unknown condition codes with their counts', async () => {
    const r = await run(['validate', ...nhsFiles]);
    expect(r.code).toBe(0); // condition codes in no list are counted, not rejected rows
    expect(r.out).toContain('columns (source, column, used as, rule):');
    expect(r.out).toMatch(/patients\s+nhs_pseudo_id\s+id\s+alias/);
    expect(r.out).toMatch(/patients\s+national_opt_out\s+optedOut\s+alias/);
    expect(r.out).toMatch(/patients\s+usual_gp_name\s+UNRECOGNISED\s+-/);
    expect(r.out).toMatch(/activity\s+admidate\s+date\s+alias/);
    expect(r.out).toContain('opt-outs: read from national_opt_out');
    expect(r.out).toMatch(/condition codes in no code list .*: 4 code\(s\) in \d+ row\(s\) of \d+ people/);
    expect(r.out).toMatch(/HYP \d+\/\d+, HF \d+\/\d+, DM \d+\/\d+, 195967001 \d+\/\d+/);
    expect(r.out).toContain('warning: patients: 1 column(s) the loader does not recognise and did not read: usual_gp_name');
  });

  it('--json and validation.json carry the column table, the unknown condition codes and the warnings; no file holds an opted-out id', async () => {
    const dir = tempDir();
    const r = await run(['validate', ...nhsFiles, '--json', '--out', dir]);
    const doc = JSON.parse(r.out);
    expect(doc.summary.columns.find((c: { column: string }) => c.column === 'usual_gp_name')).toMatchObject({ source: 'patients', use: 'unrecognised' });
    expect(doc.summary.unknownConditionCodes.top.map((t: { code: string }) => t.code)).toEqual(['HYP', 'HF', 'DM', '195967001']);
    expect(doc.warnings.map((w: { code: string }) => w.code)).toEqual(['unrecognised_columns', 'unknown_condition_codes']);
    expect(doc.summary.optOuts).toBe('column');
    const file = JSON.parse(readFileSync(join(dir, 'internal', 'validation.json'), 'utf8'));
    expect(file.summary.columns).toEqual(doc.summary.columns);
    expect(file.warnings).toEqual(doc.warnings);
    const columns = readFileSync(join(dir, 'internal', 'columns.csv'), 'utf8').trim().split('\r\n');
    expect(columns[0]).toBe('source,file,column,usedAs,use,field,rule,note');
    expect(columns.length - 1).toBe(doc.summary.columns.length);
    for (const f of ['validation.json', 'rejected.csv', 'columns.csv']) {
      const text = readFileSync(join(dir, 'internal', f), 'utf8');
      for (const id of people.optedOut) expect(text, `${f} holds ${id}`).not.toContain(id);
    }
  });

  it('--ignore lists columns known to be unneeded: reported as ignored, no warning', async () => {
    const r = await run(['validate', ...nhsFiles, '--ignore', 'usual_gp_name', '--json']);
    const doc = JSON.parse(r.out);
    expect(doc.summary.columns.find((c: { column: string }) => c.column === 'usual_gp_name').use).toBe('ignored');
    expect(doc.warnings.map((w: { code: string }) => w.code)).toEqual(['unknown_condition_codes']);
  });

  it('refuses a patients file without an opt-out column (exit 1), naming the columns and --opt-outs removed-upstream; with the flag it loads and warns', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.csv'), 'nhs_pseudo_id,practice_code,dob,registration_end_date,date_of_death\na,P1,01/02/1950,,\n');
    const a = await run(['validate', '--patients', join(dir, 'p.csv'), '--extract-date', '2025-03-31']);
    expect(a.code).toBe(1);
    expect(a.err.trim().split('\n')).toHaveLength(1);
    expect(a.err).toContain('has no opt-out column');
    expect(a.err).toContain('Columns seen: nhs_pseudo_id, practice_code, dob, registration_end_date, date_of_death');
    expect(a.err).toContain('--opt-outs removed-upstream');
    const b = await run(['validate', '--patients', join(dir, 'p.csv'), '--extract-date', '2025-03-31', '--opt-outs', 'removed-upstream']);
    expect(b.code).toBe(0);
    expect(b.out).toContain('opt-outs: removed from the extract upstream');
    expect(b.out).toContain('warning: patients has no opt-out column and the caller said opt-outs were removed');
    const c = await run(['validate', '--patients', join(dir, 'p.csv'), '--opt-outs', 'none']);
    expect(c.code).toBe(2);
    // the same from the config file
    writeFileSync(join(dir, 'site.json'), JSON.stringify({ inputs: { patients: 'p.csv', extractDate: '2025-03-31', optOuts: 'removed-upstream', ignore: ['date_of_death'] } }));
    const d = await run(['validate', '--config', join(dir, 'site.json'), '--json']);
    expect(d.code).toBe(0);
    const doc = JSON.parse(d.out);
    expect(doc.summary.optOuts).toBe('removed-upstream');
    expect(doc.warnings.map((w: { code: string }) => w.code)).toEqual(['no_death_date', 'opt_outs_removed_upstream']);
  });

  it('conditionCodes in the config maps codes that are not clusters', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'site.json'), JSON.stringify({ inputs: {
      patients: join(nhs, 'patients.csv'), conditions: join(nhs, 'conditions.csv'), extractDate: '2025-03-31', ignore: { patients: ['usual_gp_name'] },
      conditionCodes: { HF: 'heart_failure', DM: 'diabetes', HYP: 'hypertension', '195967001': 'asthma' },
    } }));
    const r = await run(['validate', '--config', join(dir, 'site.json'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).summary.unknownConditionCodes.rows).toBe(0);
  });

  it('codeLists in the config (a manifest beside it) maps a SNOMED CT extract; codes in no list are printed with rows and people', async () => {
    const snomed = fileURLToPath(new URL('../fixtures/extract/snomed/', import.meta.url));
    const dir = tempDir();
    writeFileSync(join(dir, 'site.json'), JSON.stringify({ inputs: {
      patients: join(snomed, 'patients.csv'), conditions: join(snomed, 'conditions.csv'), extractDate: '2024-05-31', codeLists: join(snomed, 'codelists/manifest.json'),
    } }));
    const r = await run(['validate', '--config', join(dir, 'site.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/condition codes in no code list .*: 4 code\(s\) in 6 row\(s\) of 5 people/);
    expect(r.out).toContain('271737000 3/2, 22298006 1/1, 25064002 1/1, 386661006 1/1');
  });

  const synthea = syntheaDir();
  it.skipIf(synthea === undefined)('--synthea-single-practice puts everyone in one practice (code from --synthea-practice-code); Synthea columns are reported, opt-outs synthetic', async () => {
    const r = await run(['validate', '--synthea', synthea!, '--synthea-single-practice', '--synthea-practice-code', 'Y00001', '--json']);
    const doc = JSON.parse(r.out);
    expect(doc.summary.optOuts).toBe('synthetic');
    expect(doc.summary.columns.find((c: { column: string; file: string }) => c.file === 'encounters.csv' && c.column === 'ORGANIZATION').use).toBe('ignored');
    const text = await run(['validate', '--synthea', synthea!, '--synthea-single-practice']);
    expect(text.out).toContain('opt-outs: synthetic people (Synthea)');
    expect(text.out).toMatch(/patients\s+Id\s+id\s+synthea/);
    const e = await run(['validate', '--patients', join(nhs, 'patients.csv'), '--synthea-single-practice']);
    expect(e.code).toBe(2);
  });
});
