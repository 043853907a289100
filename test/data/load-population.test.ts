import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { fromCSV, table } from 'arquero';
import { loadFromRawSources, loadPopulation, OPTED_OUT_ID_WITHHELD, safeLoadPopulation, type LoadPopulationResult } from '../../src/data/load-population.js';
import { csvSource } from '../../src/data/read-source.js';
import { asciiBytes } from '../../src/data/scan-csv.js';
import { PatientRecord } from '../../src/schema/patient-record.js';
import { isRiskStratifyError } from '../../src/core/errors.js';
import { NO_DATE, parseDate } from '../../src/core/dates.js';

const REF = '2024-04-01';
const PH = 'id,practiceId,sex,birthDate,deathDate,registeredFrom,registeredTo,imdDecile,careHome,optedOut,ethnicity';
const GOOD = 'p1,A1,F,1950-02-01,,2000-01-01,,3,N,0,White';
const AH = 'patientId,date,setting,emergency,dischargeDate,bedDays,primaryDiagnosis,cost';

/** `source:row:field:code` for each issue. */
const issuesOf = (r: LoadPopulationResult) => r.rejected.map((i) => `${i.source}:${i.row}:${i.field}:${i.code}`);

function onePatient(row: string, options: Parameters<typeof loadPopulation>[1] = { referenceDate: REF }) {
  return loadPopulation({ patients: `${PH}\n${GOOD}\n${row}\n` }, options);
}

