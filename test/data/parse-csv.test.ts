import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { parseCsv } from '../../src/data/parse-csv.js';

/** An independent RFC 4180 writer: quote a field when it holds a separator, quote or line break. */
function writeCsv(header: string[], rows: string[][], eol: string): string {
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join(eol) + eol;
}

describe('parseCsv', () => {
  it('parseCsv reads quoted fields, escaped quotes, CRLF and a byte-order mark into columns', () => {
    const t = parseCsv('\uFEFFid,name\r\n1,"Smith, J"\r\n2,"say ""hi"""\r\n');
    expect(t.header).toEqual(['id', 'name']);
    expect(t.columns).toEqual([['1', '2'], ['Smith, J', 'say "hi"']]);
    expect(t.rows).toBe(2);
    expect(t.issues).toEqual([]);
  });
  it('parseCsv keeps line breaks inside quotes and numbers rows by record, lines by physical line', () => {
    const t = parseCsv('a,b\n"x\ny",1\n2\n');
    expect(t.columns[0]).toEqual(['x\ny', '2']);
    expect(t.issues).toEqual([{ row: 2, line: 4, code: 'ragged_row', message: 'has 1 fields but the header has 2' }]);
  });
  it('parseCsv reports ragged rows (too few and too many fields) without throwing, padding with empty strings', () => {
    const t = parseCsv('a,b\n1\n\n3,4,5\n6,7');
    expect(t.rows).toBe(3);
    expect(t.issues.map((i) => [i.row, i.line, i.code])).toEqual([[1, 2, 'ragged_row'], [2, 4, 'ragged_row']]);
    expect(t.columns).toEqual([['1', '3', '6'], ['', '4', '7']]);
  });
  it('parseCsv reports bad quoting: stray characters after a closing quote, a quote inside a bare field, a quote never closed', () => {
    const t = parseCsv('a,b\n"q"z,1\na"b,2\nok,3\n"open,4\n5,6\n');
    expect(t.issues.map((i) => [i.row, i.line, i.code])).toEqual([[1, 2, 'bad_quoting'], [2, 3, 'bad_quoting'], [4, 5, 'bad_quoting']]);
    expect(t.issues[2]!.message).toContain('never properly closed');
    expect(t.columns[0]![2]).toBe('ok');
    // the unclosed quote rejects its own record only: reading resumes on the next line (issue 20)
    expect(t.rows).toBe(5);
    expect(t.columns[0]![4]).toBe('5');
    expect(t.issues[2]!.skippedLines).toBe(0);
  });
  it('parseCsv reports an empty text (or only a byte-order mark) as empty_file, and a header alone as zero rows', () => {
    expect(parseCsv('').issues[0]!.code).toBe('empty_file');
    expect(parseCsv('\uFEFF\n\n').issues[0]!.code).toBe('empty_file');
    const h = parseCsv('a,b\n');
    expect([h.rows, h.issues.length, h.header]).toEqual([0, 0, ['a', 'b']]);
  });
  it('parseCsv skips blank and white-space-only lines and reads a trailing empty field', () => {
    const t = parseCsv('a,b\n\n1,\n   \n2,x');
    expect(t.columns).toEqual([['1', '2'], ['', 'x']]);
    expect(t.issues).toEqual([]);
  });
  it('parseCsv takes another delimiter', () => {
    expect(parseCsv('a;b\n1;"2;3"', { delimiter: ';' }).columns).toEqual([['1'], ['2;3']]);
  });
  const cellChars = fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', 'é', '1');
  const cell = fc.string({ unit: cellChars, maxLength: 6 });
  test.prop([
    fc.integer({ min: 2, max: 5 }).chain((ncol) => fc.tuple(fc.constant(ncol), fc.array(fc.array(cell, { minLength: ncol, maxLength: ncol }), { maxLength: 20 }))),
    fc.constantFrom('\n', '\r\n'), fc.boolean(),
  ])('round-trips any table written by an RFC 4180 writer (LF or CRLF, with or without BOM)', ([ncol, rows], eol, bom) => {
    const header = Array.from({ length: ncol }, (_, c) => `c${c}`);
    const t = parseCsv((bom ? '\uFEFF' : '') + writeCsv(header, rows, eol));
    expect(t.issues).toEqual([]);
    expect(t.header).toEqual(header);
    expect(t.rows).toBe(rows.length);
    for (let c = 0; c < ncol; c++) expect(t.columns[c]).toEqual(rows.map((r) => r[c]));
  });
  test.prop([fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' '), maxLength: 60 })])('never throws on arbitrary text and pads every column to the row count', (s) => {
    const t = parseCsv(s);
    for (const col of t.columns) expect(col.length).toBe(t.rows);
    for (const i of t.issues) expect(i.row).toBeLessThanOrEqual(t.rows);
  });
});
