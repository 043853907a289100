import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { dayAtBytes } from '../../src/data/day-at-bytes.js';
import { dayAt, NOT_FAST } from '../../src/schema/parse-day-value.js';
import { dayFromCivil } from '../../src/core/dates.js';

const bytesOf = (s: string) => new TextEncoder().encode(s);

describe('dayAtBytes', () => {
  it('dayAtBytes reads yyyy-mm-dd and dd/mm/yyyy in place: 1970-01-02 is day 1, 2000-02-29 is day 11016', () => {
    // 2000-02-29: 30 years of 365 days plus 7 leap days (1972..1996) plus 31 + 28 days into 2000
    expect(dayAtBytes(bytesOf('xx1970-01-02'), 2)).toBe(1);
    expect(dayAtBytes(bytesOf('02/01/1970'), 0)).toBe(1);
    expect(dayAtBytes(bytesOf('2000-02-29'), 0)).toBe(30 * 365 + 7 + 31 + 28);
  });
  it('dayAtBytes gives NaN for an impossible date and NOT_FAST for neither form', () => {
    expect([dayAtBytes(bytesOf('2023-02-29'), 0), dayAtBytes(bytesOf('1900-02-29'), 0), dayAtBytes(bytesOf('31/04/1990'), 0), dayAtBytes(bytesOf('1950-00-10'), 0), dayAtBytes(bytesOf('1950-1a-10'), 0)])
      .toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    expect([dayAtBytes(bytesOf('1950/02/01'), 0), dayAtBytes(bytesOf('19500201xx'), 0)]).toEqual([NOT_FAST, NOT_FAST]);
  });
  // 10 characters drawn so that both forms, near misses and impossible dates all occur
  const tenChars = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.boolean())
      .map(([y, m, d, iso]) => {
        const p2 = (x: number) => String(x).padStart(2, '0');
        return iso ? `${String(y).padStart(4, '0')}-${p2(m)}-${p2(d)}` : `${p2(d)}/${p2(m)}/${String(y).padStart(4, '0')}`;
      }),
    fc.string({ unit: fc.constantFrom('0', '1', '2', '9', '-', '/', ' ', 'x', ':', '+'), minLength: 10, maxLength: 10 }),
  );
  test.prop([tenChars, fc.nat(3)])('dayAtBytes(bytes, s) is dayAt(text, s) for any 10 ASCII characters', (cell, pad) => {
    const text = ' '.repeat(pad) + cell;
    expect(Object.is(dayAtBytes(bytesOf(text), pad), dayAt(text, pad)) || dayAtBytes(bytesOf(text), pad) === dayAt(text, pad)).toBe(true);
  });
  it('dayAtBytes gives core dayFromCivil for every day of the years around 0, 1900, 2000 and 9999 (leap rules at their edges)', () => {
    const p = (x: number, w: number) => String(x).padStart(w, '0');
    for (const years of [[0, 4], [1896, 1905], [1999, 2001], [9996, 9999]]) {
      for (let y = years[0]!; y <= years[1]!; y++) {
        for (let m = 1; m <= 12; m++) {
          for (let d = 1; d <= 31; d++) {
            const ok = new Date(Date.UTC(2000, m - 1, d)).getUTCMonth() === m - 1 && !(m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));
            const want = ok ? dayFromCivil(y, m, d) : Number.NaN;
            expect(dayAtBytes(bytesOf(`${p(y, 4)}-${p(m, 2)}-${p(d, 2)}`), 0)).toBe(want);
            expect(dayAtBytes(bytesOf(`${p(d, 2)}/${p(m, 2)}/${p(y, 4)}`), 0)).toBe(want);
          }
        }
      }
    }
  });
});