describe('loadPopulation: patients', () => {
  it('loadPopulation accepts a valid patients CSV and fills the columnar population', () => {
    const r = loadPopulation({ patients: `${PH}\n${GOOD}\np2,A2,male,15/06/1980,,,,,yes,Y,\n` }, { referenceDate: REF });
    expect(r.rejected).toEqual([]);
    const p = r.population;
    expect(p.ids).toEqual(['p1', 'p2']);
    expect(p.practices).toEqual(['A1', 'A2']);
    expect(Array.from(p.columns.sex)).toEqual([1, 2]);
    expect(p.columns.birthDate[1]).toBe(parseDate('1980-06-15'));
    expect(p.columns.registeredFrom[1]).toBe(parseDate('1980-06-15')); // blank: registered from birth
    expect(p.columns.registeredTo[0]).toBe(NO_DATE);
    expect(Array.from(p.columns.imdDecile)).toEqual([3, 0]);
    expect(Array.from(p.columns.careHome)).toEqual([0, 1]);
    expect(Array.from(p.columns.optedOut)).toEqual([0, 1]);
    expect(p.ethnicities[p.columns.ethnicity[0]!]).toBe('White');
    expect(p.columns.ethnicity[1]).toBe(0);
    expect(r.summary.patients).toEqual({ provided: true, rowsIn: 2, rowsAccepted: 2, rowsRejected: 0 });
    expect(r.summary.referenceDate).toBe(REF);
  });
  it.each([
    ['a blank id', ',A1,F,1950-01-01,,,,,,,', 'id', 'missing_value'],
    ['a blank practice', 'p2,,F,1950-01-01,,,,,,,', 'practiceId', 'missing_value'],
    ['an unknown sex code', 'p2,A1,Q,1950-01-01,,,,,,,', 'sex', 'unknown_sex'],
    ['an impossible date', 'p2,A1,F,1950-02-30,,,,,,,', 'birthDate', 'invalid_date'],
    ['a US-style date', 'p2,A1,F,02/30/1950,,,,,,,', 'birthDate', 'invalid_date'],
    ['no birth date', 'p2,A1,F,,,,,,,,', 'birthDate', 'missing_value'],
    ['a birth in the future', 'p2,A1,F,2024-04-02,,,,,,,', 'birthDate', 'impossible_age'],
    ['an age of 121, above maxAge 120', 'p2,A1,F,1903-04-01,,,,,,,', 'birthDate', 'impossible_age'],
    ['a death before birth', 'p2,A1,F,1950-01-01,1949-12-31,,,,,,', 'deathDate', 'before_birth'],
    ['a death in the future', 'p2,A1,F,1950-01-01,2025-01-01,,,,,,', 'deathDate', 'future_date'],
    ['a registration before birth', 'p2,A1,F,1950-01-01,,1949-01-01,,,,,', 'registeredFrom', 'before_birth'],
    ['a registration in the future', 'p2,A1,F,1950-01-01,,2024-05-01,,,,,', 'registeredFrom', 'future_date'],
    ['a registration ending before it starts', 'p2,A1,F,1950-01-01,,2000-01-01,1999-01-01,,,,', 'registeredTo', 'end_before_start'],
    ['a registration ending in the future', 'p2,A1,F,1950-01-01,,2000-01-01,2024-06-01,,,,', 'registeredTo', 'future_date'],
    ['IMD decile 0', 'p2,A1,F,1950-01-01,,,,0,,,', 'imdDecile', 'imd_out_of_range'],
    ['IMD decile 11', 'p2,A1,F,1950-01-01,,,,11,,,', 'imdDecile', 'imd_out_of_range'],
    ['IMD decile 2.5', 'p2,A1,F,1950-01-01,,,,2.5,,,', 'imdDecile', 'imd_out_of_range'],
    ['a care-home flag that is not yes/no', 'p2,A1,F,1950-01-01,,,,,maybe,,', 'careHome', 'invalid_boolean'],
    ['an opt-out flag that is not yes/no', 'p2,A1,F,1950-01-01,,,,,,2,', 'optedOut', 'invalid_boolean'],
    ['a repeated id', 'p1,A9,M,1960-01-01,,,,,,,', 'id', 'duplicate_id'],
  ])('loadPopulation rejects a patient with %s (row "%s") as %s: %s', (_what, row, field, code) => {
    const r = onePatient(row);
    expect(issuesOf(r)).toEqual([`patients:2:${field}:${code}`]);
    expect(r.population.ids).toEqual(['p1']);
    expect(r.summary.patients).toEqual({ provided: true, rowsIn: 2, rowsAccepted: 1, rowsRejected: 1 });
  });
  it('loadPopulation keeps the FIRST valid row of a repeated id and names it in the message', () => {
    const r = onePatient('p1,A9,M,1960-01-01,,,,,,,');
    expect(r.population.practices).toEqual(['A1']);
    expect(r.rejected[0]!.message).toContain('row 1, which is kept');
    // an invalid first row does not win: the later valid row is kept
    const s = loadPopulation({ patients: `${PH}\np1,A1,Q,1950-01-01,,,,,,,\np1,A2,F,1950-01-01,,,,,,,\n` }, { referenceDate: REF });
    expect(issuesOf(s)).toEqual(['patients:1:sex:unknown_sex']);
    expect(s.population.practices).toEqual(['A2']);
  });
  it('loadPopulation measures impossible ages against maxAge and the reference date (or death)', () => {
    expect(issuesOf(onePatient('p2,A1,F,1933-04-01,,,,,,,', { referenceDate: REF, maxAge: 90 }))).toEqual(['patients:2:birthDate:impossible_age']); // 91
    expect(onePatient('p2,A1,F,1933-04-02,,,,,,,', { referenceDate: REF, maxAge: 90 }).rejected).toEqual([]); // 90 until tomorrow
    expect(onePatient('p2,A1,F,1934-01-01,2020-01-01,,,,,,', { referenceDate: REF, maxAge: 90 }).rejected).toEqual([]); // died aged 86
    expect(onePatient('p2,A1,F,1904-04-01,,,,,,,').rejected).toEqual([]); // exactly 120 on 2024-04-01
  });
  it('loadPopulation lists several issues for one row but counts the row once', () => {
    const r = onePatient('p2,,Q,1950-02-30,,,,11,,,');
    expect(issuesOf(r)).toEqual(['patients:2:practiceId:missing_value', 'patients:2:sex:unknown_sex', 'patients:2:birthDate:invalid_date', 'patients:2:imdDecile:imd_out_of_range']);
    expect(r.summary.patients.rowsRejected).toBe(1);
    expect(r.summary.issuesByCode.unknown_sex).toBe(1);
  });
  it('loadPopulation accepts a birth year alone, placing birth on 1 July', () => {
    const r = loadPopulation({ patients: 'id,practiceId,birthYear,optedOut\np1,A,1950,N\np2,A,19x0,N\n' }, { referenceDate: REF });
    expect(r.population.columns.birthDate[0]).toBe(parseDate('1950-07-01'));
    expect(issuesOf(r)).toEqual(['patients:2:birthYear:invalid_date']);
  });
});

