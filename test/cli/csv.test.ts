import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/cli/csv.js';
import { suppressCounts } from '../../src/cli/suppress.js';

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

describe('suppressCounts (the compare stage suppressSmallNumbers with the config rule)', () => {
  it('suppresses 1-7, rounds the rest to 5 (halves up), keeps 0, and blanks derived columns with their count', () => {
    const rows = [{ n: 0, rate: 0 }, { n: 3, rate: 0.3 }, { n: 7, rate: 0.7 }, { n: 8, rate: 0.8 }, { n: 12, rate: 1.2 }, { n: 13, rate: 1.3 }];
    const out = suppressCounts(rows, ['n'], { threshold: 7, roundTo: 5 }, { rate: 'n' });
    expect(out.map((r) => r['n'])).toEqual([0, '*', '*', 10, 10, 15]);
    expect(out.map((r) => r['rate'])).toEqual([0, '*', '*', 0.8, 1.2, 1.3]);
    expect(rows[1]).toEqual({ n: 3, rate: 0.3 }); // input untouched
  });
});
