import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { arrayColumn } from '../../src/data/column.js';
import { loadFromRawSources, loadPopulation, type LoadPopulationResult } from '../../src/data/load-population.js';
import { csvSource, type RawSource } from '../../src/data/read-source.js';
import { asciiBytes, scanCsv } from '../../src/data/scan-csv.js';

// The CSV fast paths (the indexOf scan, cells read in place, coded columns parsed once per
// distinct value, the id table) against the general path: the same text scanned character
// by character, every cell made a string, and validated as plain arrays (as records are).

/** The general path for CSV text: a character-by-character scan, one string per cell. */
function generalSource(text: string): RawSource {
  const fast = csvSource(text, ',');
  const scan = scanCsv(text, ',', false);
  const cells = (c: number) => Array.from({ length: scan.rows }, (_, r) => scan.overrides[c]?.get(r) ?? text.slice(scan.rowStart[r]! + scan.starts[c]![r]!, scan.rowStart[r]! + scan.ends[c]![r]!));
  return { ...fast, column: (name) => arrayColumn(cells(scan.header.indexOf(name))) };
}

/** Everything a load says: the population's every column and table, the issues, the summary. */
function describeLoad(r: LoadPopulationResult) {
  const p = r.population;
  const a = p.activity;
  return {
    ids: p.ids, practices: p.practices, ethnicities: p.ethnicities,
    columns: Object.fromEntries(Object.entries(p.columns).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)])),
    activity: [a.offsets, a.date, a.endDate, a.setting, a.emergency, a.bedDays, a.diagnosis, a.cost].map((x) => Array.from(x)),
    rejected: r.rejected, summary: r.summary,
  };
}

