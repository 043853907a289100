import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { asciiBytes, scanCsv, type CsvScan } from '../../src/data/scan-csv.js';

/** Everything a scan says, with the override maps as sorted entries (for toEqual). */
function describeScan(s: CsvScan) {
  return {
    header: s.header,
    rows: s.rows,
    starts: s.starts.map((a) => Array.from(a)),
    ends: s.ends.map((a) => Array.from(a)),
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
    expect([s.rows, text.slice(s.starts[1]![0]!, s.ends[1]![0]!), s.ends[1]![1]! - s.starts[1]![1]!, text.slice(s.starts[2]![1]!, s.ends[2]![1]!)]).toEqual([2, '22', 0, '6']);
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
    expect([s.rows, text.slice(s.starts[1]![4]!, s.ends[1]![4]!), text.slice(s.starts[1]![5]!, s.ends[1]![5]!)]).toEqual([6, '9', '11']);
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
});
