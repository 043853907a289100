// The loader on an extract as it comes: every column accounted for, opt-outs never assumed,
// condition codes that are not clusters counted and reported.
import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { table } from 'arquero';
import { loadPopulation, safeLoadPopulation } from '../../src/data/load-population.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { parseDate } from '../../src/core/dates.js';

const REF = '2025-03-31';
const P = 'nhs_pseudo_id,practice_code,dob,gender,registration_start_date,registration_end_date,date_of_death,national_opt_out,usual_gp_name';
const rows = ['X1,A81001,01/02/1950,F,01/01/2000,,,N,Dr A', 'X2,A81001,01/02/1960,M,01/01/2000,,,Y,Dr B', 'X3,A81002,01/02/1970,F,01/01/2000,15/06/2024,,N,Dr C'];
const patients = `${P}\n${rows.join('\n')}\n`;

describe('loadPopulation: the column report', () => {
  it('loadPopulation reports, per source, how every header was used, and warns about the ones it does not read', () => {
    const r = loadPopulation({ patients, activity: 'nhs_pseudo_id,admidate,pod,spell_id\nX1,01/03/2024 10:00,ae,S1\n' }, { referenceDate: REF });
    expect(r.summary.columns.map((c) => `${c.source}.${c.column}=${c.use === 'field' ? `${c.field}/${c.rule}` : c.use}`)).toEqual([
      'patients.nhs_pseudo_id=id/alias', 'patients.practice_code=practiceId/alias', 'patients.dob=birthDate/alias', 'patients.gender=sex/alias',
      'patients.registration_start_date=registeredFrom/alias', 'patients.registration_end_date=registeredTo/alias', 'patients.date_of_death=deathDate/alias',
      'patients.national_opt_out=optedOut/alias', 'patients.usual_gp_name=unrecognised',
      'activity.nhs_pseudo_id=patientId/alias', 'activity.admidate=date/alias', 'activity.pod=setting/alias', 'activity.spell_id=unrecognised',
    ]);
    expect(r.warnings.map((w) => [w.code, w.path, w.examples])).toEqual([
      ['unrecognised_columns', ['patients'], ['usual_gp_name']],
      ['unrecognised_columns', ['activity'], ['spell_id']],
    ]);
    expect(r.warnings[0]!.message).toContain('usual_gp_name');
  });
  it('loadPopulation takes ignore per source or as one list: ignored columns are reported as ignored, not warned about', () => {
    const perSource = loadPopulation({ patients }, { referenceDate: REF, ignore: { patients: ['usual_gp_name'] } });
    expect(perSource.summary.columns.find((c) => c.column === 'usual_gp_name')!.use).toBe('ignored');
    expect(perSource.warnings).toEqual([]);
    const flat = loadPopulation({ patients }, { referenceDate: REF, ignore: ['usual_gp_name'] });
    expect(flat.warnings).toEqual([]);
    expect(safeLoadPopulation({ patients }, { ignore: { gp: ['x'] } as never }).ok).toBe(false);
  });
  it('loadPopulation rejects a source where two columns name one field (repeated_column, row 0, naming both), and reads the mapped one when a mapping chooses', () => {
    const text = 'person_id,practice_code,dob,date_of_birth,ndoo\nX1,A,01/02/1950,02/02/1950,N\n';
    const r = loadPopulation({ patients: text }, { referenceDate: REF });
    expect(r.population.size).toBe(0);
    expect(r.rejected.map((i) => [i.row, i.field, i.code, i.value])).toEqual([[0, 'birthDate', 'repeated_column', 'dob, date_of_birth']]);
    expect(r.summary.columns.find((c) => c.column === 'date_of_birth')).toMatchObject({ use: 'duplicate', field: 'birthDate', note: 'also names birthDate, which is read from dob' });
    const chosen = loadPopulation({ patients: text }, { referenceDate: REF, columns: { patients: { birthDate: 'dob' } } });
    expect(chosen.population.columns.birthDate[0]).toBe(parseDate('1950-02-01'));
    expect(chosen.warnings.find((w) => w.code === 'duplicate_columns')).toMatchObject({ path: ['patients'], examples: ['date_of_birth'] });
  });
  it('loadPopulation warns, naming the consequence, when there is no registration end or death date column', () => {
    const r = loadPopulation({ patients: 'id,practiceId,birthDate,optedOut\np1,A,1950-01-01,N\n' }, { referenceDate: REF });
    expect(r.warnings.map((w) => w.code)).toEqual(['no_registration_end', 'no_death_date']);
    expect(r.warnings[0]!.message).toContain('people who left their practice may be selected');
    expect(r.warnings[1]!.message).toContain('people who died may be selected');
  });
});

