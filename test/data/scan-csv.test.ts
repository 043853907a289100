import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { asciiBytes, scanCsv, type CsvScan } from '../../src/data/scan-csv.js';

/** The text of cell (c, r), or of its slice when it has an override. */
const cellAt = (s: CsvScan, c: number, r: number) => s.text.slice(s.rowStart[r]! + s.starts[c]![r]!, s.rowStart[r]! + s.ends[c]![r]!);

/** Everything a scan says, with the override maps as sorted entries (for toEqual). */
function describeScan(s: CsvScan) {
  return {
    header: s.header,
    rows: s.rows,
    starts: s.starts.map((a) => Array.from(a, (x, r) => s.rowStart[r]! + x)),
    ends: s.ends.map((a) => Array.from(a, (x, r) => s.rowStart[r]! + x)),
    overrides: s.overrides.map((m) => (m === undefined ? [] : [...m.entries()].sort((a, b) => a[0] - b[0]))),
    issues: s.issues,
  };
}

// Lines mostly plain (what the indexOf path takes) with quotes, stray CRs, padding, blank and
// white-space-only lines, ragged rows and a trailing separator mixed in.
const cell = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom('a', 'B', '1', '-', ' ', 'é'), maxLength: 5 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '\t'), maxLength: 5 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', ',', '""', '\n', '\r\n'), maxLength: 4 }).map((s) => `"${s}"`) },
);
const line = fc.oneof(
  { weight: 8, arbitrary: fc.array(cell, { minLength: 1, maxLength: 5 }).map((cells) => cells.join(',')) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t ', ',', 'a,') },
);
const eol = fc.constantFrom('\n', '\n', '\r\n', '\r');
const csvText = fc.tuple(fc.array(fc.tuple(line, eol), { minLength: 1, maxLength: 25 }), fc.boolean(), fc.boolean()).map(([lines, bom, lastEol]) => {
  const text = lines.map(([l, e]) => l + e).join('');
  return (bom ? '\uFEFF' : '') + (lastEol ? text : text.replace(/(\r\n|\n|\r)$/, ''));
});

describe('scanCsv', () => {
  it('scanCsv splits plain records with indexOf and gives the same offsets as the character path', () => {
    const text = 'a,b,c\r\n1,22,333\r\n4,,6\n';
    const s = scanCsv(text, ',');
    expect(describeScan(s)).toEqual(describeScan(scanCsv(text, ',', false)));
    expect([s.rows, cellAt(s, 1, 0), s.ends[1]![1]! - s.starts[1]![1]!, cellAt(s, 2, 1)]).toEqual([2, '22', 0, '6']);
  });
  it('scanCsv hands a record with a quote, a lone CR or the wrong number of fields to the character path', () => {
    const text = 'a,b\n1,"x,y"\n2\r3,4\n5,6,7\n8,9';
    const s = scanCsv(text, ',');
    expect(describeScan(s)).toEqual(describeScan(scanCsv(text, ',', false)));
    expect(s.rows).toBe(5);
    expect(s.issues.map((i) => [i.row, i.line, i.code])).toEqual([[2, 3, 'ragged_row'], [4, 5, 'ragged_row']]);
  });
  test.prop([csvText])('scanCsv gives the same scan with and without the indexOf path (quotes, CR, LF, CRLF, ragged, blank lines)', (text) => {
    expect(describeScan(scanCsv(text, ','))).toEqual(describeScan(scanCsv(text, ',', false)));
  });
  test.prop([csvText])('scanCsv gives the same scan with and without the indexOf path for another delimiter', (text) => {
    const semi = text.replace(/,/g, ';');
    expect(describeScan(scanCsv(semi, ';'))).toEqual(describeScan(scanCsv(semi, ';', false)));
  });
  test.prop([fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' '), maxLength: 60 })])('scanCsv gives the same scan with and without the indexOf path on arbitrary text', (text) => {
    expect(describeScan(scanCsv(text, ','))).toEqual(describeScan(scanCsv(text, ',', false)));
  });
  it('asciiBytes(text) gives the character codes of an ASCII text and undefined for any other', () => {
    expect(Array.from(asciiBytes('a,b\r\n"1"\t~\x7f')!)).toEqual([97, 44, 98, 13, 10, 34, 49, 34, 9, 126, 127]);
    expect([asciiBytes('caf\u00e9'), asciiBytes('\uFEFFa'), asciiBytes('\u0080'), asciiBytes('\ud800')]).toEqual([undefined, undefined, undefined, undefined]);
    expect(asciiBytes('')!.length).toBe(0);
  });
  it('scanCsv splits plain records from ASCII bytes, handing a quote, a lone CR or a wrong field count to the character path', () => {
    const text = 'a,b\n1,"x,y"\n2\r3,4\n5,6,7\n8,9\r\n\n10,11\r';
    const s = scanCsv(text, ',', true, asciiBytes(text));
    expect(describeScan(s)).toEqual(describeScan(scanCsv(text, ',', false)));
    expect(s.bytes).toBeDefined();
    expect([s.rows, cellAt(s, 1, 4), cellAt(s, 1, 5)]).toEqual([6, '9', '11']);
  });
  // the same hostile lines with every non-ASCII character made ASCII (and so no BOM)
  const asciiText = csvText.map((t) => t.replace(/[^\x00-\x7f]/g, 'e'));
  test.prop([asciiText])('scanCsv gives the same scan from ASCII bytes as the character path (quotes, CR, LF, CRLF, ragged, blank lines)', (text) => {
    expect(describeScan(scanCsv(text, ',', true, asciiBytes(text)))).toEqual(describeScan(scanCsv(text, ',', false)));
  });
  test.prop([asciiText, fc.constantFrom(';', '\t', '|', ' ', 'a')])('scanCsv gives the same scan from ASCII bytes as the character path for another delimiter', (text, d) => {
    const other = text.replace(/,/g, d);
    expect(describeScan(scanCsv(other, d, true, asciiBytes(other)))).toEqual(describeScan(scanCsv(other, d, false)));
  });
  test.prop([fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' '), maxLength: 60 })])('scanCsv gives the same scan from ASCII bytes as the character path on arbitrary text', (text) => {
    expect(describeScan(scanCsv(text, ',', true, asciiBytes(text)))).toEqual(describeScan(scanCsv(text, ',', false)));
  });
  test.prop([fc.array(fc.tuple(fc.nat(300), fc.nat(70000), fc.boolean()), { minLength: 1, maxLength: 6 }), fc.boolean()], { numRuns: 15 })(
    'scanCsv widens its offsets from bytes to 16 and 32 bits for records longer than 255 and 65,535 characters, in every path', (cells, ascii) => {
      // records of short cells with a long cell, plain or quoted, anywhere among them
      const text = `a,b,c\n${cells.map(([k, long, q]) => {
        const big = 'x'.repeat(long % 3 === 0 ? long : long % 400);
        return [`${k}`, q ? `"${big}"` : big, 'z'].join(',');
      }).join('\n')}\n`;
      const s = scanCsv(text, ',', true, ascii ? asciiBytes(text) : undefined);
      expect(describeScan(s)).toEqual(describeScan(scanCsv(text, ',', false)));
      cells.forEach(([k, long], r) => {
        expect([cellAt(s, 0, r), cellAt(s, 1, r).length, cellAt(s, 2, r)]).toEqual([`${k}`, long % 3 === 0 ? long : long % 400, 'z']);
      });
      const longest = Math.max(...text.split('\n').map((l) => l.length));
      expect(s.starts[0]).toBeInstanceOf(longest > 65535 ? Uint32Array : longest > 255 ? Uint16Array : Uint8Array);
    });
  it('scanCsv keeps earlier rows when a record past 65,535 characters widens its offsets to 32 bits', () => {
    const long = 'y'.repeat(70000);
    const text = `a,b\n1,short\n2,${'x'.repeat(300)}\n3,"${long}"\n4,${long}\n5,end\n`;
    for (const bytes of [undefined, asciiBytes(text)]) {
      const s = scanCsv(text, ',', true, bytes);
      expect(s.starts[1]).toBeInstanceOf(Uint32Array);
      expect([0, 1, 2, 3, 4].map((r) => [cellAt(s, 0, r), cellAt(s, 1, r).length])).toEqual([['1', 5], ['2', 300], ['3', 70000], ['4', 70000], ['5', 3]]);
    }
  });
});
