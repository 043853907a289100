// Dates as extracts write them: the byte path (dayAtBytes, read from an ASCII file), the text
// path of a CSV column (dayAt), and the text path of records and schemas (parseDayValue, core
// parseDate) must give the same day, or the same refusal, for every layout.
import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { dayAtBytes } from '../../src/data/day-at-bytes.js';
import { csvColumn, BLANK_DAY } from '../../src/data/column.js';
import { asciiBytes, scanCsv } from '../../src/data/scan-csv.js';
import { dayAt, NOT_FAST, parseDayValue } from '../../src/schema/parse-day-value.js';
import { parseDate } from '../../src/core/dates.js';
import { loadPopulation } from '../../src/data/load-population.js';

const bytesOf = (s: string) => new TextEncoder().encode(s);
const p2 = (x: number) => String(x).padStart(2, '0');
const p4 = (x: number) => String(x).padStart(4, '0');

/** The day each path gives for one cell: bytes, CSV text column, CSV bytes column, parseDayValue, parseDate. */
function paths(cell: string): number[] {
  const fast = (d: number) => (d === NOT_FAST ? parseDate(cell) ?? Number.NaN : d);
  const text = `d\n${cell}\n`;
  const scanText = scanCsv(text, ',');
  const scanBytes = scanCsv(text, ',', true, asciiBytes(text));
  const fromColumn = (scan: ReturnType<typeof scanCsv>) => {
    const col = csvColumn(scan, 0);
    const all = col.days()[0]!;
    const one = col.blank(0) ? BLANK_DAY : col.day(0);
    const n32 = col.dayNumbers!()[0]!;
    expect(Object.is(all, one)).toBe(true);
    // the 32-bit form holds the same day (or its markers)
    expect(Number.isNaN(all) ? n32 === -0x7fffffff : n32 === all || (all === BLANK_DAY && n32 === -0x80000000)).toBe(true);
    return all;
  };
  return [
    fast(dayAtBytes(bytesOf(cell), 0, cell.length)),
    fast(dayAt(cell, 0, cell.length)),
    fromColumn(scanText),
    fromColumn(scanBytes),
    parseDayValue(cell),
    parseDate(cell) ?? Number.NaN,
  ];
}

const same = (xs: number[]) => xs.every((x) => Object.is(x, xs[0]));

// a date in either form, valid or not, with a time in one of the layouts, valid or not
const datePart = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.boolean())
  .map(([y, m, d, iso]) => ({ iso, text: iso ? `${p4(y)}-${p2(m)}-${p2(d)}` : `${p2(d)}/${p2(m)}/${p4(y)}` }));
const hms = fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }));
const timePart = fc.oneof(
  fc.constant(''),
  hms.map(([h, m]) => ` ${p2(h)}:${p2(m)}`),
  hms.map(([h, m, s]) => ` ${p2(h)}:${p2(m)}:${p2(s)}`),
  hms.map(([h, m]) => `T${p2(h)}:${p2(m)}`),
  fc.tuple(hms, fc.integer({ min: 0, max: 11 }), fc.constantFrom('', 'Z', '+01:00', '-05:30', '+0100', '+01', '+24:00', '+01:', 'z'))
    .map(([[h, m, s], f, tz]) => `T${p2(h)}:${p2(m)}:${p2(s)}${f > 0 ? `.${'1234567890a'.slice(0, f)}` : ''}${tz}`),
  hms.map(([h, m, s]) => ` ${p2(h)}:${p2(m)}:${p2(s)}.000`),
  fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9', ':', '.', ' ', 'T', 'Z', '+', '-', 'x'), maxLength: 12 }),
);

