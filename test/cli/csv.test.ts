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
