import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { arrayColumn, BLANK_DAY, BLANK_DAY32, cellText, csvColumn, hashRange, NOT_A_DAY32, type Column } from '../../src/data/column.js';
import { asciiBytes, scanCsv } from '../../src/data/scan-csv.js';

/** Checks `intern()` against `get`: every row's code names its own raw value, and values are distinct. */
function expectCodesMatch(col: Column): void {
  const { values, codes } = col.intern();
  expect(codes.length).toBe(col.length);
  for (let r = 0; r < col.length; r++) expect(values[codes[r]!]).toBe(col.get(r));
  expect(new Set(values).size).toBe(values.length);
  // first appearance order
  const seen = new Set<unknown>();
  for (let r = 0; r < col.length; r++) seen.add(col.get(r));
  expect(values).toEqual([...seen]);
}

const cell = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('', 'F', 'M', ' F', 'f ', '1', '10', 'é', '\u00ff', 'White', ' White ', 'A81001', 'A81002') },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', ' ', '"', ',', '\n', '\r', 'é', '\t'), maxLength: 5 }) },
);
/** Checks `days()` against `blank` and `day`, row by row. */
function expectDaysMatch(col: Column): void {
  const days = Array.from(col.days());
  expect(days).toEqual(Array.from({ length: col.length }, (_, r) => (col.blank(r) ? BLANK_DAY : col.day(r))));
}
const dateCell = fc.constantFrom('', ' ', '          ', '1950-02-01', '2023-02-30', '01/02/1950', '1/2/1950', '31/04/1990', ' 1950-02-01', '1950-02-01 ', '1950-02-01T10:00', '19500201xx', '1950/02/01', 'x', '2020-02-29', '2100-02-29');
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