describe('loadPopulation: events', () => {
  const patients = `${PH}\n${GOOD}\np2,A1,M,2000-01-01,,,,,,,\nbad,A1,Q,2000-01-01,,,,,,,\n`;
  const act = (row: string) => loadPopulation({ patients, activity: `${AH}\np1,2024-01-01,inpatient,21,2024-01-05,,J44.1,1000\n${row}\n` }, { referenceDate: REF });
  it('loadPopulation stores activity per person with bed days from the discharge date and a normalised diagnosis', () => {
    const r = act('p1,01/12/2023,ae,,,,,');
    expect(issuesOf(r)).toEqual(['patients:3:sex:unknown_sex']); // the 'bad' patient, on purpose
    const a = r.population.activity;
    expect(Array.from(a.offsets)).toEqual([0, 2, 2]);
    expect(Array.from(a.setting)).toEqual([1, 0]); // sorted by date: A&E on 1 Dec before the admission
    expect(Array.from(a.emergency)).toEqual([1, 1]);
    expect(a.bedDays[1]).toBe(4);
    expect(a.diagnoses[a.diagnosis[1]!]).toBe('J441');
    expect(a.diagnosis[0]).toBe(-1);
    expect(a.cost[1]).toBe(1000);
    expect(Number.isNaN(a.cost[0])).toBe(true);
  });
  it.each([
    ['an unknown patient', 'zz,2024-01-01,gp,,,,,', 'patientId', 'unknown_patient'],
    ['a patient whose row was rejected', 'bad,2024-01-01,gp,,,,,', 'patientId', 'patient_rejected'],
    ['a blank patient id', ',2024-01-01,gp,,,,,', 'patientId', 'missing_value'],
    ['a discharge before admission', 'p1,2024-01-10,inpatient,11,2024-01-09,,,', 'dischargeDate', 'discharge_before_admission'],
    ['negative bed days', 'p1,2024-01-10,inpatient,11,,-1,,', 'bedDays', 'negative_bed_days'],
    ['bed days that are not a number', 'p1,2024-01-10,inpatient,11,,two,,', 'bedDays', 'invalid_number'],
    ['a date in the future', 'p1,2024-04-02,gp,,,,,', 'date', 'future_date'],
    ['a discharge in the future', 'p1,2024-03-30,inpatient,21,2024-04-03,,,', 'dischargeDate', 'future_date'],
    ['a date before birth', 'p2,1999-12-31,gp,,,,,', 'date', 'before_birth'],
    ['an invalid date', 'p1,2024-13-01,gp,,,,,', 'date', 'invalid_date'],
    ['an unknown setting', 'p1,2024-01-01,ward,,,,,', 'setting', 'unknown_setting'],
    ['a blank setting', 'p1,2024-01-01,,,,,,', 'setting', 'missing_value'],
    ['an unknown admission method', 'p1,2024-01-01,inpatient,99,,,,', 'emergency', 'invalid_admission_method'],
    ['a negative cost', 'p1,2024-01-01,gp,,,,,-5', 'cost', 'invalid_number'],
  ])('loadPopulation rejects an activity row with %s (row "%s") as %s: %s', (_what, row, field, code) => {
    const r = act(row);
    expect(issuesOf(r).filter((s) => s.startsWith('activity'))).toEqual([`activity:2:${field}:${code}`]);
    expect(r.summary.activity).toEqual({ provided: true, rowsIn: 2, rowsAccepted: 1, rowsRejected: 1 });
    expect(r.population.activity.date.length).toBe(1);
  });
  it('loadPopulation keeps a diagnosis that is not ICD-10 and counts it in the summary', () => {
    const r = act('p1,2024-01-01,outpatient,,,,195967001,');
    expect(r.summary.activity.rowsRejected).toBe(0);
    expect(r.population.activity.diagnoses).toContain('195967001');
    expect(r.summary.nonIcd10Diagnoses).toBe(1);
  });
  it('loadPopulation reads conditions as clusters, or maps clinical codes through conditionCodes; a code in neither is counted, not rejected', () => {
    const conditions = 'patientId,code,date,resolvedDate\np1,COPD,2010-01-01,\np1,asthma,2010-01-01,2009-01-01\np2,HF,2024-05-01,\n';
    const r = loadPopulation({ patients, conditions }, { referenceDate: REF });
    // HF is not a cluster the features know (a QOF abbreviation): never taken as one (row 3 is rejected for its future date)
    expect(issuesOf(r).filter((s) => s.startsWith('conditions'))).toEqual(['conditions:2:resolvedDate:end_before_start', 'conditions:3:date:future_date']);
    expect(r.population.conditions.codes).toEqual(['COPD']);
    const m = loadPopulation({ patients, conditions: 'patientId,code,date\np1,195967001,2010-01-01\np1,999,2010-01-01\np1,COPD,2010-01-01\n' }, { referenceDate: REF, conditionCodes: { '195967001': 'asthma' } });
    expect(m.population.conditions.codes).toEqual(['asthma', 'COPD']); // a known cluster needs no mapping
    expect(issuesOf(m).filter((s) => s.startsWith('conditions'))).toEqual([]);
    expect(m.summary.unknownConditionCodes.top).toEqual([{ code: '999', rows: 1, people: 1 }]);
  });
  it('loadPopulation reads medications, allowing an end date after the reference date (a course still running)', () => {
    const medications = 'patientId,date,endDate,code\np1,2024-03-20,2024-04-17,0212\np1,2024-03-20,2024-03-01,0212\n';
    const r = loadPopulation({ patients, medications }, { referenceDate: REF });
    expect(issuesOf(r).filter((s) => s.startsWith('medications'))).toEqual(['medications:2:endDate:end_before_start']);
    expect(r.population.medications!.endDate[0]).toBe(parseDate('2024-04-17'));
    expect(r.population.medications!.codes).toEqual(['0212']);
  });
});

