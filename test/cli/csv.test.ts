import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/cli/csv.js';
import { publishTable } from '../../src/cli/suppress.js';

describe('writeCsv (through the report stage toCSV)', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    const cells = writeCsv([{ a: '=SUM(A1)', b: '+1', c: '-2', d: '@x' }]).split('\r\n')[1]!;
    for (const v of ['=SUM(A1)', '+1', '-2', '@x']) expect(cells).toContain(`'${v}`);
  });
  it('keeps negative numbers as numbers and quotes commas and quotes (RFC 4180, CRLF)', () => {
    expect(writeCsv([{ n: -3, s: 'a,b', q: 'say "hi"' }])).toBe('n,s,q\r\n-3,"a,b","say ""hi"""\r\n');
  });
  it('drops rows of opted-out people when given their ids', () => {
    expect(writeCsv([{ id: 'a', x: 1 }, { id: 'b', x: 2 }], ['id', 'x'], new Set(['a']))).toBe('id,x\r\nb,2\r\n');
  });
});

describe('publishTable (the compare stage suppressSmallNumbers with the config rule, secondary suppression always on)', () => {
  it('suppresses 1-7, rounds the rest to 5 (halves up), keeps 0, protects a lone suppressed cell along its line, and derives rates from published counts', () => {
    const rows = [{ n: 0, d: 100 }, { n: 3, d: 100 }, { n: 8, d: 100 }, { n: 12, d: 100 }, { n: 13, d: 100 }, { n: 40, d: 102 }];
    const out = publishTable(rows, { threshold: 7, roundTo: 5 }, { columns: ['n', 'd'], totals: 'column', derived: { rate: { from: 'n', over: 'd', per: 100, kind: 'percent' } } });
    // n: 3 is small; 8, the next smallest positive, is suppressed with it (the column adds up to a total)
    expect(out.rows.map((r) => r['n'])).toEqual([0, '*', '*', 10, 15, 40]);
    expect(out.rows.map((r) => r['rate'])).toEqual([0, '*', '*', 10, 15, 40]);
    expect(out.note.kinds).toMatchObject({ n: 'count', d: 'count', rate: 'percent' });
    expect(rows[1]).toEqual({ n: 3, d: 100 }); // input untouched
  });
});
