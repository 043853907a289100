import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { csvColumn, LOOKUP_ABSENT, LOOKUP_BLANK, NOT_PLAIN, type RangeLookup } from '../../src/data/column.js';
import { concatColumns } from '../../src/data/concat-columns.js';
import { IdIndex } from '../../src/data/id-index.js';
import { parseDecimal } from '../../src/schema/parse-decimal.js';
import { asciiBytes, scanCsv } from '../../src/data/scan-csv.js';

/** An IdIndex of `ids` (value: position) as the loader's patients index is. */
function indexOf(ids: readonly string[]): RangeLookup {
  const index = new IdIndex(ids.length);
  ids.forEach((id, i) => index.setValue(index.entry(id), i));
  return index;
}

/** CSV text of one column `v` holding `cells` (quoted when they need it). */
function csvOf(cells: readonly string[]): string {
  return `v\n${cells.map((c) => (/[",\n\r]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join('\n')}\n`;
}

describe('csvColumn lookup() and decimal()', () => {
  it('lookup(index) gives each row its id\'s value, LOOKUP_BLANK for a blank cell and LOOKUP_ABSENT for an id not in the index', () => {
    const text = 'id\nP1\nP1\n P2 \n\n"P1"\nX9\nP1X\n';
    const index = indexOf(['P1', 'P2']);
    for (const bytes of [undefined, asciiBytes(text)]) {
      const scan = scanCsv(text, ',', true, bytes);
      // the blank line is skipped by the scanner; "" is a blank cell
      expect(Array.from(csvColumn(scan, 0).lookup!(index))).toEqual([0, 0, 1, 0, LOOKUP_ABSENT, LOOKUP_ABSENT]);
    }
    expect(Array.from(csvColumn(scanCsv('id,x\n,1\n  ,2\n', ','), 0).lookup!(index))).toEqual([LOOKUP_BLANK, LOOKUP_BLANK]);
  });

  test.prop([
    fc.array(fc.string({ unit: fc.constantFrom('P', '1', '2', ' ', '"', 'é', 'x'), maxLength: 5 }), { minLength: 1, maxLength: 60 }),
    fc.array(fc.string({ unit: fc.constantFrom('P', '1', '2', 'é'), minLength: 1, maxLength: 4 }), { maxLength: 10 }),
    fc.integer({ min: 1, max: 4 }),
  ])('lookup(index) agrees with text(r) looked up one row at a time (padding, quotes, runs of one id, non-ASCII, parts of a file)', (cells, ids, parts) => {
    const index = indexOf([...new Set(ids)]);
    const text = csvOf(cells);
    const expected = (col: ReturnType<typeof csvColumn>) => Array.from({ length: col.length }, (_, r) => {
      const t = col.text(r);
      return t === '' ? LOOKUP_BLANK : index.get(t) ?? LOOKUP_ABSENT;
    });
    for (const bytes of [undefined, asciiBytes(text)]) {
      const col = csvColumn(scanCsv(text, ',', true, bytes), 0);
      expect(Array.from(col.lookup!(index))).toEqual(expected(col));
    }
    // a file read in parts: the parts' lookups joined
    const size = Math.ceil(cells.length / parts);
    const pieces = Array.from({ length: parts }, (_, p) => cells.slice(p * size, (p + 1) * size)).filter((p) => p.length > 0);
    const joined = concatColumns(pieces.map((p) => csvColumn(scanCsv(csvOf(p), ','), 0)));
    expect(Array.from(joined.lookup!(index))).toEqual(expected(joined));
  });

  it('decimal(r) reads a plain decimal in place (a quoted one too) and gives NOT_PLAIN for every other cell', () => {
    const text = 'x\n0\n007\n1500.00\n0.1\n123456789012345\n1234567890123456\n-1\n1.\n.5\n 2\n1e3\n\n"3"\n';
    const col = csvColumn(scanCsv(text, ',', true, asciiBytes(text)), 0);
    expect(Array.from({ length: col.length }, (_, r) => col.decimal!(r))).toEqual([
      // (the blank line is no row)
      0, 7, 1500, 0.1, 123456789012345, NOT_PLAIN, NOT_PLAIN, NOT_PLAIN, NOT_PLAIN, NOT_PLAIN, NOT_PLAIN, 3,
    ]);
  });

  test.prop([fc.array(fc.tuple(fc.stringMatching(/^[0-9]{1,12}$/), fc.option(fc.stringMatching(/^[0-9]{1,8}$/))), { minLength: 1, maxLength: 50 })])(
    'decimal(r), where it reads a cell, gives exactly parseDecimal of its text (one correctly rounded division)', (nums) => {
      const cells = nums.map(([a, b]) => (b === null ? a : `${a}.${b}`));
      const text = csvOf(cells);
      for (const bytes of [undefined, asciiBytes(text)]) {
        const col = csvColumn(scanCsv(text, ',', true, bytes), 0);
        for (let r = 0; r < col.length; r++) {
          const x = col.decimal!(r);
          const digits = cells[r]!.replace('.', '').length;
          if (digits <= 15) expect(x).toBe(parseDecimal(cells[r]!));
          else expect(x).toBe(NOT_PLAIN);
        }
      }
    });
});