describe('loadPopulation: malformed CSV and columns', () => {
  it('loadPopulation rejects ragged and badly quoted rows with their row number, never throwing', () => {
    const r = loadPopulation({ patients: `${PH}\n${GOOD}\np2,A1,F\np3,A1,F,1950-01-01,,,,,,,"White"x\np4,A1,F,1950-01-01,,,,,,,\n` }, { referenceDate: REF });
    expect(issuesOf(r)).toEqual(['patients:2::ragged_row', 'patients:3::bad_quoting']);
    expect(r.population.ids).toEqual(['p1', 'p4']);
    expect(r.rejected[0]!.message).toContain('line 3');
  });
  it('loadPopulation reports an empty patients text as empty_file (row 0) and rejects dependent rows as a whole', () => {
    const r = loadPopulation({ patients: '', activity: `${AH}\np1,2024-01-01,gp,,,,,\n` }, { referenceDate: REF });
    expect(issuesOf(r)).toEqual(['patients:0::empty_file', 'activity:0::patients_unavailable']);
    expect(r.population.size).toBe(0);
    expect(r.summary.activity).toEqual({ provided: true, rowsIn: 1, rowsAccepted: 0, rowsRejected: 1 });
  });
  it('loadPopulation reports a missing required column once (row 0) and rejects every row of that source', () => {
    const r = loadPopulation({ patients: 'id,sex,birthDate,optedOut\np1,F,1950-01-01,N\np2,M,1950-01-01,N\n' }, { referenceDate: REF });
    expect(issuesOf(r)).toEqual(['patients:0:practiceId:missing_column']);
    expect(r.summary.patients).toEqual({ provided: true, rowsIn: 2, rowsAccepted: 0, rowsRejected: 2 });
    const a = loadPopulation({ patients: `${PH}\n${GOOD}\n`, activity: 'patientId,setting\np1,gp\n' }, { referenceDate: REF });
    expect(issuesOf(a)).toEqual(['activity:0:date:missing_column']);
    expect(loadPopulation({ patients: 'id,practiceId,optedOut\np1,A,N\n' }, { referenceDate: REF }).rejected[0]!.field).toBe('birthDate');
  });
  it('loadPopulation maps columns per source, and reports a mapping to a column that is not there', () => {
    const r = loadPopulation({
      patients: 'nhs_pseudo_id,gp_code,dob,national_opt_out\nx1,P9,01/02/1950,N\n',
      activity: 'who,admidate,pod\nx1,2024-01-01,A&E\n',
    }, { referenceDate: REF, columns: { patients: { id: 'nhs_pseudo_id', practiceId: 'gp_code' }, activity: { patientId: 'who' } } });
    expect(r.rejected).toEqual([]);
    expect(r.population.ids).toEqual(['x1']);
    expect(r.population.columns.birthDate[0]).toBe(parseDate('1950-02-01')); // 'dob' alias, dd/mm/yyyy
    expect(r.population.activity.setting[0]).toBe(1);
    const bad = loadPopulation({ patients: `${PH}\n${GOOD}\n` }, { referenceDate: REF, columns: { patients: { id: 'nhs_pseudo_id' } } });
    expect(issuesOf(bad)).toEqual(['patients:0:id:missing_column']);
  });
  it('loadPopulation takes a flat columns mapping, applied to every source that has the field', () => {
    const r = loadPopulation({
      patients: 'pid,practiceId,birthDate,opt_out\nx1,P9,1950-01-01,N\n',
      activity: 'pid,date,setting\nx1,2024-01-01,gp\n',
      conditions: 'pid,code,date\nx1,COPD,2020-01-01\n',
    }, { referenceDate: REF, columns: { id: 'pid', patientId: 'pid' } });
    expect(r.rejected).toEqual([]);
    expect(r.population.ids).toEqual(['x1']);
    expect([r.summary.activity.rowsAccepted, r.summary.conditions.rowsAccepted]).toEqual([1, 1]);
  });
  it('loadPopulation matches header names loosely (case, underscores, spaces)', () => {
    const r = loadPopulation({ patients: 'ID,Practice_Id,Birth Date,IMD_DECILE,Opted Out\np1,A,1950-01-01,4,Yes\n' }, { referenceDate: REF });
    expect(r.rejected).toEqual([]);
    expect(r.population.columns.imdDecile[0]).toBe(4);
    expect(r.population.columns.optedOut[0]).toBe(1);
    expect(r.summary.columns.map((c) => `${c.column}:${c.field}:${c.rule}`)).toEqual(['ID:id:loose', 'Practice_Id:practiceId:loose', 'Birth Date:birthDate:loose', 'IMD_DECILE:imdDecile:loose', 'Opted Out:optedOut:loose']);
  });
});

