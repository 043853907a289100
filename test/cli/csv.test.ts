import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/cli/csv.js';

describe('writeCsv (interim safe CSV writer)', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    const text = writeCsv([{ a: '=SUM(A1)', b: '+1', c: '-2', d: '@x', e: '\tx', f: '\rx' }]);
    const cells = text.split('\n')[1]!;
    expect(cells).toBe(`'=SUM(A1),'+1,'-2,'@x,'\tx,"'\rx"`);
  });
  it('keeps negative numbers as numbers and quotes commas, quotes and newlines (RFC 4180)', () => {
    expect(writeCsv([{ n: -3, s: 'a,b', q: 'say "hi"', nl: 'x\ny' }])).toBe('n,s,q,nl\n-3,"a,b","say ""hi""","x\ny"\n');
  });
  it('writes missing and non-finite values as empty cells', () => {
    expect(writeCsv([{ a: undefined, b: null, c: Number.NaN }], ['a', 'b', 'c'])).toBe('a,b,c\n,,\n');
  });
});

describe('suppressCounts (interim disclosure control)', () => {
  it('suppresses 1-7, rounds the rest to 5 (halves up), keeps 0, and blanks derived columns with their count', async () => {
    const { suppressCounts } = await import('../../src/cli/suppress.js');
    const rows = [{ n: 0, rate: 0 }, { n: 3, rate: 0.3 }, { n: 7, rate: 0.7 }, { n: 8, rate: 0.8 }, { n: 12, rate: 1.2 }, { n: 13, rate: 1.3 }, { n: 12.5, rate: 1 }];
    const out = suppressCounts(rows, ['n'], { threshold: 7, roundTo: 5 }, { rate: 'n' });
    expect(out.map((r) => r['n'])).toEqual([0, '*', '*', 10, 10, 15, 15]);
    expect(out.map((r) => r['rate'])).toEqual([0, '*', '*', 0.8, 1.2, 1.3, 1]);
    expect(rows[1]).toEqual({ n: 3, rate: 0.3 }); // input untouched
  });
});