describe('column', () => {
  it('csvColumn(scan, c).intern() codes each cell into its distinct raw values in order of first appearance', () => {
    const scan = scanCsv('sex,practice\nF,A1\nM, A1\n"F",A1\n,"A""1"\n', ',');
    const sex = csvColumn(scan, 0).intern();
    expect([sex.values, Array.from(sex.codes)]).toEqual([['F', 'M', ''], [0, 1, 0, 2]]);
    const practice = csvColumn(scan, 1).intern();
    expect([practice.values, Array.from(practice.codes)]).toEqual([['A1', ' A1', 'A"1'], [0, 1, 0, 2]]);
  });
  it('arrayColumn(values).intern() codes by SameValueZero, keeping each first raw value', () => {
    const { values, codes } = arrayColumn(['a', 1, null, 'a', Number.NaN, undefined, Number.NaN, 1]).intern();
    expect(values).toEqual(['a', 1, null, Number.NaN, undefined]);
    expect(Array.from(codes)).toEqual([0, 1, 2, 0, 3, 4, 3, 1]);
  });
  it('hashRange(s, a, b) hashes only the characters from a to b', () => {
    expect(hashRange('xxA81001yy', 2, 8)).toBe(hashRange('A81001', 0, 6));
    expect(hashRange('A81001', 0, 6)).not.toBe(hashRange('A81002', 0, 6));
  });
  test.prop([fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { maxLength: 40 }), fc.boolean()])(
    'csvColumn intern() and text() agree with get() for any cells, quoted or not', (rows, quoteAll) => {
      const text = `a,b\n${rows.map((r) => r.map((c) => (quoteAll || /[",\r\n]/.test(c) ? quote(c) : c)).join(',')).join('\n')}\n`;
      const scan = scanCsv(text, ',');
      for (let c = 0; c < scan.header.length; c++) {
        const col = csvColumn(scan, c);
        expectCodesMatch(col);
        for (let r = 0; r < col.length; r++) expect(col.text(r)).toBe(cellText(col.get(r)));
      }
    });
  test.prop([fc.array(fc.tuple(dateCell, fc.boolean()), { maxLength: 30 })])('csvColumn days() is blank(r) ? BLANK_DAY : day(r) for every row, quoted or not', (cells) => {
    const scan = scanCsv(`d\n${cells.map(([c, q]) => (q || c.trim() === '' ? quote(c) : c)).join('\n')}\n`, ',');
    expect(scan.rows).toBe(cells.length);
    expectDaysMatch(csvColumn(scan, 0));
    expectDaysMatch(arrayColumn(cells.map(([c]) => c)));
  });
  it('csvColumn days() reads both date forms, NaN for an impossible date and BLANK_DAY for a blank cell', () => {
    const days = csvColumn(scanCsv('d\n1970-01-02\n02/01/1970\n2023-02-30\n""\n" "\n', ','), 0).days();
    expect(Array.from(days)).toEqual([1, 1, Number.NaN, BLANK_DAY, BLANK_DAY]);
  });
  test.prop([fc.array(fc.nat(3000), { minLength: 500, maxLength: 3000 })], { numRuns: 20 })(
    'csvColumn intern() stays right as its table grows past thousands of distinct values', (cells) => {
      const scan = scanCsv(`x\n${cells.map((c) => `P${c}`).join('\n')}\n`, ',');
      expectCodesMatch(csvColumn(scan, 0));
    });
  test.prop([fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -2, max: 2 }), fc.constant(null), fc.constant(undefined), fc.boolean()), { maxLength: 30 })])(
    'arrayColumn intern() and text() agree with get() for any values', (values) => {
      const col = arrayColumn(values);
      expectCodesMatch(col);
      for (let r = 0; r < col.length; r++) expect(col.text(r)).toBe(cellText(col.get(r)));
    });
  test.prop([fc.array(fc.array(fc.oneof(cell, dateCell), { minLength: 2, maxLength: 2 }), { maxLength: 40 }), fc.boolean()])(
    'csvColumn over ASCII bytes gives the same get, blank, text, day, days and intern as over the text alone', (rows, quoteAll) => {
      const text = `a,b\n${rows.map((r) => r.map((c) => (quoteAll || /[",\r\n]/.test(c) ? quote(c) : c)).join(',')).join('\n')}\n`.replace(/[^\x00-\x7f]/g, 'e');
      const withBytes = scanCsv(text, ',', true, asciiBytes(text));
      const textOnly = scanCsv(text, ',');
      expect(withBytes.bytes).toBeDefined();
      for (let c = 0; c < 2; c++) {
        const b = csvColumn(withBytes, c);
        const t = csvColumn(textOnly, c);
        const all = (col: Column) => ({
          cells: Array.from({ length: col.length }, (_, r) => [col.get(r), col.blank(r), col.text(r), col.blank(r) ? null : col.day(r)]),
          days: Array.from(col.days()), intern: col.intern(),
        });
        expect(all(b)).toEqual(all(t));
        expectCodesMatch(b);
        expectDaysMatch(b);
      }
    });
  it('csvColumn intern() widens its codes from bytes to 16 and 32 bits as distinct values pass 256 and 65,536, keeping every code', () => {
    // 70,000 distinct values, each twice: the second pass must find the codes the first gave
    const cells = Array.from({ length: 70000 }, (_, i) => `v${i}`);
    const text = `x\n${[...cells, ...cells].join('\n')}\n`;
    for (const bytes of [undefined, asciiBytes(text)]) {
      const { values, codes } = csvColumn(scanCsv(text, ',', true, bytes), 0).intern();
      expect(codes).toBeInstanceOf(Uint32Array);
      expect(values.length).toBe(70000);
      expect([codes[0], codes[255], codes[256], codes[65535], codes[65536], codes[69999], codes[70000], codes[70000 + 65536], codes[139999]]).toEqual([0, 255, 256, 65535, 65536, 69999, 0, 65536, 69999]);
      expect(values[69999]).toBe('v69999');
    }
    const few = csvColumn(scanCsv('x\nF\nM\nF\n', ','), 0).intern();
    expect([few.codes instanceof Uint8Array, Array.from(few.codes)]).toEqual([true, [0, 1, 0]]);
  });
  test.prop([fc.array(fc.tuple(dateCell, fc.boolean()), { maxLength: 30 }), fc.boolean()])(
    'csvColumn dayNumbers() is days() in 32 bits: BLANK_DAY32 where blank, NOT_A_DAY32 where not a date, from text or ASCII bytes', (cells, ascii) => {
      const text = `d\n${cells.map(([c, q]) => (q || c.trim() === '' ? quote(c) : c)).join('\n')}\n`;
      const col = csvColumn(scanCsv(text, ',', true, ascii ? asciiBytes(text) : undefined), 0);
      const wide = Array.from(col.days(), (d) => (d === BLANK_DAY ? BLANK_DAY32 : Number.isNaN(d) ? NOT_A_DAY32 : d));
      expect(Array.from(col.dayNumbers!())).toEqual(wide);
    });
  it('csvColumn dayNumbers() marks blank and impossible dates and reads both forms', () => {
    const col = csvColumn(scanCsv('d\n1970-01-02\n02/01/1970\n2023-02-30\n""\n" "\n9999-12-31\n0000-01-01\n', ','), 0);
    // 9999-12-31 and 0000-01-01 are the extremes a 4-digit year allows (days from 1970-01-01)
    expect(Array.from(col.dayNumbers!())).toEqual([1, 1, NOT_A_DAY32, BLANK_DAY32, BLANK_DAY32, 2932896, -719528]);
    expect(arrayColumn(['1970-01-02']).dayNumbers).toBeUndefined();
  });
});