describe('loadPopulation: records and arquero tables', () => {
  it('loadPopulation takes arrays of records (dates as strings, Dates or day numbers) without mutating them', () => {
    const patients = Object.freeze([
      Object.freeze({ id: 'p1', practiceId: 'A', sex: 'F', birthDate: new Date(Date.UTC(1950, 1, 1)), careHome: true, optedOut: false }),
      Object.freeze({ id: 'p2', practiceId: 'A', sex: 2, birthDate: '01/01/1960', imdDecile: 5, optedOut: 'N' }),
      Object.freeze({ id: 'p3', practiceId: 'A', sex: 'M', birthDate: 'never', optedOut: 0 }),
      null,
    ]);
    const before = JSON.stringify(patients);
    const r = loadPopulation({ patients: patients as unknown as readonly unknown[] }, { referenceDate: REF });
    expect(JSON.stringify(patients)).toBe(before);
    expect(r.population.ids).toEqual(['p1', 'p2']);
    expect(r.population.columns.birthDate[0]).toBe(parseDate('1950-02-01'));
    expect(Array.from(r.population.columns.sex)).toEqual([1, 1]);
    expect(issuesOf(r)).toEqual(['patients:3:birthDate:invalid_date', 'patients:4::invalid_record']);
  });
  it('loadPopulation takes arquero tables (duck-typed), including the Date and number values fromCSV parses', () => {
    const patients = fromCSV(`${PH}\n${GOOD}\np2,A2,M,1980-06-15,,,,7,,,\n`);
    const activity = table({ patientId: ['p1', 'p2', 'p3'], date: ['2024-01-01', '2024-02-01', '2024-01-01'], setting: ['gp', 'outpatient', 'gp'] });
    const r = loadPopulation({ patients, activity }, { referenceDate: REF });
    expect(r.population.ids).toEqual(['p1', 'p2']);
    expect(r.population.columns.birthDate[1]).toBe(parseDate('1980-06-15'));
    expect(Array.from(r.population.columns.imdDecile)).toEqual([3, 7]);
    expect(issuesOf(r)).toEqual(['activity:3:patientId:unknown_patient']);
  });
});

describe('loadPopulation: errors and options', () => {
  it('loadPopulation refuses a file path with an unsupported error that points to risk-stratify/node', () => {
    const r = safeLoadPopulation({ patients: 'data/patients.csv' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('unsupported');
      expect(r.error.message).toContain('risk-stratify/node');
      expect(r.error.path).toEqual(['patients']);
    }
  });
  it('loadPopulation refuses bad options and bad source kinds with a RiskStratifyError naming the field', () => {
    const e1 = safeLoadPopulation({ patients: [] }, { maxAge: -1 });
    expect(!e1.ok && e1.error.code === 'invalid_options' && e1.error.path.join('.')).toBe('options.maxAge');
    const e2 = safeLoadPopulation({ patients: [] }, { columns: { patients: { nhs: 'x' } } as never });
    expect(!e2.ok && e2.error.code).toBe('invalid_options');
    const e3 = safeLoadPopulation({ patients: [] }, { referenceDate: '31/02/2024' });
    expect(!e3.ok && e3.error.path.join('.')).toBe('options.referenceDate');
    const e4 = safeLoadPopulation({ patients: 42 as never });
    expect(!e4.ok && e4.error.code).toBe('invalid_input');
    try {
      loadPopulation({ patients: 42 as never });
    } catch (e) {
      expect(isRiskStratifyError(e)).toBe(true);
    }
  });
  it('loadPopulation reports progress up to (total, total)', () => {
    const calls: Array<[number, number]> = [];
    loadPopulation({ patients: `${PH}\n${GOOD}\n`, activity: `${AH}\np1,2024-01-01,gp,,,,,\np1,2024-01-02,gp,,,,,\n` }, { referenceDate: REF, onProgress: (d, t) => calls.push([d, t]) });
    expect(calls.at(-1)).toEqual([3, 3]);
    expect(calls.map((c) => c[0])).toEqual([...calls.map((c) => c[0])].sort((a, b) => a - b));
  });
  it('loadPopulation reads a header-only text (no line end) as CSV with zero rows, not as a path', () => {
    const r = loadPopulation({ patients: 'id,practiceId,birthDate,optedOut' }, { referenceDate: REF });
    expect(r.population.size).toBe(0);
    expect(r.rejected).toEqual([]);
    expect(r.summary.patients).toEqual({ provided: true, rowsIn: 0, rowsAccepted: 0, rowsRejected: 0 });
  });
  it('loadPopulation defaults the reference date to today (UTC)', () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(loadPopulation({ patients: [] }).summary.referenceDate).toBe(today);
  });
});