describe('loadPopulation: opt-outs are never assumed', () => {
  const noOptOut = 'nhs_pseudo_id,practice_code,dob,registration_end_date,date_of_death\nX1,A81001,01/02/1950,,\n';
  it('loadPopulation refuses a patients source without an opt-out column (missing_opt_out), naming the columns it saw', () => {
    const r = safeLoadPopulation({ patients: noOptOut }, { referenceDate: REF });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('missing_opt_out');
      expect(r.error.path).toEqual(['patients', 'optedOut']);
      expect(r.error.message).toContain('Columns seen: nhs_pseudo_id, practice_code, dob, registration_end_date, date_of_death');
      expect(r.error.message).toContain("optOuts: 'removed-upstream'");
      expect(r.error.details).toEqual({ columns: ['nhs_pseudo_id', 'practice_code', 'dob', 'registration_end_date', 'date_of_death'] });
    }
  });
  it('loadPopulation refuses records and arquero tables without an opt-out column just the same', () => {
    const records = [{ id: 'p1', practiceId: 'A', birthDate: '1950-01-01' }];
    expect(safeLoadPopulation({ patients: records }, { referenceDate: REF })).toMatchObject({ ok: false, error: { code: 'missing_opt_out' } });
    const t = table({ id: ['p1'], practiceId: ['A'], birthDate: ['1950-01-01'] });
    expect(safeLoadPopulation({ patients: t }, { referenceDate: REF })).toMatchObject({ ok: false, error: { code: 'missing_opt_out' } });
    // an opt-out column that is ignored is no opt-out column
    expect(safeLoadPopulation({ patients }, { referenceDate: REF, ignore: ['national_opt_out'] })).toMatchObject({ ok: false, error: { code: 'missing_opt_out' } });
  });
  it("loadPopulation with optOuts: 'removed-upstream' loads, records it in the population's provenance and warns", () => {
    const r = loadPopulation({ patients: noOptOut }, { referenceDate: REF, optOuts: 'removed-upstream' });
    expect(r.population.size).toBe(1);
    expect(r.population.provenance.optOuts).toBe('removed-upstream');
    expect(r.summary.optOuts).toBe('removed-upstream');
    expect(r.warnings.map((w) => w.code)).toEqual(['opt_outs_removed_upstream']);
  });
  it("loadPopulation reads an opt-out column when there is one (provenance 'column'), even when told opt-outs were removed upstream", () => {
    for (const optOuts of ['column', 'removed-upstream'] as const) {
      const r = loadPopulation({ patients }, { referenceDate: REF, optOuts });
      expect(Array.from(r.population.columns.optedOut)).toEqual([0, 1, 0]);
      expect(r.population.provenance.optOuts).toBe('column');
    }
  });
  it('loadPopulation opts a person out when ANY opt-out column says yes (national_opt_out and type_1_opt_out together), and rejects a bad value in either', () => {
    const text = 'id,practiceId,birthDate,national_opt_out,type_1_opt_out\np1,A,1950-01-01,N,N\np2,A,1950-01-01,Y,N\np3,A,1950-01-01,N,Y\np4,A,1950-01-01,,yes\np5,A,1950-01-01,N,maybe\n';
    const r = loadPopulation({ patients: text }, { referenceDate: REF });
    expect(r.population.ids).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(Array.from(r.population.columns.optedOut)).toEqual([0, 1, 1, 1]);
    expect(r.rejected.map((i) => [i.row, i.field, i.code, i.value])).toEqual([[5, 'optedOut', 'invalid_boolean', 'maybe']]);
    expect(r.rejected[0]!.message).toContain('column type_1_opt_out');
    expect(r.summary.columns.filter((c) => c.field === 'optedOut').map((c) => c.column)).toEqual(['national_opt_out', 'type_1_opt_out']);
  });
  it('loadPopulation reads flags as extracts write them: Y/N, Yes/No, 1/0, TRUE/FALSE in any case, blank as no; anything else is a rejected row', () => {
    const yes = ['Y', 'y', 'Yes', 'YES', '1', 'TRUE', 'true', 'True', 'T'];
    const no = ['N', 'n', 'No', 'NO', '0', 'FALSE', 'false', 'F', ''];
    const bad = ['2', 'maybe', 'Yess', '-', 'on', 'off', '1.0'];
    const all = [...yes, ...no, ...bad];
    const text = `id,practiceId,birthDate,optedOut,careHome\n${all.map((v, i) => `p${i},A,1950-01-01,${v},${v}`).join('\n')}\n`;
    const r = loadPopulation({ patients: text }, { referenceDate: REF });
    expect(Array.from(r.population.columns.optedOut)).toEqual([...yes.map(() => 1), ...no.map(() => 0)]);
    expect(Array.from(r.population.columns.careHome)).toEqual([...yes.map(() => 1), ...no.map(() => 0)]);
    expect(r.summary.patients.rowsRejected).toBe(bad.length);
  });
});

