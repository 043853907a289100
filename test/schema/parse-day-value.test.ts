import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { parseDayValue } from '../../src/schema/parse-day-value.js';
import { parseDate } from '../../src/core/dates.js';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('parseDayValue', () => {
  it('parseDayValue reads ISO and dd/mm/yyyy to the same day number as core parseDate', () => {
    expect(parseDayValue('1970-01-02')).toBe(1);
    expect(parseDayValue('02/01/1970')).toBe(1);
    expect(parseDayValue('2024-02-29')).toBe(parseDate('2024-02-29'));
    expect(parseDayValue('2023-02-29')).toBeNaN();
    expect(parseDayValue('31/04/2020')).toBeNaN();
    expect(parseDayValue('2020-13-01')).toBeNaN();
    expect(parseDayValue('2020-1a-01')).toBeNaN();
    expect(parseDayValue('2022-07-20T07:13:55Z')).toBe(parseDate('2022-07-20'));
    expect(parseDayValue('1/2/1970')).toBe(31); // 1 February 1970: 31 days after 1 January
    expect(parseDayValue('yesterday')).toBeNaN();
  });
  it('parseDayValue takes the UTC day of a Date (as arquero parses CSV dates) and integer day numbers', () => {
    expect(parseDayValue(new Date(Date.UTC(1970, 0, 3)))).toBe(2);
    expect(parseDayValue(new Date('x'))).toBeNaN();
    expect(parseDayValue(19000)).toBe(19000);
    expect(parseDayValue(1.5)).toBeNaN();
    expect(parseDayValue(true)).toBeNaN();
  });
  test.prop([fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 33 }), fc.boolean()])(
    'agrees with core parseDate on every 10-character ISO or UK string, valid or not', (y, m, d, uk) => {
      const s = uk ? `${pad(d, 2)}/${pad(m, 2)}/${pad(y, 4)}` : `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
      expect(parseDayValue(s)).toBe(parseDate(s) ?? Number.NaN);
    });
  test.prop([fc.string({ minLength: 10, maxLength: 10 })])('agrees with core parseDate on arbitrary 10-character strings', (s) => {
    expect(parseDayValue(s)).toBe(parseDate(s) ?? Number.NaN);
  });
});
