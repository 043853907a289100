import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromSyntheaTables, type SyntheaTables } from '../../src/data/from-synthea-tables.js';
import { toSafe } from '../../src/core/errors.js';
import { isEligible, SETTING } from '../../src/core/population.js';
import { parseDate } from '../../src/core/dates.js';

// Expected numbers come from test/fixtures/data/synthea-counts.py (Python standard library
// only, run on the committed export; its output is committed as synthea-counts.json).
const dir = fileURLToPath(new URL('../fixtures/data/synthea-unmc-crane-111/', import.meta.url));
const expected = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/data/synthea-counts.json', import.meta.url)), 'utf8')) as Record<string, number>;
const text = (f: string) => readFileSync(dir + f, 'utf8');
const tables = { patients: text('patients.csv'), encounters: text('encounters.csv'), conditions: text('conditions.csv'), medications: text('medications.csv') };
const REF = '2023-10-16'; // the last encounter START in the export
const safeLoad = (t: SyntheaTables) => toSafe(() => fromSyntheaTables(t));

describe('fromSyntheaTables on the 111-person Synthea export', () => {
  const r = fromSyntheaTables(tables, { referenceDate: REF });
  const pop = r.population;
  const act = pop.activity;
  const count = (pred: (k: number) => boolean) => {
    let n = 0;
    for (let k = 0; k < act.date.length; k++) if (pred(k)) n++;
    return n;
  };
  it('fromSyntheaTables accepts all 111 patients with their sex and deaths', () => {
    expect(pop.size).toBe(expected['patients']);
    expect(r.summary.patients.rowsRejected).toBe(0);
    expect(Array.from(pop.columns.sex).filter((s) => s === 1).length).toBe(expected['female']);
    expect(Array.from(pop.columns.deathDate).filter((d) => d !== 2147483647).length).toBe(expected['deaths']);
  });
  it('fromSyntheaTables maps encounter classes to settings and leaves hospice and SNF out, counted', () => {
    expect(r.synthea.skippedEncounters).toEqual({ hospice: expected['hospice'], snf: expected['snf'] });
    expect(r.summary.activity.rowsIn + expected['hospice']! + expected['snf']!).toBe(expected['encounters']);
    expect(r.summary.activity.rowsRejected).toBe(0);
    expect(count((k) => act.setting[k] === SETTING.ae)).toBe(expected['ae']);
    expect(count((k) => act.setting[k] === SETTING.inpatient)).toBe(expected['inpatient']);
    expect(count((k) => act.setting[k] === SETTING.outpatient)).toBe(expected['outpatient']);
    expect(count((k) => act.setting[k] === SETTING.gp)).toBe(expected['gp']);
  });
  it('fromSyntheaTables flags an inpatient stay as emergency when it starts on or the day after an emergency encounter', () => {
    expect(count((k) => act.setting[k] === SETTING.inpatient && act.emergency[k] === 1)).toBe(expected['emergencyAdmissions']);
    let beds = 0;
    for (let k = 0; k < act.date.length; k++) if (act.setting[k] === SETTING.inpatient) beds += act.bedDays[k]!;
    expect(beds).toBe(expected['inpatientBedDays']);
  });
  it('fromSyntheaTables gives ICD-10 diagnoses only where a reason code is mapped', () => {
    expect(r.summary.nonIcd10Diagnoses).toBe(0);
    expect(act.diagnoses).toContain('I500'); // chronic congestive heart failure admissions
    expect(act.diagnoses).toContain('J459'); // asthma
  });
  it('fromSyntheaTables derives practices from the organisation of most primary-care encounters', () => {
    expect(pop.practices.length).toBe(expected['practices']);
    const single = fromSyntheaTables(tables, { referenceDate: REF, practice: 'single' });
    expect(single.population.practices).toEqual(['SYNTHEA']);
    const named = fromSyntheaTables(tables, { referenceDate: REF, practice: 'single', practiceCode: 'Y00001' });
    expect(named.population.practices).toEqual(['Y00001']);
    expect(Array.from(named.population.columns.practice).every((p) => p === 0)).toBe(true);
  });
  it("fromSyntheaTables loads synthetic people without an opt-out column: provenance 'synthetic', no refusal, no warning", () => {
    const r = fromSyntheaTables(tables, { referenceDate: REF });
    expect(r.population.provenance.optOuts).toBe('synthetic');
    expect(r.summary.optOuts).toBe('synthetic');
    expect(r.warnings).toEqual([]);
  });
  it('fromSyntheaTables reports every column of every Synthea file: the ones its mapping reads (rule synthea) and the rest ignored', () => {
    const r = fromSyntheaTables(tables, { referenceDate: REF });
    const used = r.summary.columns.filter((c) => c.use === 'field').map((c) => `${c.file}:${c.column}->${c.field}`);
    expect(used).toEqual([
      'patients.csv:Id->id', 'patients.csv:BIRTHDATE->birthDate', 'patients.csv:DEATHDATE->deathDate', 'patients.csv:RACE->ethnicity', 'patients.csv:GENDER->sex',
      'encounters.csv:START->date', 'encounters.csv:STOP->dischargeDate', 'encounters.csv:PATIENT->patientId', 'encounters.csv:ORGANIZATION->patients.practiceId',
      'encounters.csv:ENCOUNTERCLASS->setting', 'encounters.csv:TOTAL_CLAIM_COST->cost', 'encounters.csv:REASONCODE->primaryDiagnosis',
      'conditions.csv:START->date', 'conditions.csv:STOP->resolvedDate', 'conditions.csv:PATIENT->patientId', 'conditions.csv:CODE->code',
      'medications.csv:START->date', 'medications.csv:STOP->endDate', 'medications.csv:PATIENT->patientId', 'medications.csv:CODE->code',
    ]);
    expect(r.summary.columns.filter((c) => c.use !== 'field').every((c) => c.use === 'ignored')).toBe(true);
    const header = (t: string) => t.slice(0, t.indexOf('\n')).trim().split(',').length;
    expect(r.summary.columns.length).toBe(header(tables.patients) + header(tables.encounters) + header(tables.conditions!) + header(tables.medications!));
    // with everyone in one practice, ORGANIZATION is not read
    const single = fromSyntheaTables(tables, { referenceDate: REF, practice: 'single' });
    expect(single.summary.columns.find((c) => c.column === 'ORGANIZATION')!.use).toBe('ignored');
  });
  it('fromSyntheaTables reproduces the README recipe: 97 eligible at 2022-10-16, 12 with an emergency or inpatient encounter in the next 365 days', () => {
    const index = parseDate('2022-10-16')!;
    let eligible = 0;
    let outcome = 0;
    for (let i = 0; i < pop.size; i++) {
      if (!isEligible(pop, i, index)) continue;
      eligible++;
      let any = false;
      for (let k = act.offsets[i]!; k < act.offsets[i + 1]!; k++) {
        if ((act.setting[k] === SETTING.ae || act.setting[k] === SETTING.inpatient) && act.date[k]! > index && act.date[k]! <= index + 365) any = true;
      }
      if (any) outcome++;
    }
    expect(eligible).toBe(expected['eligibleAtIndex']);
    expect(outcome).toBe(expected['outcomePeople']);
  });
  it('fromSyntheaTables keeps only long-term conditions and counts the (finding)/(situation) rows it skips', () => {
    const skipped = Object.values(r.synthea.skippedConditions).reduce((a, b) => a + b, 0);
    expect(r.summary.conditions.rowsIn + skipped).toBe(expected['conditions']);
    expect(r.synthea.skippedConditions['finding']).toBe(expected['conditionFindingRows']);
    expect(r.synthea.skippedConditions['situation']).toBeGreaterThan(1000); // "Medication review due (situation)" alone is 1,493 rows
    const c = pop.conditions;
    const hyp = c.codes.indexOf('hypertension');
    expect(Array.from(c.code).filter((x) => x === hyp).length).toBe(expected['hypertensionRows']);
    expect(c.codes).not.toContain('Full-time employment (finding)');
  });
  it('fromSyntheaTables reports the medication rows that break the rules instead of dropping them', () => {
    expect(r.summary.medications.rowsIn).toBe(expected['medications']);
    expect(r.summary.issuesByCode.future_date).toBe(expected['medicationsStartAfterRef']);
    expect(r.summary.issuesByCode.end_before_start).toBe(expected['medicationsEndBeforeStart']);
    expect(r.rejected.every((i) => i.file === 'medications.csv')).toBe(true);
    expect(r.rejected[0]!.row).toBeGreaterThan(1); // file row numbers, not positions
  });
  it('fromSyntheaTables refuses a table that is not in the Synthea layout, naming the missing column', () => {
    const e = safeLoad({ patients: 'Id,BIRTHDATE\nx,2000-01-01\n', encounters: tables.encounters });
    expect(!e.ok && e.error.code).toBe('missing_column');
    expect(!e.ok && e.error.message).toContain('GENDER');
  });
  it('fromSyntheaTables reports a ragged encounter row by its file row and file name', () => {
    const lines = tables.encounters.split('\n');
    lines[3] = lines[3]!.split(',').slice(0, 5).join(',');
    const bad = fromSyntheaTables({ patients: tables.patients, encounters: lines.join('\n') }, { referenceDate: REF });
    expect(bad.rejected.map((i) => [i.source, i.file, i.row, i.code])).toEqual([['activity', 'encounters.csv', 3, 'ragged_row']]);
    expect(bad.summary.activity.rowsIn).toBe(r.summary.activity.rowsIn);
  });
});
