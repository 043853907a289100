import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { isRiskStratifyError } from '../../src/core/errors.js';
import { toCSV } from '../../src/report/index.js';
import { deepFreeze } from './svg-helpers.js';

/** An independent RFC 4180 parser (quoted fields, doubled quotes, CRLF records). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(cell); cell = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    cell += c; i++;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

describe('toCSV', () => {
  it.each([
    ['=', '=SUM(A1:A9)'],
    ['+', '+44 20 7946 0000'],
    ['-', '-2+3'],
    ['@', '@SUM(A1)'],
    ['tab', '\t=1+1'],
    ['carriage return', '\r=1+1'],
  ])('a string cell starting with %s is prefixed with a single quote and quoted', (_name, value) => {
    const { csv } = toCSV([{ v: value }]);
    const line = csv.split('\r\n')[1]!;
    expect(line.startsWith(`"'`)).toBe(true);
    expect(parseCsv(csv)[1]).toEqual([`'${value}`]);
  });

  it('the documented example: neutralised formula, negative number kept as a number, opted-out row dropped', () => {
    const rows = deepFreeze([{ id: 'a', name: '=1+1', score: -0.5 }, { id: 'b', name: 'Ann, "Jo"', score: 0.25 }]);
    expect(toCSV(rows, { optedOut: new Set(['b']) })).toEqual({ csv: "id,name,score\r\na,\"'=1+1\",-0.5\r\n", rows: 1, optedOutDropped: 1, excludedDropped: 0 });
  });

  it('numbers are written as numbers even when negative; the same value as a string is neutralised (the trade-off)', () => {
    const { csv } = toCSV([{ n: -3, s: '-3' }]);
    expect(csv).toBe("n,s\r\n-3,\"'-3\"\r\n");
  });

  it('RFC 4180: commas, quotes, CR and LF are quoted and quotes doubled; CRLF line endings', () => {
    const { csv } = toCSV([{ a: 'x,y', b: 'say "hi"', c: 'line1\nline2', d: 'plain' }]);
    expect(csv).toBe('a,b,c,d\r\n"x,y","say ""hi""","line1\nline2",plain\r\n');
  });

  it('null, undefined and non-finite numbers are empty; booleans, bigints and dates are written plainly', () => {
    const { csv } = toCSV([{ a: null, b: undefined, c: NaN, d: true, e: 12n, f: new Date(Date.UTC(2025, 3, 1)) }]);
    expect(csv.split('\r\n')[1]).toBe(',,,true,12,2025-04-01T00:00:00.000Z');
  });

  it('columns choose and order the keys and may rename headers; headers are neutralised too', () => {
    const { csv } = toCSV([{ id: 1, score: 0.3, secret: 'x' }], { columns: ['score', { key: 'id', header: '=id' }] });
    expect(csv).toBe("score,\"'=id\"\r\n0.3,1\r\n");
  });

  it('reads the optedOut flag as the loader does: T, t, " yes", "yes " are yes; a value it cannot read is dropped too', () => {
    const rows = [{ id: 1, optedOut: 'T' }, { id: 2, optedOut: 't' }, { id: 3, optedOut: ' yes' }, { id: 4, optedOut: 'yes ' }, { id: 5, optedOut: 'maybe' }, { id: 6, optedOut: 'N' }, { id: 7, optedOut: '' }];
    const r = toCSV(rows);
    expect(r).toMatchObject({ rows: 2, optedOutDropped: 5 });
    expect(r.csv).toBe('id,optedOut\r\n6,N\r\n7,\r\n');
  });

  it('never writes an opted-out person: by id set (array or Set, numbers or strings), by the optedOut flag, and reports counts', () => {
    const rows = [
      { id: 1, optedOut: 0 }, { id: 2, optedOut: 1 }, { id: 3, optedOut: 'Y' }, { id: 4, optedOut: false }, { id: 5 }, { id: 6, optedOut: true },
    ];
    const r = toCSV(rows, { optedOut: ['5'], exclude: (row) => row['id'] === 4 });
    expect(parseCsv(r.csv).slice(1).map((x) => x[0])).toEqual(['1']);
    expect(r).toMatchObject({ rows: 1, optedOutDropped: 4, excludedDropped: 1 });
  });

  it('throws when an opted-out list is given but a row has no id to check', () => {
    try {
      toCSV([{ id: 'a' }, { name: 'no id' }], { optedOut: new Set(['x']) });
      expect.unreachable();
    } catch (e) {
      expect(isRiskStratifyError(e) && e.code === 'invalid_input' && e.path.join('.') === 'rows.1.id').toBe(true);
    }
  });

  it('refuses bad options and non-array rows', () => {
    expect(() => toCSV([], { optedOut: 'abc' as unknown as string[] })).toThrow(/toCSV.*options\.optedOut/);
    expect(() => toCSV('x' as unknown as [])).toThrow(/toCSV: rows must be an array/);
  });

  test.prop([fc.array(fc.record({ id: fc.integer({ min: 0, max: 50 }), text: fc.string(), value: fc.double({ noNaN: true, noDefaultInfinity: true }) }), { maxLength: 30 }),
    fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { maxLength: 20 })])(
    'round trip: parsing the CSV gives back every kept row (strings unneutralised by dropping the added quote) and no opted-out id',
    (rows, out) => {
      const frozen = deepFreeze(structuredClone(rows));
      const r = toCSV(frozen, { optedOut: new Set(out), lineEnding: '\r\n' });
      const kept = rows.filter((x) => !out.includes(x.id));
      expect(r.rows).toBe(kept.length);
      expect(r.optedOutDropped).toBe(rows.length - kept.length);
      const parsed = parseCsv(r.csv);
      if (rows.length === 0) { expect(parsed).toEqual([]); return; }
      expect(parsed[0]).toEqual(['id', 'text', 'value']);
      const body = parsed.slice(1);
      expect(body).toHaveLength(kept.length);
      body.forEach((cells, i) => {
        const k = kept[i]!;
        expect(Number(cells[0])).toBe(k.id);
        expect(out).not.toContain(Number(cells[0]));
        const dangerous = /^[=+\-@\t\r]/.test(k.text);
        expect(cells[1]).toBe(dangerous ? `'${k.text}` : k.text);
        expect(Number(cells[2])).toBe(k.value === 0 ? 0 : k.value); // -0 is written as 0
      });
    },
  );
});
