// Issue 20, part 1 (the corpus): the loader under unusual, malformed or hostile input. Each
// case named in the issue is reproduced here and the fixed behaviour asserted.
import { describe, expect, it } from 'vitest';
import { loadPopulation, safeLoadPopulation } from '../../src/data/load-population.js';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { populationToExtract } from '../../src/cli/extract-csv.js';
import { parseDecimal } from '../../src/schema/parse-decimal.js';
import { ActivityRecord } from '../../src/schema/activity-record.js';
import { parseImdDecile, parseBirthYear } from '../../src/schema/patient-record.js';
import { VALIDATION_CODES } from '../../src/schema/validation-issue.js';

const REF = '2024-03-31';
const PATIENTS = 'id,practiceId,birthDate,sex,optedOut\nP1,A1,1950-01-01,F,N\nP2,A1,1960-01-01,M,N\n';
const activity = (rows: string[]): string => `patientId,date,setting,dischargeDate,bedDays,cost\n${rows.join('\n')}\n`;

describe('numbers: finite and decimal only', () => {
  it('parseDecimal reads plain decimals and refuses hex, Infinity, NaN, separators, full-width digits and overflow', () => {
    expect(['12', ' 2.5 ', '-0.5', '.5', '1e3', '1.5E+2', '+3'].map(parseDecimal)).toEqual([12, 2.5, -0.5, 0.5, 1000, 150, 3]);
    for (const bad of ['0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '1_000', '1,000', '１２', '1e309', '', ' ', '1.2.3', 'e5', '٣'])
      expect(parseDecimal(bad), bad).toBeNaN();
    expect(parseDecimal(Number.POSITIVE_INFINITY)).toBeNaN();
    expect(parseDecimal(7)).toBe(7);
  });
  it('the IMD decile and the birth year are read as decimals too (0xA is not 10, 0x7AE is not 1966)', () => {
    expect(parseImdDecile('0xA')).toBe(-1);
    expect(parseImdDecile('１')).toBe(-1);
    expect(parseImdDecile(' 3 ')).toBe(3);
    expect(parseBirthYear('0x7AE')).toBeNaN();
    expect(parseBirthYear('1966')).toBe(1966);
  });
  it('loadPopulation rejects 1e309, Infinity, NaN, 0x10, １２ and 1_000 bed days or cost as invalid_number, naming field and value', () => {
    const bad = ['1e309', 'Infinity', 'NaN', '0x10', '１２', '1_000'];
    const rows = bad.flatMap((v) => [`P1,2024-01-01,inpatient,2024-01-20,${v},`, `P1,2024-01-01,inpatient,2024-01-20,3,${v}`]);
    const r = loadPopulation({ patients: PATIENTS, activity: activity(rows) }, { referenceDate: REF });
    expect(r.summary.activity).toEqual({ provided: true, rowsIn: 12, rowsAccepted: 0, rowsRejected: 12 });
    expect(r.rejected.map((i) => [i.row, i.field, i.value, i.code])).toEqual(bad.flatMap((v, k) => [
      [2 * k + 1, 'bedDays', v, 'invalid_number'], [2 * k + 2, 'cost', v, 'invalid_number'],
    ]));
    expect(r.rejected[0]!.message).toContain('finite decimal');
  });
  it('the record schema reads bed days with the same strict parser', () => {
    const res = ActivityRecord.safeParse({ patientId: 'p', date: '2024-01-01', setting: 'inpatient', bedDays: '0x10' });
    expect(res.success).toBe(false);
  });
});

describe('plausibility limits on bed days and cost', () => {
  it('1e308 and 3e38 bed days are rejected at load (implausible_bed_days), so no published rate can hold them', () => {
    const r = loadPopulation({ patients: PATIENTS, activity: activity(['P1,2024-01-01,inpatient,2024-01-05,1e308,', 'P1,2024-01-01,inpatient,,3e38,', 'P2,2024-01-01,inpatient,2024-01-05,4,']) }, { referenceDate: REF });
    expect(r.rejected.map((i) => [i.row, i.field, i.code])).toEqual([[1, 'bedDays', 'implausible_bed_days'], [2, 'bedDays', 'implausible_bed_days']]);
    expect(r.population.activity.bedDays[0]).toBe(4);
    expect(r.population.activity.bedDays.length).toBe(1);
  });
  it('bed days beyond the days from admission to discharge (or to the extract date), counting both ends, are implausible', () => {
    const r = loadPopulation({ patients: PATIENTS, activity: activity([
      'P1,2024-01-01,inpatient,2024-01-05,5,', // 4 nights, 5 days counting both: accepted
      'P1,2024-01-01,inpatient,2024-01-05,6,', // 6 > 5: rejected
      'P1,2024-03-01,inpatient,,31,', // still in: 2024-03-01..2024-03-31 is 31 days counting both
      'P1,2024-03-01,inpatient,,32,',
    ]) }, { referenceDate: REF });
    expect(r.rejected.map((i) => [i.row, i.code])).toEqual([[2, 'implausible_bed_days'], [4, 'implausible_bed_days']]);
    expect(r.rejected[0]!.message).toContain('5 day(s)');
    expect(r.rejected[1]!.message).toContain('extract');
  });
  it('maxBedDays and maxCost are documented defaults (3,650 days, 1,000,000) and configurable', () => {
    const rows = ['P1,2000-01-01,inpatient,2014-01-01,3700,', 'P1,2024-01-01,outpatient,,,1000001', 'P1,2024-01-01,outpatient,,,1000000'];
    const r = loadPopulation({ patients: PATIENTS, activity: activity(rows) }, { referenceDate: REF });
    expect(r.rejected.map((i) => [i.row, i.field, i.code])).toEqual([[1, 'bedDays', 'implausible_bed_days'], [2, 'cost', 'implausible_cost']]);
    const loose = loadPopulation({ patients: PATIENTS, activity: activity(rows) }, { referenceDate: REF, maxBedDays: 10_000, maxCost: 2e6 });
    expect(loose.rejected).toEqual([]);
    const tight = loadPopulation({ patients: PATIENTS, activity: activity(['P1,2024-01-01,inpatient,2024-01-05,4,500']) }, { referenceDate: REF, maxBedDays: 3, maxCost: 100 });
    expect(tight.rejected.map((i) => i.code)).toEqual(['implausible_bed_days', 'implausible_cost']);
    expect(safeLoadPopulation({ patients: PATIENTS }, { maxBedDays: -1 }).ok).toBe(false);
  });
  it('a synthetic extract (generatePopulation) has no implausible bed days or costs', () => {
    const { population, truth } = generatePopulation({ size: 5000, practices: 3, seed: 4 });
    const x = populationToExtract(population, undefined, truth.endDate);
    const r = loadPopulation({ patients: x.patients, activity: x.activity }, { referenceDate: truth.endDate });
    expect(r.summary.issuesByCode['implausible_bed_days'] ?? 0).toBe(0);
    expect(r.summary.issuesByCode['implausible_cost'] ?? 0).toBe(0);
  });
  it('every new reason code is in VALIDATION_CODES', () => {
    for (const c of ['implausible_bed_days', 'implausible_cost', 'invalid_encoding', 'repeated_column']) expect(VALIDATION_CODES).toContain(c);
  });
});

describe('repeated headers', () => {
  const refused = (patients: string, options = {}) => loadPopulation({ patients, activity: 'patientId,date,setting\nP1,2024-01-01,ae\n' }, { referenceDate: REF, ...options });
  it('optedOut twice, the second saying yes, is an error naming both columns: never silently the first', () => {
    const r = refused('id,practiceId,birthDate,optedOut,optedOut\nP1,A1,1950-01-01,N,Y\n');
    expect(r.population.size).toBe(0);
    expect(r.rejected.filter((i) => i.source === 'patients').map((i) => [i.row, i.field, i.code, i.value])).toEqual([[0, 'optedOut', 'repeated_column', 'optedOut, optedOut']]);
    expect(r.rejected[0]!.message).toContain('columns 4 and 5');
    // the events cannot be matched to anyone
    expect(r.summary.activity.rowsAccepted).toBe(0);
  });
  it('id twice and birthDate twice are errors too, as are two different headers for one field', () => {
    expect(refused('id,practiceId,birthDate,optedOut,id\nP1,A1,1950-01-01,N,P9\n').rejected[0]).toMatchObject({ row: 0, field: 'id', code: 'repeated_column' });
    expect(refused('id,practiceId,birthDate,birthDate,optedOut\nP1,A1,1950-01-01,1990-01-01,N\n').rejected[0]).toMatchObject({ row: 0, field: 'birthDate', code: 'repeated_column' });
    const two = refused('id,nhs_pseudo_id,practiceId,birthDate,optedOut\nP1,P2,A1,1950-01-01,N\n');
    expect(two.rejected[0]).toMatchObject({ row: 0, field: 'id', code: 'repeated_column', value: 'id, nhs_pseudo_id' });
    expect(two.rejected[0]!.message).toContain('columns option');
    // a mapping chooses, and the other is reported, not read
    const chosen = refused('id,nhs_pseudo_id,practiceId,birthDate,optedOut\nP1,P2,A1,1950-01-01,N\n', { columns: { patients: { id: 'nhs_pseudo_id' } } });
    expect(chosen.population.ids).toEqual(['P2']);
  });
  it('two different opt-out columns still combine (yes in either counts): only an exactly repeated opt-out header is refused', () => {
    const r = refused('id,practiceId,birthDate,national_opt_out,type_1_opt_out\nP1,A1,1950-01-01,N,Y\nP2,A1,1950-01-01,N,N\n');
    expect(r.rejected.filter((i) => i.source === 'patients')).toEqual([]);
    expect(Array.from(r.population.columns.optedOut)).toEqual([1, 0]);
  });
  it('repeated unmapped headers are loaded and reported in summary.columns', () => {
    const r = refused('id,practiceId,birthDate,optedOut,note,note\nP1,A1,1950-01-01,N,a,b\n');
    expect(r.population.size).toBe(1);
    expect(r.summary.columns.filter((c) => c.column === 'note').map((c) => c.use)).toEqual(['unrecognised', 'duplicate']);
  });
});