describe('dates with times, on the byte and text paths', () => {
  it.each([
    ['01/02/2024 00:00', '2024-02-01'],
    ['01/02/2024 23:59', '2024-02-01'],
    ['01/02/2024 13:45:07', '2024-02-01'],
    ['1/2/2024 9:05', '2024-02-01'],
    ['2024-02-01T10:00', '2024-02-01'],
    ['2024-02-01T10:00:00', '2024-02-01'],
    ['2024-02-01T10:00:00.123', '2024-02-01'],
    ['2024-02-01T10:00:00Z', '2024-02-01'],
    ['2024-02-01T23:30:00-05:00', '2024-02-01'],
    ['2024-02-01T23:30:00+0100', '2024-02-01'],
    ['2024-02-01 10:00:00', '2024-02-01'],
    ['2024-02-01 00:00:00.0000000', '2024-02-01'],
    ['01/02/2024 00:00:00.000', '2024-02-01'], // SQL Server's datetime with a British date
    ['2024-02-01 10:00:00+00', '2024-02-01'],
  ])('%s is read as %s (the time is checked, then ignored) on every path', (cell, day) => {
    const got = paths(cell);
    expect(same(got), `${cell}: ${got.join(', ')}`).toBe(true);
    expect(got[0]).toBe(parseDate(day));
  });
  it.each([
    '01/02/2024 24:00', '01/02/2024 10:60', '01/02/2024T10:00', '01/02/2024 10:00Z', '2024-02-01T10', '2024-02-01T1000',
    '2024-02-01 10:00:00.', '2024-02-01 10:00:00.1234567890', '2024-02-01 10:00:00+', '2024-02-30 10:00', '44927', '01/02/50', '01/02/50 00:00',
  ])('%s is not a date on any path', (cell) => {
    const got = paths(cell);
    expect(same(got), `${cell}: ${got.join(', ')}`).toBe(true);
    expect(got[0]).toBeNaN();
  });
  test.prop([datePart, timePart, fc.constantFrom('', ' ')])('the byte path and the text paths give the same day (or NaN) for every layout, valid or not', (d, time, pad) => {
    const cell = `${d.text}${time}${pad}`;
    const got = paths(cell);
    expect(same(got), `${JSON.stringify(cell)}: ${got.join(', ')}`).toBe(true);
    // a valid date with a valid time reads as the date alone
    if (!Number.isNaN(got[0]!) && time !== '') expect(got[0]).toBe(parseDate(d.text));
  });
  test.prop([fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '9', '-', '/', ':', ' ', 'T', 'Z', '.', '+'), minLength: 10, maxLength: 30 })])(
    'the byte path and the text paths agree on arbitrary date-like strings', (cell) => {
      const got = paths(cell);
      expect(same(got), `${JSON.stringify(cell)}: ${got.join(', ')}`).toBe(true);
    });
});

describe('dates with times through the loader', () => {
  const patients = 'id,practiceId,birthDate,optedOut\np1,A1,01/02/1950 00:00,N\np2,A1,1950-02-01T00:00:00Z,N\np3,A1,44927,N\np4,A1,01/02/50,N\n';
  const activity = 'patientId,date,setting,emergency,dischargeDate\np1,01/03/2024 14:05,ae,Y,\np1,2024-03-02 09:00:00,inpatient,21,03/03/2024 11:00\n';
  it('loadPopulation reads A&E and admission dates with a time, and rejects serial numbers and two-digit years saying what was seen', () => {
    const r = loadPopulation({ patients, activity }, { referenceDate: '2024-04-01' });
    expect(r.population.ids).toEqual(['p1', 'p2']);
    expect(Array.from(r.population.columns.birthDate)).toEqual([parseDate('1950-02-01'), parseDate('1950-02-01')]);
    expect(Array.from(r.population.activity.date)).toEqual([parseDate('2024-03-01'), parseDate('2024-03-02')]);
    expect(r.population.activity.endDate[1]).toBe(parseDate('2024-03-03'));
    expect(r.summary.activity.rowsRejected).toBe(0);
    const msgs = r.rejected.map((i) => [i.row, i.code, i.message]);
    expect(msgs).toEqual([
      [3, 'invalid_date', expect.stringContaining('looks like a spreadsheet serial number (44927 would be 2023-01-01')],
      [4, 'invalid_date', expect.stringContaining('has a two-digit year ("50" could be 1950 or 2050)')],
    ]);
  });
  it('records (the text path) give the same population and messages as the CSV (the byte path)', () => {
    const csv = loadPopulation({ patients, activity }, { referenceDate: '2024-04-01' });
    const records = (text: string) => {
      const [head, ...lines] = text.trim().split('\n');
      const keys = head!.split(',');
      return lines.map((l) => Object.fromEntries(l.split(',').map((v, k) => [keys[k]!, v])));
    };
    const rec = loadPopulation({ patients: records(patients), activity: records(activity) }, { referenceDate: '2024-04-01' });
    expect(rec.population.ids).toEqual(csv.population.ids);
    expect(Array.from(rec.population.activity.date)).toEqual(Array.from(csv.population.activity.date));
    expect(rec.rejected.map((i) => i.message)).toEqual(csv.rejected.map((i) => i.message));
  });
});