describe('loadPopulation: condition codes that are not clusters', () => {
  const conditions = 'nhs_pseudo_id,code,event_date\nX1,HF,01/01/2020\nX1,COPD,01/01/2020\nX2,HF,01/01/2021\nX2,DM,01/01/2021\nX3,HYP,01/01/2019\nX3,heart_failure,01/01/2019\nX3,HF,01/01/2019\n';
  it('loadPopulation counts (does not reject) a code that is neither in a code list nor a known cluster, with its people, most frequent first, in the summary and a warning', () => {
    const r = loadPopulation({ patients, conditions }, { referenceDate: REF });
    expect(r.population.conditions.codes).toEqual(['COPD', 'heart_failure']);
    expect(r.summary.unknownConditionCodes).toEqual({ rows: 5, distinct: 3, people: 3, top: [{ code: 'HF', rows: 3, people: 3 }, { code: 'DM', rows: 1, people: 1 }, { code: 'HYP', rows: 1, people: 1 }] });
    expect(r.summary.conditions).toEqual({ provided: true, rowsIn: 7, rowsAccepted: 7, rowsRejected: 0 });
    expect(r.rejected).toEqual([]);
    const w = r.warnings.find((x) => x.code === 'unknown_condition_codes')!;
    expect(w).toMatchObject({ count: 5, examples: ['HF', 'DM', 'HYP'], path: ['conditions', 'code'] });
    expect(w.message).toContain('HF (3 rows, 3 people)');
  });
  it('loadPopulation counts no code the features do not know as a cluster: ltc_count sees only the known ones', () => {
    const r = loadPopulation({ patients, conditions }, { referenceDate: REF });
    const f = buildFeatures(r.population, { asOf: '2024-06-01' }); // X3 still registered
    expect(Array.from(f.column('ltc_count')!)).toEqual([1, 0, 1]); // X1 COPD, X3 heart_failure; X2 had only HF and DM
  });
  it('loadPopulation accepts a code mapped through conditionCodes (HF -> heart_failure) and reports the rest', () => {
    const r = loadPopulation({ patients, conditions }, { referenceDate: REF, conditionCodes: { HF: 'heart_failure', DM: 'diabetes' } });
    expect(r.summary.unknownConditionCodes).toEqual({ rows: 1, distinct: 1, people: 1, top: [{ code: 'HYP', rows: 1, people: 1 }] });
    expect(r.rejected).toEqual([]);
  });
  const code = fc.constantFrom('HF', 'DM', 'HYP', 'COPD', 'asthma', 'Heart failure', '195967001', 'x');
  test.prop([fc.array(fc.tuple(fc.constantFrom('X1', 'X2', 'X3'), code), { maxLength: 30 })])(
    'conditions rows in = accepted + rejected, and every row with an unknown code is counted once by its code, not rejected', (cs) => {
      const text = `nhs_pseudo_id,code,event_date\n${cs.map(([id, c]) => `${id},${c},01/01/2020`).join('\n')}\n`;
      const r = loadPopulation({ patients, conditions: text }, { referenceDate: REF });
      const s = r.summary.conditions;
      expect(s.rowsIn).toBe(s.rowsAccepted + s.rowsRejected);
      const unknown = cs.filter(([, c]) => ['HF', 'DM', 'HYP', '195967001', 'x'].includes(c));
      expect(r.summary.unknownConditionCodes.rows).toBe(unknown.length);
      expect(s.rowsRejected).toBe(0);
      expect(r.summary.unknownConditionCodes.top.reduce((a, t) => a + t.rows, 0)).toBe(unknown.length);
      expect(r.summary.unknownConditionCodes.people).toBe(new Set(unknown.map(([id]) => id)).size);
    });
});