// ---- properties over random mixes of good and bad rows ----

type PatientKind = 'good' | 'badSex' | 'badDate' | 'badImd' | 'noPractice' | 'future' | 'dup';
type ActivityKind = 'good' | 'unknown' | 'badSetting' | 'negBeds' | 'dischargeBefore' | 'future' | 'ragged';

function buildInput(pk: PatientKind[], ak: Array<[ActivityKind, number]>) {
  const pLines: string[] = [];
  const goodIds: string[] = [];
  pk.forEach((k, i) => {
    const id = `p${i}`;
    const birth = `19${String(10 + (i % 80)).padStart(2, '0')}-0${1 + (i % 9)}-15`;
    if (k === 'good') goodIds.push(id);
    const line = {
      good: `${id},A${i % 3},F,${birth},,,,${1 + (i % 10)},0,0,`,
      badSex: `${id},A1,Z,${birth},,,,,,,`,
      badDate: `${id},A1,M,${birth.slice(0, 8)}32,,,,,,,`,
      badImd: `${id},A1,M,${birth},,,,12,,,`,
      noPractice: `${id},,M,${birth},,,,,,,`,
      future: `${id},A1,M,2030-01-01,,,,,,,`,
      dup: goodIds.length > 0 ? `${goodIds[0]},A1,M,${birth},,,,,,,` : `${id},A1,Z,${birth},,,,,,,`,
    }[k];
    pLines.push(line);
  });
  const aLines: string[] = [];
  let goodActivity = 0;
  for (const [k, j] of ak) {
    const pid = goodIds.length > 0 ? goodIds[j % goodIds.length]! : 'nobody';
    const kind = goodIds.length === 0 && k === 'good' ? 'unknown' : k;
    if (kind === 'good') goodActivity++;
    aLines.push({
      good: `${pid},2023-0${1 + (j % 9)}-0${1 + (j % 9)},${['inpatient', 'ae', 'outpatient', 'gp'][j % 4]},${j % 2},,,I50.${j % 10},${j}`,
      unknown: `ghost${j},2023-01-01,gp,,,,,`,
      badSetting: `${pid},2023-01-01,ward,,,,,`,
      negBeds: `${pid},2023-01-01,inpatient,21,,-${1 + j},,`,
      dischargeBefore: `${pid},2023-01-05,inpatient,21,2023-01-0${1 + (j % 4)},,,`,
      future: `${pid},2025-01-01,gp,,,,,`,
      ragged: `${pid},2023-01-01`,
    }[kind]);
  }
  const goodPatients = pk.filter((k) => k === 'good').length;
  return { patients: `${PH}\n${pLines.join('\n')}\n`, activity: `${AH}\n${aLines.join('\n')}\n`, goodPatients, goodActivity };
}

const patientKinds = fc.array(fc.constantFrom<PatientKind>('good', 'good', 'good', 'badSex', 'badDate', 'badImd', 'noPractice', 'future', 'dup'), { maxLength: 25 });
const activityKinds = fc.array(fc.tuple(fc.constantFrom<ActivityKind>('good', 'good', 'good', 'unknown', 'badSetting', 'negBeds', 'dischargeBefore', 'future', 'ragged'), fc.nat(100)), { maxLength: 40 });

