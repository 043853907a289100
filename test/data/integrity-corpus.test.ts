// Issue 20, part 1 (the corpus): the loader under unusual, malformed or hostile input. Each
// case named in the issue is reproduced here and the fixed behaviour asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPopulationFromFiles } from '../../src/node/load-population-from-files.js';
import { run } from '../cli/helpers.js';
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
    for (const bad of ['\u20000x10', ' 0X1F', '+0x1', '0B1', '0O7', '0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '1_000', '1,000', '１２', '1e309', '', ' ', '1.2.3', 'e5', '٣'])
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

describe('encoding: invalid UTF-8 is never silently replaced', () => {
  let dir = '';
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'rs-integrity-enc-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, ...parts: (string | number[])[]): string => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))));
    return path;
  };
  it('ids P\\xFE1 and P\\xFF1 are two rejected rows (invalid_encoding, naming row and byte offset), not one id and a false duplicate', async () => {
    const patients = file('p.csv', 'id,practiceId,birthDate,optedOut\nP', [0xfe], '1,A1,1950-01-01,N\nP', [0xff], '1,A1,1950-01-01,N\nP2,A1,1950-01-01,N\n');
    const activity = file('a.csv', 'patientId,date,setting\nP', [0xff], '1,2024-01-01,ae\nP2,2024-01-01,ae\n');
    const r = await loadPopulationFromFiles({ patients, activity }, { referenceDate: REF });
    expect(r.population.ids).toEqual(['P2']);
    expect(r.rejected.map((i) => [i.source, i.row, i.code, i.value])).toEqual([
      ['patients', 1, 'invalid_encoding', '0xFE at byte 34'], ['patients', 2, 'invalid_encoding', '0xFF at byte 54'],
      ['activity', 1, 'invalid_encoding', '0xFF at byte 24'],
    ]);
    expect(r.summary.issuesByCode['duplicate_id']).toBeUndefined();
    expect(r.rejected[0]!.message).toContain('byte offset 34');
    expect(r.population.ids.some((id) => id.includes('\uFFFD'))).toBe(false);
    expect(r.population.activity.date.length).toBe(1);
  });
  it("a Windows-1252 file's accents are kept with encoding: 'windows-1252' (and rejected, not replaced, without it)", async () => {
    // "Zoë" and "€" in cp1252 bytes: ë is 0xEB, € is 0x80
    const patients = file('cp1252.csv', 'id,practiceId,birthDate,optedOut,ethnicity\nZo', [0xeb], '1,A1,1950-01-01,N,A\nP2,A1,1950-01-01,N,', [0x80], '\n');
    const utf8 = await loadPopulationFromFiles({ patients }, { referenceDate: REF });
    expect(utf8.population.size).toBe(0);
    expect(utf8.rejected.map((i) => i.code)).toEqual(['invalid_encoding', 'invalid_encoding']);
    const cp = await loadPopulationFromFiles({ patients }, { referenceDate: REF, encoding: 'windows-1252' });
    expect(cp.population.ids).toEqual(['Zoë1', 'P2']);
    expect(cp.population.ethnicities).toContain('€');
    const latin1 = await loadPopulationFromFiles({ patients }, { referenceDate: REF, encoding: 'latin1' });
    expect(latin1.population.ids).toEqual(['Zoë1', 'P2']);
  });
  it('an invalid byte in the header rejects the source (row 0); a UTF-8 byte-order mark is fine', async () => {
    const bad = await loadPopulationFromFiles({ patients: file('h.csv', 'id,practiceId,birthDate,optedOut', [0xc3], '\nP1,A1,1950-01-01,N\n') }, { referenceDate: REF });
    expect(bad.rejected.map((i) => [i.row, i.code])).toContainEqual([0, 'invalid_encoding']);
    const bom = await loadPopulationFromFiles({ patients: file('bom.csv', [0xef, 0xbb, 0xbf], 'id,practiceId,birthDate,optedOut\nZoë,A1,1950-01-01,N\n') }, { referenceDate: REF });
    expect(bom.population.ids).toEqual(['Zoë']);
    expect(bom.rejected).toEqual([]);
  });
  it('the command takes --encoding (or inputs.encoding, inputs.maxBedDays, inputs.maxCost in the config)', async () => {
    const patients = file('cli.csv', 'id,practiceId,birthDate,optedOut\nZo', [0xeb], '1,A1,1950-01-01,N\n');
    const activity = file('cli-a.csv', 'patientId,date,setting,bedDays,cost\nZo', [0xeb], '1,2024-01-01,inpatient,20,900\n');
    const plain = JSON.parse((await run(['validate', '--patients', patients, '--extract-date', REF, '--json'])).out);
    expect(plain.summary.issuesByCode).toMatchObject({ invalid_encoding: 1 });
    const cp = JSON.parse((await run(['validate', '--patients', patients, '--activity', activity, '--extract-date', REF, '--encoding', 'windows-1252', '--json'])).out);
    expect(cp.summary.patients.rowsAccepted).toBe(1);
    expect(cp.summary.activity.rowsAccepted).toBe(1);
    expect((await run(['validate', '--patients', patients, '--encoding', 'utf-16'])).code).not.toBe(0);
    const config = join(dir, 'site.json');
    writeFileSync(config, JSON.stringify({ inputs: { patients, activity, extractDate: REF, encoding: 'windows-1252', maxBedDays: 10, maxCost: 500 } }));
    const limited = JSON.parse((await run(['validate', '--config', config, '--json'])).out);
    expect(limited.summary.issuesByCode).toMatchObject({ implausible_bed_days: 1, implausible_cost: 1 });
  });
  it('encoding is checked as an option', async () => {
    const patients = file('ok.csv', 'id,practiceId,birthDate,optedOut\nP1,A1,1950-01-01,N\n');
    await expect(loadPopulationFromFiles({ patients }, { encoding: 'ebcdic' as never })).rejects.toMatchObject({ code: 'invalid_options' });
  });
});

describe('CSV recovery: an unterminated quote rejects only its record', () => {
  const header = 'id,practiceId,birthDate,optedOut';
  const good = (k: number): string => `P${k},A1,1950-01-01,N`;
  it('10 records with one unterminated quote: 10 rows in, 9 accepted, 1 rejected as bad_quoting', () => {
    const rows = Array.from({ length: 10 }, (_, k) => good(k + 1));
    rows[4] = 'P5,A1,"1950-01-01,N';
    const r = loadPopulation({ patients: `${header}\n${rows.join('\n')}\n` }, { referenceDate: REF });
    expect(r.summary.patients).toEqual({ provided: true, rowsIn: 10, rowsAccepted: 9, rowsRejected: 1 });
    expect(r.rejected.map((i) => [i.row, i.code])).toEqual([[5, 'bad_quoting']]);
    expect(r.rejected[0]!.message).toContain('line 6');
    expect(r.population.ids).toEqual(['P1', 'P2', 'P3', 'P4', 'P6', 'P7', 'P8', 'P9', 'P10']);
  });
  it('a 5 MB unterminated cell does not swallow the 1,000 good rows after it, and the lines skipped are counted', () => {
    const after = Array.from({ length: 1000 }, (_, k) => good(k + 2)).join('\n');
    const flat = loadPopulation({ patients: `${header}\nP1,A1,"${'x'.repeat(5_000_000)}\n${after}\n` }, { referenceDate: REF });
    expect(flat.summary.patients).toEqual({ provided: true, rowsIn: 1001, rowsAccepted: 1000, rowsRejected: 1 });
    // the same cell over 50,000 lines: each line that does not read as a record is skipped and counted
    const lines = loadPopulation({ patients: `${header}\nP1,A1,"${'lorem ipsum\n'.repeat(50_000)}${after}\n` }, { referenceDate: REF });
    expect(lines.summary.patients).toEqual({ provided: true, rowsIn: 1001, rowsAccepted: 1000, rowsRejected: 1 });
    expect(lines.rejected[0]!.message).toContain('49999 line(s)');
  });
  it('a multi-line quoted field that closes properly is still one record', () => {
    const r = loadPopulation({ patients: `${header},note\nP1,A1,1950-01-01,N,"two\nlines"\nP2,A1,1950-01-01,N,x\n` }, { referenceDate: REF, ignore: ['note'] });
    expect(r.summary.patients.rowsIn).toBe(2);
    expect(r.rejected).toEqual([]);
  });
});

describe('property: defects never lose or merge rows', () => {
  let dir = '';
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'rs-integrity-prop-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // one record per line; a defect changes its line only
  const defect = fc.constantFrom('none', 'none', 'none', 'unterminated', 'badByte', 'strayQuote', 'ragged', 'hex', 'huge', 'infinity', 'crlf', 'quotedNewline');
  const line = (k: number, d: string): Buffer => {
    const id = `P${k}`;
    switch (d) {
      case 'unterminated': return Buffer.from(`${id},A1,"1950-01-01,N,3\n`);
      case 'badByte': return Buffer.concat([Buffer.from(`P`), Buffer.from([0xfe + (k % 2)]), Buffer.from(`${k},A1,1950-01-01,N,3\n`)]);
      case 'strayQuote': return Buffer.from(`${id},A"1,1950-01-01,N,3\n`);
      case 'ragged': return Buffer.from(`${id},A1,1950-01-01\n`);
      case 'hex': return Buffer.from(`${id},A1,1950-01-01,N,0x${k}\n`);
      case 'huge': return Buffer.from(`${id},A1,1950-01-01,N,1e309\n`);
      case 'infinity': return Buffer.from(`${id},A1,1950-01-01,N,Infinity\n`);
      case 'crlf': return Buffer.from(`${id},A1,1950-01-01,N,3\r\n`);
      case 'quotedNewline': return Buffer.from(`${id},A1,1950-01-01,"N\n",3\n`);
      default: return Buffer.from(`${id},A1,1950-01-01,N,3\n`);
    }
  };
  test.prop([fc.array(defect, { minLength: 1, maxLength: 60 })], { numRuns: 40, seed: 20 })('rows in = accepted + rejected, every record is counted or reported skipped, no accepted id holds U+FFFD', async (defects) => {
    const path = join(dir, 'p.csv');
    writeFileSync(path, Buffer.concat([Buffer.from('id,practiceId,birthDate,optedOut,imdDecile\n'), ...defects.map((d, k) => line(k, d))]));
    const r = await loadPopulationFromFiles({ patients: path }, { referenceDate: REF });
    const s = r.summary.patients;
    expect(s.rowsIn).toBe(s.rowsAccepted + s.rowsRejected);
    const skipped = r.rejected.reduce((t, i) => t + Number(/(\d+) line\(s\) after it/.exec(i.message)?.[1] ?? 0), 0);
    // every record is a row or a reported skipped line (a quoted line break makes two physical
    // lines of one record: a recovery may skip them one by one)
    const lines = defects.length + defects.filter((d) => d === 'quotedNewline').length;
    expect(s.rowsIn + skipped).toBeGreaterThanOrEqual(defects.length);
    expect(s.rowsIn + skipped).toBeLessThanOrEqual(lines);
    expect(r.population.ids.some((id) => id.includes('\uFFFD'))).toBe(false);
    expect(new Set(r.population.ids).size).toBe(r.population.size);
    // a clean record is never lost: unless a recovery skipped it, it is accepted
    defects.forEach((d, k) => { if (d === 'none' && skipped === 0 && defects[k - 1] !== 'quotedNewline') expect(r.population.ids).toContain(`P${k}`); });
  });
  test.prop([fc.string({ maxLength: 12 })], { seed: 20 })('parseDecimal accepts exactly the decimal grammar', (v) => {
    const ok = /^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/.test(v) && Number.isFinite(Number(v.trim()));
    expect(Number.isNaN(parseDecimal(v))).toBe(!ok);
  });
});