const PH = ['id', 'practiceId', 'sex', 'birthDate', 'deathDate', 'registeredFrom', 'registeredTo', 'imdDecile', 'careHome', 'optedOut', 'ethnicity'];
/** Per field: values a row may be accepted with, and values that reject it. */
const FIELDS: Record<string, { good: readonly string[]; bad: readonly string[] }> = {
  id: { good: ['p1', 'p2', 'p3', 'p4', ' p1', 'p2 ', 'é1', 'p"5'], bad: ['', ' '] },
  practiceId: { good: ['A1', 'A2', ' A1', 'A1 ', 'a1', 'A,1', 'Ä1'], bad: ['', ' '] },
  sex: { good: ['F', 'M', 'female', ' f ', 'MALE', '', '2', '9', 'not known'], bad: ['Q', 'é', 'x'] },
  birthDate: { good: ['1950-02-01', '01/02/1950', '1/2/1950', ' 1950-02-01', '1950-02-01T10:00', '2020-02-29'], bad: ['2023-02-30', '2021-02-29', '31/04/1990', '1950-13-01', '19500201', 'x', '', '1880-01-01', '2030-01-01'] },
  deathDate: { good: ['', '', ' ', '2023-01-01'], bad: ['2023-02-30', '1940-01-01', '2030-01-01', 'x'] },
  registeredFrom: { good: ['', '2000-01-01', '2021-03-01 '], bad: ['1940-01-01', '2030-01-01', '2000-02-30'] },
  registeredTo: { good: ['', '', '2022-06-15'], bad: ['1990-01-01', '2030-01-01', 'x'] },
  imdDecile: { good: ['1', '10', '', ' 3', '3 ', '01'], bad: ['0', '11', '2.5', '1e1', '-1', 'x'] },
  careHome: { good: ['0', '1', 'Y', 'n', 'yes', '', ' TRUE ', 'f'], bad: ['maybe', '2'] },
  optedOut: { good: ['0', '1', 'N', 'no', '', 'T'], bad: ['-', 'yesno'] },
  ethnicity: { good: ['White', 'Asian', '', ' White ', 'white', 'Mixed, other', 'é', '"'], bad: [] },
};
const fieldValue = (f: string) => {
  const { good, bad } = FIELDS[f]!;
  return bad.length === 0 ? fc.constantFrom(...good) : fc.oneof({ weight: 15, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: fc.constantFrom(...bad) });
};
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
/** One cell as written: plain when it can be, or quoted (always when it must be). */
const written = (v: string, quoted: boolean) => (quoted || /[",\r\n]/.test(v) ? quote(v) : v);

const patientRow = fc.record({
  cells: fc.tuple(...PH.map(fieldValue)),
  quoted: fc.array(fc.boolean(), { minLength: PH.length, maxLength: PH.length }),
  // 0: as is; 1: a field short; 2: a field extra; 3: a stray quote in a bare field
  shape: fc.constantFrom(0, 0, 0, 0, 0, 0, 1, 2, 3),
});
const eol = fc.constantFrom('\n', '\r\n', '\r');

function patientsText(rows: Array<{ cells: string[]; quoted: boolean[]; shape: number }>, ends: string[], blankAt: number): string {
  const lines = rows.map(({ cells, quoted, shape }) => {
    let out = cells.map((v, c) => written(v, quoted[c]!));
    if (shape === 1) out = out.slice(0, -1);
    if (shape === 2) out = [...out, 'extra'];
    if (shape === 3) out[1] = 'A"1';
    return out.join(',');
  });
  if (blankAt < lines.length) lines.splice(blankAt, 0, blankAt % 2 ? '' : '   ');
  return [PH.join(','), ...lines].map((l, i) => l + (ends[i % ends.length] ?? '\n')).join('');
}

const activityRow = fc.tuple(fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p9', ' p1', ''), fc.constantFrom('2023-01-05', '2023-02-30', '1949-01-01', '2030-01-01'), fc.constantFrom('inpatient', 'gp', 'ward'));

describe('validatePatients: the CSV fast paths give what the general path gives', () => {
  test.prop([fc.array(patientRow, { maxLength: 30 }), fc.array(eol, { minLength: 1, maxLength: 4 }), fc.nat(40), fc.array(activityRow, { maxLength: 15 })])(
    'loadPopulation of CSV text gives the same Population, rejected rows and summary through both paths (bad dates, blanks, quotes, padding, CRLF, unknown codes, duplicated ids, ragged rows)',
    (rows, ends, blankAt, activity) => {
      const patients = patientsText(rows, ends, blankAt);
      const act = `patientId,date,setting\n${activity.map((a) => a.join(',')).join('\n')}\n`;
      const options = { referenceDate: '2024-04-01' };
      const fast = loadFromRawSources('loadPopulation', { patients: csvSource(patients, ','), activity: csvSource(act, ',') }, options);
      const general = loadFromRawSources('loadPopulation', { patients: generalSource(patients), activity: generalSource(act) }, options);
      expect(describeLoad(fast)).toEqual(describeLoad(general));
      const s = fast.summary.patients;
      expect(s.rowsIn).toBe(s.rowsAccepted + s.rowsRejected);
      expect(s.rowsAccepted).toBe(fast.population.size);
      expect(new Set(fast.rejected.filter((i) => i.source === 'patients').map((i) => i.row)).size).toBe(s.rowsRejected);
    });
});

describe('validatePatients: an ASCII file read as bytes gives what its text gives', () => {
  test.prop([fc.array(patientRow, { maxLength: 30 }), fc.array(eol, { minLength: 1, maxLength: 4 }), fc.nat(40), fc.array(activityRow, { maxLength: 15 })])(
    'loadPopulation of ASCII CSV scanned and read from its bytes gives the same Population, rejected rows and summary as the general path (bad dates, blanks, quotes, padding, CRLF, unknown codes, duplicated ids, ragged rows)',
    (rows, ends, blankAt, activity) => {
      // the same hostile rows with every non-ASCII character made ASCII, so the bytes path applies
      const patients = patientsText(rows, ends, blankAt).replace(/[^\x00-\x7f]/g, 'e');
      const act = `patientId,date,setting\n${activity.map((a) => a.join(',')).join('\n')}\n`;
      const options = { referenceDate: '2024-04-01' };
      const pb = asciiBytes(patients);
      const ab = asciiBytes(act);
      expect(pb).toBeDefined();
      expect(ab).toBeDefined();
      const bytes = loadFromRawSources('loadPopulation', { patients: csvSource(patients, ',', 'p.csv', pb), activity: csvSource(act, ',', 'a.csv', ab) }, options);
      const general = loadFromRawSources('loadPopulation', { patients: { ...generalSource(patients), file: 'p.csv' }, activity: { ...generalSource(act), file: 'a.csv' } }, options);
      expect(describeLoad(bytes)).toEqual(describeLoad(general));
    });
});

describe('validatePatients: the id table', () => {
  // An independent model of the rules: the first valid row of an id is kept, later valid rows
  // with it are duplicates; an event finds its patient among the kept rows, else is
  // `patient_rejected` when a readable patients row has the id, else `unknown_patient`.
  const patient = fc.record({ id: fc.constantFrom('q1', 'q2', 'q3', 'q4', 'q5', ''), kind: fc.constantFrom('good', 'good', 'good', 'badSex', 'ragged') });
  test.prop([fc.array(patient, { maxLength: 12 }), fc.boolean(), fc.array(fc.constantFrom('q1', 'q2', 'q3', 'q4', 'q5', 'q9', ''), { maxLength: 12 })])(
    'events find their patient, or are patient_rejected or unknown_patient, whether or not the patients are sorted by id', (rows, sorted, eventIds) => {
      const ps = sorted ? [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) : rows;
      const lines = ps.map((p) => (p.kind === 'ragged' ? `${p.id},A1,F` : `${p.id},A1,${p.kind === 'badSex' ? 'Q' : 'F'},1950-01-01`));
      const kept: string[] = [];
      const readable = new Set<string>();
      for (const p of ps) {
        if (p.kind === 'ragged' || p.id === '') continue;
        readable.add(p.id);
        if (p.kind === 'good' && !kept.includes(p.id)) kept.push(p.id);
      }
      const r = loadPopulation({
        patients: `id,practiceId,sex,birthDate\n${lines.join('\n')}\n`,
        activity: `patientId,date,setting\n${eventIds.map((id) => `${id},2023-01-05,gp`).join('\n')}\n`,
      }, { referenceDate: '2024-04-01', optOuts: 'removed-upstream' });
      expect(r.population.ids).toEqual(kept);
      eventIds.forEach((id, j) => {
        const codes = r.rejected.filter((i) => i.source === 'activity' && i.row === j + 1).map((i) => i.code);
        const expected = id === '' ? ['missing_value'] : kept.includes(id) ? [] : readable.has(id) ? ['patient_rejected'] : ['unknown_patient'];
        expect(codes).toEqual(expected);
      });
      const events = kept.map((_, i) => r.population.activity.offsets[i + 1]! - r.population.activity.offsets[i]!);
      expect(events).toEqual(kept.map((id) => eventIds.filter((e) => e === id).length));
    });
  it('loadPopulation of patients sorted by id still rejects a repeated id that breaks the order', () => {
    const r = loadPopulation({ patients: 'id,practiceId,birthDate\nq1,A1,1950-01-01\nq2,A1,1950-01-01\nq2,A2,1960-01-01\nq3,A1,1950-01-01\n' }, { referenceDate: '2024-04-01', optOuts: 'removed-upstream' });
    expect(r.population.ids).toEqual(['q1', 'q2', 'q3']);
    expect(r.rejected.map((i) => [i.row, i.code, i.message])).toEqual([[3, 'duplicate_id', 'patients row 3 id: repeats the id of row 2, which is kept']]);
  });
});