describe('loadPopulation: invariants', () => {
  test.prop([patientKinds, activityKinds])('rows in = rows accepted + rows rejected, and exactly the rows built bad are rejected', (pk, ak) => {
    const input = buildInput(pk, ak);
    const r = loadPopulation({ patients: input.patients, activity: input.activity }, { referenceDate: REF });
    for (const s of ['patients', 'activity'] as const) {
      const sum = r.summary[s];
      expect(sum.rowsIn).toBe(sum.rowsAccepted + sum.rowsRejected);
      const rows = new Set(r.rejected.filter((i) => i.source === s).map((i) => i.row));
      expect(rows.size).toBe(sum.rowsRejected);
    }
    expect(r.summary.patients.rowsIn).toBe(pk.length);
    expect(r.summary.activity.rowsIn).toBe(ak.length);
    expect(r.summary.patients.rowsAccepted).toBe(input.goodPatients);
    expect(r.population.size).toBe(input.goodPatients);
    expect(r.summary.activity.rowsAccepted).toBe(input.goodActivity);
    expect(r.population.activity.date.length).toBe(input.goodActivity);
  });
  test.prop([patientKinds, activityKinds, fc.nat()])('input order does not change the population (compared sorted by id)', (pk, ak, seed) => {
    const input = buildInput(pk.filter((k) => k !== 'dup'), ak);
    const shuffle = (text: string) => {
      const [head, ...lines] = text.trimEnd().split('\n');
      let s = seed;
      for (let i = lines.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) >>> 0;
        const j = s % (i + 1);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      }
      return [head, ...lines].join('\n') + '\n';
    };
    const a = loadPopulation({ patients: input.patients, activity: input.activity }, { referenceDate: REF });
    const b = loadPopulation({ patients: shuffle(input.patients), activity: shuffle(input.activity) }, { referenceDate: REF });
    const describe = (r: LoadPopulationResult) => {
      const p = r.population;
      const c = p.columns;
      const act = p.activity;
      return p.ids.map((id, i) => {
        const events: string[] = [];
        for (let k = act.offsets[i]!; k < act.offsets[i + 1]!; k++) {
          events.push([act.date[k], act.setting[k], act.emergency[k], act.bedDays[k], act.diagnosis[k]! >= 0 ? act.diagnoses[act.diagnosis[k]!] : '', act.cost[k]].join('|'));
        }
        return [id, p.practices[c.practice[i]!], c.sex[i], c.birthDate[i], c.imdDecile[i], events.sort().join(';')].join(',');
      }).sort();
    };
    expect(describe(b)).toEqual(describe(a));
    expect(b.rejected.length).toBe(a.rejected.length);
  });
  const junk = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.date({ noInvalidDate: false }));
  test.prop([fc.array(fc.record({ id: junk, practiceId: junk, sex: junk, birthDate: junk, deathDate: junk, imdDecile: junk, careHome: junk, registeredFrom: junk, optedOut: junk }), { maxLength: 15 }),
    fc.array(fc.record({ patientId: junk, date: junk, setting: junk, emergency: junk, bedDays: junk, dischargeDate: junk, cost: junk, primaryDiagnosis: junk }), { maxLength: 15 })])(
    'loading never throws for bad rows, whatever the values', (patients, activity) => {
      const r = loadPopulation({ patients, activity }, { referenceDate: REF });
      expect(r.summary.patients.rowsIn).toBe(patients.length);
      expect(r.summary.activity.rowsAccepted + r.summary.activity.rowsRejected).toBe(activity.length);
    });
  const field = (...values: unknown[]) => fc.constantFrom(...values);
  test.prop([fc.record({
    id: field('p1', '', ' ', 7), practiceId: field('A1', '', null), sex: field('F', 'male', '9', 'Q', '', undefined),
    birthDate: field('1950-01-01', '01/02/1960', '1950-02-30', '', undefined), birthYear: field(undefined, '1970', 'x'),
    deathDate: field(undefined, '', '2020-01-01', '1940-01-01', 'bad'), registeredFrom: field(undefined, '1990-01-01', '1930-01-01'),
    registeredTo: field(undefined, '2000-01-01', '1980-01-01'), imdDecile: field(undefined, '', 5, '10', 11, '0'),
    careHome: field(undefined, 'Y', 'no', 'maybe'), optedOut: field(undefined, true, 2), ethnicity: field(undefined, 'A', ''),
  })])('the PatientRecord schema accepts a record exactly when loadPopulation accepts it as a row', (rec) => {
    const clean = Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== undefined));
    const bySchema = PatientRecord.safeParse(clean).success;
    // the schema has no view on whether an opt-out column exists: say opt-outs were removed upstream
    const byLoader = loadPopulation({ patients: [clean] }, { referenceDate: '2030-01-01', maxAge: 150, optOuts: 'removed-upstream' }).population.size === 1;
    expect(byLoader).toBe(bySchema);
  });
});

describe('loadPopulation: CSV text and records agree', () => {
  const ethnicity = fc.string({ unit: fc.constantFrom('a', 'B', ' ', ',', '"', '\n', 'é'), maxLength: 8 });
  // flags in every form extracts use (and some they should not): the two paths must agree on each
  const flag = fc.constantFrom('Y', 'N', 'y', 'n', 'Yes', 'NO', 'yes', '1', '0', 'TRUE', 'False', 'true', 't', 'F', '', ' Y ', 'maybe', '2', 'Yess', 'on');
  const row = fc.record({ y: fc.integer({ min: 1905, max: 2023 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), uk: fc.boolean(), eth: ethnicity, quoteAll: fc.boolean(), sex: fc.constantFrom('F', 'M', 'female', ' U ', ''), opt: flag, care: flag });
  test.prop([fc.array(row, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r')])(
    'loadPopulation gives the same population from CSV text (any quoting, LF/CRLF/CR) as from the same records', (rows, eol) => {
      const pad = (n: number) => String(n).padStart(2, '0');
      const records = rows.map((r, i) => ({
        id: `p${i}`, practiceId: `A${i % 3}`, sex: r.sex, ethnicity: r.eth,
        birthDate: r.uk ? `${pad(r.d)}/${pad(r.m)}/${r.y}` : `${r.y}-${pad(r.m)}-${pad(r.d)}`,
        optedOut: r.opt, careHome: r.care,
      }));
      const q = (s: string, all: boolean) => (all || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
      const csv = ['id,practiceId,sex,ethnicity,birthDate,optedOut,careHome', ...records.map((rec, i) =>
        [rec.id, rec.practiceId, rec.sex, rec.ethnicity, rec.birthDate, rec.optedOut, rec.careHome].map((v) => q(v, rows[i]!.quoteAll)).join(','))].join(eol);
      const a = loadPopulation({ patients: csv }, { referenceDate: REF });
      const b = loadPopulation({ patients: records }, { referenceDate: REF });
      // the byte path (an ASCII file, as loadPopulationFromFiles reads it) too
      const ascii = asciiBytes(csv);
      const c = ascii === undefined ? a : loadFromRawSources('loadPopulation', { patients: csvSource(csv, ',', undefined, ascii) }, { referenceDate: REF });
      expect(a.summary.patients).toEqual(b.summary.patients);
      expect(c.summary.patients).toEqual(b.summary.patients);
      expect(a.rejected.map((i) => [i.row, i.field, i.code])).toEqual(b.rejected.map((i) => [i.row, i.field, i.code]));
      expect(c.rejected.map((i) => [i.row, i.field, i.code])).toEqual(b.rejected.map((i) => [i.row, i.field, i.code]));
      expect(Array.from(a.population.columns.optedOut)).toEqual(Array.from(b.population.columns.optedOut));
      expect(Array.from(c.population.columns.optedOut)).toEqual(Array.from(b.population.columns.optedOut));
      expect(Array.from(c.population.columns.careHome)).toEqual(Array.from(b.population.columns.careHome));
      expect(a.population.ids).toEqual(b.population.ids);
      expect(Array.from(a.population.columns.birthDate)).toEqual(Array.from(b.population.columns.birthDate));
      expect(Array.from(a.population.columns.sex)).toEqual(Array.from(b.population.columns.sex));
      const eth = (r: LoadPopulationResult) => Array.from(r.population.columns.ethnicity, (e) => r.population.ethnicities[e]);
      expect(eth(a)).toEqual(eth(b));
    });
});

describe('loadPopulation never lets an opted-out id out in an issue', () => {
  it("an opted-out person's id is withheld from every issue, whether their row was accepted or rejected", () => {
    const patients = [
      'id,practiceId,birthDate,registeredTo,deathDate,optedOut',
      'p1,A,01/01/1950,,,Y', // accepted, opted out
      'p1,A,01/01/1960,,,N', // a duplicate of p1: duplicate_id would show the id
      'p2,A,31/02/1950,,,Y', // rejected (impossible date), opted out
      'p3,A,01/01/1970,,,N',
      'p4,A,31/02/1950,,,N', // rejected, not opted out: its id may be shown
    ].join('\n');
    const activity = ['patientId,date,setting', 'p2,01/03/2024,ae', 'p4,01/03/2024,ae', 'p3,01/03/2024,ae'].join('\n');
    const r = loadPopulation({ patients, activity }, { referenceDate: '2024-04-01' });
    const values = r.rejected.map((i) => String(i.value));
    expect(values.join(' ')).not.toMatch(/\bp1\b|\bp2\b/);
    expect(r.rejected.filter((i) => i.value === OPTED_OUT_ID_WITHHELD).map((i) => [i.source, i.code])).toEqual([
      ['patients', 'duplicate_id'], ['activity', 'patient_rejected'],
    ]);
    expect(values).toContain('p4'); // ids of people who did not opt out are still shown, to find the row
    expect(r.summary.optedOutIdsWithheld).toBe(2);
    expect(r.summary.activity).toMatchObject({ rowsIn: 3, rowsAccepted: 1, rowsRejected: 2 });
  });
});

describe('loadPopulation: an interned column with more than 65,536 distinct values does not wrap', () => {
  it('70,000 distinct ethnicities: person P65536 keeps E65536 (16 bits would give them another person\'s)', () => {
    const n = 70_000;
    const lines = ['id,practiceId,birthDate,registeredTo,deathDate,optedOut,ethnicity'];
    for (let i = 0; i < n; i++) lines.push(`P${i},A,01/01/1970,,,N,E${i}`);
    const { population } = loadPopulation({ patients: lines.join('\n') }, { referenceDate: '2024-04-01' });
    for (const i of [0, 65_535, 65_536, 65_537, n - 1]) {
      const row = population.indexOf(`P${i}`);
      expect(population.ethnicities[population.columns.ethnicity[row]!]).toBe(`E${i}`);
    }
  });
});
